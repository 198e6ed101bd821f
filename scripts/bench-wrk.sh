#!/bin/sh
# Issue 22's throughput figures with wrk (Debian's `wrk`, a C load generator that takes less of the shared
# CPU than the Java client): GET /v1/status (20 agents with presence), mail send, inbox (50 mails), lock
# acquire (a new file each request); 32 connections, 2 threads. Each path gets a 4 s warm-up, then
# BENCH_RUNS measured runs of 8 s (default 2). Starts a fresh server on the embedded PostgreSQL, from
# BENCH_JAR if set (side-by-side runs of two builds), else through ./beadhub.
#   scripts/bench-wrk.sh
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/find-jdk.sh"
command -v wrk >/dev/null || { echo "bench-wrk: needs wrk (apt-get install wrk)" >&2; exit 1; }
port=${BENCH_PORT:-18300}
url=http://127.0.0.1:$port
runs=${BENCH_RUNS:-2}
data=$(mktemp -d)
if [ -n "${BENCH_JAR:-}" ]; then
  set -- "$JAVA_HOME/bin/java" -XX:+UseG1GC -Xss512k -Xms1g --enable-native-access=ALL-UNNAMED -jar "$BENCH_JAR" serve
else
  set -- "$here/beadhub" serve
fi
BEADHUB_DATA_DIR=$data BEADHUB_PORT=$port BEADHUB_HOST=127.0.0.1 BEADHUB_LOG_LEVEL=warning \
  BEADHUB_INIT_RATE_LIMIT=100000000 "$@" > "$data/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true; rm -rf "$data"' EXIT INT TERM
for _ in $(seq 1 240); do
  curl -sf "$url/health" >/dev/null 2>&1 && break
  sleep 0.5
done

json() { sed "s/.*\"$1\":\"\([^\"]*\)\".*/\1/"; }
# init <project> <alias>: the agent's init answer
init() {
  curl -sf -X POST "$url/v1/init" -H 'Content-Type: application/json' -d "{\"project_slug\":\"$1\",\"alias\":\"$2\",\
\"human_name\":\"$2\",\"repo_origin\":\"git@github.com:bench/$1.git\",\"hostname\":\"host-$2\"}"
}
for i in $(seq 1 20); do
  r=$(init wrk-status "agent-$i")
  status_key=$(echo "$r" | json api_key)
  ws=$(echo "$r" | json workspace_id)
  curl -sf -o /dev/null -X POST "$url/v1/agents/register" -H "Authorization: Bearer $status_key" \
    -H 'Content-Type: application/json' -d "{\"workspace_id\":\"$ws\",\"alias\":\"agent-$i\",\"program\":\"bench\",\
\"current_branch\":\"main\",\"timezone\":\"UTC\"}"
done
sender=$(init wrk-mail sender | json api_key)
rcpt=$(init wrk-mail rcpt | json api_key)
locker=$(init wrk-lock locker | json api_key)
for _ in $(seq 1 50); do
  curl -sf -o /dev/null -X POST "$url/v1/messages" -H "Authorization: Bearer $sender" \
    -H 'Content-Type: application/json' -d '{"to_alias":"rcpt","subject":"bench","body":"hello"}'
done
cat > "$data/mail.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"to_alias":"rcpt","subject":"bench","body":"hello"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $sender"
LUA
# every request a file no one holds: the thread's number, the run's start and a counter
cat > "$data/lock.lua" <<LUA
local n = 0
local threads = 0
local start = os.time()
function setup(thread) threads = threads + 1; thread:set("id", threads) end
function request()
  n = n + 1
  return wrk.format("POST", "/v1/reservations",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer $locker"},
    '{"resource_key":"src/f' .. start .. '-' .. id .. '-' .. n .. '.java","ttl_seconds":60}')
end
LUA

measure() {
  name=$1
  shift
  wrk -t2 -c32 -d4s "$@" > /dev/null
  for _ in $(seq 1 "$runs"); do
    out=$(wrk -t2 -c32 -d8s --latency "$@")
    rps=$(echo "$out" | sed -n 's/^Requests\/sec: *//p')
    p50=$(echo "$out" | sed -n 's/^ *50% *//p')
    p99=$(echo "$out" | sed -n 's/^ *99% *//p')
    bad=$(echo "$out" | sed -n 's/.*Non-2xx or 3xx responses: *//p')
    printf '%-12s %10s req/s   p50 %-9s p99 %-9s %s\n' "$name" "$rps" "$p50" "$p99" "${bad:+NON-2XX: $bad}"
  done
}
measure status -H "Authorization: Bearer $status_key" "$url/v1/status"
measure mail-send -s "$data/mail.lua" "$url/v1/messages"
measure inbox-50 -H "Authorization: Bearer $rcpt" "$url/v1/messages/inbox?limit=50"
measure lock -s "$data/lock.lua" "$url/v1/reservations"
