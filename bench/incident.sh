#!/usr/bin/env bash
# Incident lookup benchmark. One command:  bench/incident.sh
# Starts a private PostgreSQL and the portal, imports a synthetic organisation (2,000 services,
# 300 providers, 20,000 contracts; fixed seed), then loads GET /api/v1/incident/providers/{p}
# (random provider per request) with wrk: 64 connections, 2 threads, 30 s after a 30 s warm-up,
# once as fast as possible (throughput) and once paced to about 5,000 requests/s (latency at the
# target load; wrk and the portal share the same 2 cores). Then PostgreSQL is stopped: readiness,
# /metrics and a write are timed, the same two loads run again, the portal is restarted while the
# database is still down (time to its first incident lookup), and the database is started again
# (time until the portal is ready, without a restart).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
[ -f portal-web/target/trustmap-portal.jar ] && [ -f scanner/target/trustmap-scan.jar ] || mvn -q -B -DskipTests package

work=$(mktemp -d /tmp/trustmap-incident.XXXXXX); chmod 755 "$work"
pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
http_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export BENCH_TOKEN="tm_benchmark_token_$(date +%s)_0123456789"
JAVA_OPTS=${BENCH_JAVA_OPTS:-"-Xmx256m -XX:+UseSerialGC"}
cleanup() { [ -n "${portal_pid:-}" ] && kill "$portal_pid" 2>/dev/null || true; wait "${portal_pid:-}" 2>/dev/null || true; bench/pg.sh stop "$work/pg"; rm -rf "$work"; }
trap cleanup EXIT
bench/pg.sh start "$work/pg" "$pg_port"
start_portal() { # $1 = log file; sets portal_pid
  TRUSTMAP_HTTP_HOST=127.0.0.1 TRUSTMAP_HTTP_PORT=$http_port TRUSTMAP_DB_URL="jdbc:postgresql://127.0.0.1:$pg_port/trustmap" \
  TRUSTMAP_DB_USER=trustmap TRUSTMAP_BOOTSTRAP_ADMIN_TOKEN="$BENCH_TOKEN" TRUSTMAP_DATA_DIR="$work/data" \
    java $JAVA_OPTS -jar portal-web/target/trustmap-portal.jar > "$1" 2>&1 &
  portal_pid=$!
}
start_portal "$work/portal.log"
until curl -sf "http://127.0.0.1:$http_port/health/ready" >/dev/null; do kill -0 $portal_pid 2>/dev/null || { cat "$work/portal.log"; exit 1; }; sleep 0.05; done

java -cp scanner/target/trustmap-scan.jar bench/IncidentBenchmark.java "http://127.0.0.1:$http_port" "$BENCH_TOKEN" "$work/paths.txt"
wrk -t2 -c64 -d30s -s bench/incident.lua "http://127.0.0.1:$http_port" -- "$work/paths.txt" >/dev/null # JIT warm-up
result=$(wrk -t2 -c64 -d30s -s bench/incident.lua "http://127.0.0.1:$http_port" -- "$work/paths.txt" | grep '^requests=')
echo "wrk, 64 connections, 2 threads, 30 s, as fast as possible: $result"
paced=$(BENCH_DELAY_MS=11 wrk -t2 -c64 -d30s -s bench/incident.lua "http://127.0.0.1:$http_port" -- "$work/paths.txt" | grep '^requests=')
echo "wrk, 64 connections, 2 threads, 30 s, each connection pausing 11 ms between requests: $paced"
light=$(BENCH_DELAY_MS=50 wrk -t2 -c64 -d30s -s bench/incident.lua "http://127.0.0.1:$http_port" -- "$work/paths.txt" | grep '^requests=')
echo "wrk, 64 connections, 2 threads, 30 s, each connection pausing 50 ms between requests: $light"
rss=$(grep VmHWM /proc/$portal_pid/status | awk '{print int($2/1024)}')
echo "Portal peak resident memory (VmHWM): ${rss} MiB; JVM options: $JAVA_OPTS; $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))"

base="http://127.0.0.1:$http_port"
timed() { curl -s -o /dev/null -w '%{http_code} in %{time_total} s' "$@"; }
bench/pg.sh stop "$work/pg"
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/health/ready")" = 503 ]; do sleep 0.1; done
echo "PostgreSQL stopped: /health/ready $(timed "$base/health/ready"); /metrics $(timed "$base/metrics");" \
  "a write (PUT /api/v1/providers/x) $(timed -X PUT -H "Authorization: Bearer $BENCH_TOKEN" -H 'Content-Type: application/json' \
  -d '{"capabilities":["sms"]}' "$base/api/v1/providers/bench-outage") (TRUSTMAP_DB_CONNECT_TIMEOUT_MS 3000)"
sleep 11 # past the 10 s for which a checked token is trusted without asking the database
down=$(wrk -t2 -c64 -d30s -s bench/incident.lua "$base" -- "$work/paths.txt" | grep '^requests=')
echo "PostgreSQL stopped, wrk as fast as possible: $down"
down_paced=$(BENCH_DELAY_MS=11 wrk -t2 -c64 -d30s -s bench/incident.lua "$base" -- "$work/paths.txt" | grep '^requests=')
echo "PostgreSQL stopped, wrk paced (11 ms): $down_paced"
down_light=$(BENCH_DELAY_MS=50 wrk -t2 -c64 -d30s -s bench/incident.lua "$base" -- "$work/paths.txt" | grep '^requests=')
echo "PostgreSQL stopped, wrk paced (50 ms): $down_light"

kill "$portal_pid"; wait "$portal_pid" 2>/dev/null || true
started=$(date +%s%N)
start_portal "$work/portal2.log"
first=$(head -1 "$work/paths.txt")
until [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $BENCH_TOKEN" "$base$first")" = 200 ]; do
  kill -0 $portal_pid 2>/dev/null || { cat "$work/portal2.log"; exit 1; }; sleep 0.05; done
echo "Portal restarted with PostgreSQL stopped: first incident lookup answered (from the saved snapshot) $(( ($(date +%s%N) - started) / 1000000 )) ms after the start"
restarted=$(BENCH_DELAY_MS=11 wrk -t2 -c64 -d15s -s bench/incident.lua "$base" -- "$work/paths.txt" | grep '^requests=')
echo "Restarted portal, PostgreSQL stopped, wrk paced (11 ms), 15 s: $restarted"
back=$(date +%s%N)
bench/pg.sh restart "$work/pg" "$pg_port"
until curl -sf "$base/health/ready" >/dev/null; do sleep 0.05; done
echo "PostgreSQL started again: portal ready $(( ($(date +%s%N) - back) / 1000000 )) ms after pg_ctl start began (no portal restart);" \
  "write $(timed -X PUT -H "Authorization: Bearer $BENCH_TOKEN" -H 'Content-Type: application/json' \
  -d '{"capabilities":["sms"]}' "$base/api/v1/providers/bench-outage")"
