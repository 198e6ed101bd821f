#!/bin/sh
# Times `beadhub export` of a project with 10,000 beads (plus the demo's agents, mail, chat, claims),
# exported while its server runs, then imports the file into a fresh data dir and exports it again
# (the two files must be equal apart from the header's time).
#   scripts/bench-export.sh [runs]        (default 5 runs; BENCH_PORT picks the server's port)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/find-jdk.sh"
runs=${1:-5}
beads=${BENCH_BEADS:-10000}
port=${BENCH_PORT:-18150}
data=$(mktemp -d)
export BEADHUB_LOG_LEVEL=warning BEADHUB_LOG_JSON=false
(cd "$here" && ./mvnw -q -o -DskipTests package >&2) || (cd "$here" && ./mvnw -q -DskipTests package >&2)
BEADHUB_DATA_DIR=$data/a BEADHUB_PORT=$port BEADHUB_HOST=127.0.0.1 "$here/beadhub" serve > "$data/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; [ -n "${BENCH_KEEP:-}" ] || rm -rf "$data"' EXIT INT TERM
for _ in $(seq 1 240); do
  curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  sleep 0.5
done
key=$("$here/beadhub" demo --url "http://127.0.0.1:$port" --project bench | sed -n 's/.*Bearer \(aw_sk_[0-9a-f]*\).*/\1/p')
awk -v n="$beads" 'BEGIN { for (i = 1; i <= n; i++) {
  dep = (i % 10 == 0) ? sprintf(", \"dependencies\": [{\"issue_id\": \"bk-%d\", \"depends_on_id\": \"bk-%d\", \"type\": \"blocks\"}]", i, i - 1) : ""
  printf "{\"id\": \"bk-%d\", \"title\": \"Bulk bead %d\", \"status\": \"%s\", \"priority\": %d, \"issue_type\": \"task\", \"labels\": [\"area:%d\"], \"description\": \"Generated for the export benchmark; a paragraph of text the size of a typical bead description, so that rows are not unrealistically small.\", \"created_at\": \"2026-03-01T10:00:00Z\", \"updated_at\": \"2026-03-02T10:00:00Z\"%s}\n", i, i, (i % 3 == 0 ? "closed" : "open"), i % 4, i % 7, dep
} }' > "$data/beads.jsonl"
curl -sf -X POST "http://127.0.0.1:$port/v1/beads/upload-jsonl?repo=github.com/acme/bulk" \
  -H "Authorization: Bearer $key" -H 'Content-Type: application/x-ndjson' --data-binary "@$data/beads.jsonl" >/dev/null
echo "seeded: demo project 'bench' + $beads beads; exporting $runs times while the server runs"
for i in $(seq 1 "$runs"); do
  t0=$(date +%s%N)
  BEADHUB_DATA_DIR=$data/a "$here/beadhub" export --project bench --out "$data/a.jsonl" 2> "$data/export.err"
  t1=$(date +%s%N)
  echo "export $i: wall $(( (t1 - t0) / 1000000 )) ms (JVM start included); $(cat "$data/export.err")"
done
echo "file: $(wc -l < "$data/a.jsonl") lines, $(du -k "$data/a.jsonl" | cut -f1) KiB; data dir $data"
sed -n 's/^{"table":"\([^"]*\)".*/\1/p' "$data/a.jsonl" | uniq -c
t0=$(date +%s%N)
BEADHUB_DATA_DIR=$data/b "$here/beadhub" import --in "$data/a.jsonl" 2> "$data/import.err"
t1=$(date +%s%N)
echo "import into a fresh data dir: wall $(( (t1 - t0) / 1000000 )) ms (embedded PostgreSQL start and migrations included); $(tail -1 "$data/import.err")"
BEADHUB_DATA_DIR=$data/b "$here/beadhub" export --project bench --out "$data/b.jsonl" 2>/dev/null
if [ "$(tail -n +2 "$data/a.jsonl" | cksum)" = "$(tail -n +2 "$data/b.jsonl" | cksum)" ]; then
  echo "round trip: export -> import -> export gives the same rows"
else
  echo "round trip: the second export DIFFERS"; exit 1
fi
