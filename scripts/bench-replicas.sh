#!/bin/sh
# The team load model against several replicas sharing one PostgreSQL and one Redis (docs/scale.md).
#   scripts/bench-replicas.sh <replicas> [--direct] [--] team --agents N --projects P --minutes M …
# Agents reach the replicas through nginx with the SSE-safe settings of docs/scale.md (port 18500), or
# with --direct straight, spread round-robin. PostgreSQL: BENCH_PG (default postgresql://postgres@127.0.0.1:5432),
# a fresh database per run, dropped afterwards unless BENCH_KEEP_DB=1; Redis: BENCH_REDIS (default
# redis://127.0.0.1:6379). Prints the database's size and largest tables after the run.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/find-jdk.sh"
replicas=$1
shift
direct=0
if [ "${1:-}" = "--direct" ]; then direct=1; shift; fi
if [ "${1:-}" = "--" ]; then shift; fi
pg=${BENCH_PG:-postgresql://postgres@127.0.0.1:5432}
redis=${BENCH_REDIS:-redis://127.0.0.1:6379}
db=beadhub_scale_$(date +%s)
work=$(mktemp -d)
pids=""
cleanup() {
  for p in $pids; do kill "$p" 2>/dev/null || true; done
  for p in $pids; do wait "$p" 2>/dev/null || true; done
  if [ "${BENCH_KEEP_DB:-0}" != 1 ]; then psql -q "$pg/postgres" -c "DROP DATABASE IF EXISTS $db" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
psql -q "$pg/postgres" -c "CREATE DATABASE $db"
urls=""
upstreams=""
for i in $(seq 1 "$replicas"); do
  port=$((18500 + i))
  BEADHUB_DATABASE_URL="$pg/$db" BEADHUB_REDIS_URL="$redis" BEADHUB_PORT=$port BEADHUB_HOST=127.0.0.1 \
    BEADHUB_LOG_LEVEL=warning BEADHUB_INIT_RATE_LIMIT=100000000 BEADHUB_DATA_DIR="$work/r$i" \
    "$here/beadhub" serve > "$work/r$i.log" 2>&1 &
  pids="$pids $!"
  # one at a time: the first applies the migrations
  for _ in $(seq 1 240); do
    curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
    sleep 0.5
  done
  urls="${urls:+$urls,}http://127.0.0.1:$port"
  upstreams="$upstreams    server 127.0.0.1:$port max_fails=0;
"
done
if [ "$direct" = 0 ]; then
  mkdir -p "$work/nginx/logs"
  cat > "$work/nginx/nginx.conf" <<CONF
worker_processes auto;
worker_rlimit_nofile 65536;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 16384; }
http {
  access_log off;
  upstream beadhub {
    least_conn;
$upstreams    keepalive 64;
  }
  server {
    listen 127.0.0.1:18500;
    client_max_body_size 64m;
    location / {
      proxy_pass http://beadhub;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_buffering off;
      proxy_cache off;
      proxy_read_timeout 1h;
      proxy_send_timeout 1h;
    }
  }
}
CONF
  nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
  pids="$pids $!"
  sleep 1
  urls="http://127.0.0.1:18500"
fi
snapshot() {
  psql -At -F ' ' "$pg/$db" -c "SELECT xact_commit, tup_inserted + tup_updated + tup_deleted,
    pg_current_wal_lsn() - '0/0', extract(epoch FROM clock_timestamp()) FROM pg_stat_database WHERE datname = current_database()"
  redis-cli -u "$redis" info stats 2>/dev/null | tr -d '\r' | sed -n 's/^total_commands_processed://p'
}
# Figures taken with autovacuum off drift with the run's length (no statistics, dead rows kept): say so.
if [ "$(psql -At "$pg/$db" -c "SHOW autovacuum")" != on ]; then
  echo "warning: autovacuum is off on this PostgreSQL; latencies will grow with the run (see docs/scale.md)" >&2
fi
# Where PostgreSQL has pg_stat_statements loaded, the run's top statements are printed at the end.
statements=0
if psql -q "$pg/$db" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" 2>/dev/null \
  && psql -q "$pg/$db" -c "SELECT pg_stat_statements_reset()" >/dev/null 2>&1; then statements=1; fi
before=$(snapshot | tr '\n' ' ')
status=0
BENCH_URL="$urls" "$here/scripts/bench.sh" "$@" || status=$?
after=$(snapshot | tr '\n' ' ')
echo "$before $after" | awk '{ s = $9 - $4; printf "postgres over the run (%.0f s): %.0f commits/s, %.0f rows written/s, %.0f kB WAL/s; redis %.0f commands/s\n", s, ($6-$1)/s, ($7-$2)/s, ($8-$3)/1024/s, ($10-$5)/s }'
echo "database after the run: $(psql -At "$pg/$db" -c "SELECT pg_size_pretty(pg_database_size(current_database()))")"
psql -At -F ' ' "$pg/$db" -c "SELECT schemaname || '.' || relname, n_live_tup,
  pg_size_pretty(pg_total_relation_size(relid)) FROM pg_stat_user_tables ORDER BY pg_total_relation_size(relid) DESC LIMIT 12"
if [ "$statements" = 1 ]; then
  echo "top statements by total time (ms total, calls, ms mean):"
  psql -At -F ' | ' "$pg/$db" -c "SELECT round(total_exec_time), calls, round(mean_exec_time::numeric, 3),
    left(regexp_replace(query, '\s+', ' ', 'g'), 110) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
    WHERE d.datname = current_database() ORDER BY total_exec_time DESC LIMIT 15"
  echo "statement time by kind (ms total, calls):"
  psql -At -F ' | ' "$pg/$db" -c "SELECT CASE WHEN query ~* '^\s*(BEGIN|COMMIT|ROLLBACK|SET|DISCARD)' THEN 'transaction control'
    WHEN query ~* '\m(INSERT|UPDATE|DELETE)\M|FOR UPDATE|pg_advisory' THEN 'write' ELSE 'read' END AS kind,
    round(sum(total_exec_time)), sum(calls) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
    WHERE d.datname = current_database() GROUP BY 1 ORDER BY 2 DESC"
fi
for i in $(seq 1 "$replicas"); do
  if grep -qiE 'error|exception' "$work/r$i.log"; then
    echo "replica $i logged errors:"; grep -iE 'error|exception' "$work/r$i.log" | sort | uniq -c | sort -rn | head -5
  fi
done
exit $status
