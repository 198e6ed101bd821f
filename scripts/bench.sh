#!/bin/sh
# Runs the HTTP benchmark against a fresh server on the embedded PostgreSQL (temporary data dir),
# or against BENCH_URL if set (several, comma-separated, for the team model over replicas).
# Arguments go to Bench: scenarios (e.g. --clients 32 --seconds 10 read init), or the team load model
# (team --agents N --projects P --minutes M; see src/bench/java/io/beadhub/bench/Team.java).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/find-jdk.sh"
classes=$(mktemp -d)
"$JAVA_HOME/bin/javac" -nowarn -d "$classes" --release 21 "$here"/src/bench/java/io/beadhub/bench/*.java
if [ -n "${BENCH_URL:-}" ]; then
  status=0
  "$JAVA_HOME/bin/java" -cp "$classes" io.beadhub.bench.Bench --url "$BENCH_URL" "$@" || status=$?
  rm -rf "$classes"
  exit $status
fi
data=$(mktemp -d)
port=${BENCH_PORT:-18080}
BEADHUB_DATA_DIR=$data BEADHUB_PORT=$port BEADHUB_HOST=127.0.0.1 BEADHUB_LOG_LEVEL=warning \
  BEADHUB_INIT_RATE_LIMIT=100000000 "$here/beadhub" serve > "$data/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true; rm -rf "$data" "$classes"' EXIT INT TERM
for _ in $(seq 1 240); do
  curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  sleep 0.5
done
"$JAVA_HOME/bin/java" -cp "$classes" io.beadhub.bench.Bench --url "http://127.0.0.1:$port" "$@"
