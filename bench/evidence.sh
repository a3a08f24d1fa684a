#!/usr/bin/env bash
# Evidence collection benchmark against the real Maven Central. One command:  bench/evidence.sh
# Starts a private PostgreSQL and the portal (defaults: 2 collector threads, 4 requests in flight per
# registry), uploads an SBOM of the ~1,000 real Maven artifacts in the local repository (with their
# real SHA-1/SHA-256), and prints the wall time until every version has evidence, the registry
# fetches and HTTP requests made, and the cache hit rate; then makes everything due again and
# prints the same for the second run. BENCH_LIMIT changes the number of artifacts.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f portal-web/target/trustmap-portal.jar ] || mvn -q -B -DskipTests package

work=$(mktemp -d /tmp/trustmap-bench.XXXXXX); chmod 755 "$work"
pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
http_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
token="tm_benchmark_token_$(date +%s)_0123456789"
JAVA_OPTS=${BENCH_JAVA_OPTS:-"-Xmx256m -XX:+UseSerialGC"}

cleanup() { [ -n "${portal_pid:-}" ] && kill "$portal_pid" 2>/dev/null || true; wait "${portal_pid:-}" 2>/dev/null || true; bench/pg.sh stop "$work/pg"; rm -rf "$work"; }
trap cleanup EXIT
bench/pg.sh start "$work/pg" "$pg_port"

TRUSTMAP_HTTP_HOST=127.0.0.1 TRUSTMAP_HTTP_PORT=$http_port TRUSTMAP_DB_URL="jdbc:postgresql://127.0.0.1:$pg_port/trustmap" \
TRUSTMAP_DB_USER=trustmap TRUSTMAP_BOOTSTRAP_ADMIN_TOKEN="$token" TRUSTMAP_DATA_DIR="$work/data" \
  java $JAVA_OPTS -jar portal-web/target/trustmap-portal.jar > "$work/portal.log" 2>&1 &
portal_pid=$!
until curl -sf "http://127.0.0.1:$http_port/health/ready" >/dev/null; do kill -0 $portal_pid 2>/dev/null || { cat "$work/portal.log"; exit 1; }; sleep 0.05; done

java -cp portal-web/target/trustmap-portal.jar bench/EvidenceBenchmark.java "http://127.0.0.1:$http_port" "$token" \
  "jdbc:postgresql://127.0.0.1:$pg_port/trustmap" "${HOME}/.m2/repository" "${BENCH_LIMIT:-1000}"
echo "portal peak resident memory: $(( $(grep VmHWM /proc/$portal_pid/status | awk '{print $2}') / 1024 )) MiB"
