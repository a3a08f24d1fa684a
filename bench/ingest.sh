#!/usr/bin/env bash
# SBOM ingestion benchmark against PostgreSQL. One command:  bench/ingest.sh
# Builds the jars if needed, starts a private PostgreSQL and the portal, uploads generated
# CycloneDX SBOMs (fixed seeds) of 1,000 / 10,000 / 50,000 components and prints median and
# spread of the ingestion time, the portal's fresh-start time and its peak resident memory.
# Evidence collection is off here (TRUSTMAP_EVIDENCE_WORKERS=0): the generated purls are made up and
# would only send thousands of 404 look-ups to the public registries; bench/evidence.sh measures it.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f portal-web/target/trustmap-portal.jar ] && [ -f scanner/target/trustmap-scan.jar ] || mvn -q -B -DskipTests package

work=$(mktemp -d /tmp/trustmap-bench.XXXXXX); chmod 755 "$work"
pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
http_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
token="tm_benchmark_token_$(date +%s)_0123456789"
JAVA_OPTS="-Xmx256m -XX:+UseSerialGC"
JAVA_OPTS=${BENCH_JAVA_OPTS:-$JAVA_OPTS}

cleanup() { [ -n "${portal_pid:-}" ] && kill "$portal_pid" 2>/dev/null || true; wait "${portal_pid:-}" 2>/dev/null || true; bench/pg.sh stop "$work/pg"; rm -rf "$work"; }
trap cleanup EXIT
bench/pg.sh start "$work/pg" "$pg_port"

start_ns=$(date +%s%N)
TRUSTMAP_HTTP_HOST=127.0.0.1 TRUSTMAP_HTTP_PORT=$http_port TRUSTMAP_DB_URL="jdbc:postgresql://127.0.0.1:$pg_port/trustmap" \
TRUSTMAP_DB_USER=trustmap TRUSTMAP_BOOTSTRAP_ADMIN_TOKEN="$token" TRUSTMAP_EVIDENCE_WORKERS=0 \
  java $JAVA_OPTS -jar portal-web/target/trustmap-portal.jar > "$work/portal.log" 2>&1 &
portal_pid=$!
until curl -sf "http://127.0.0.1:$http_port/health/ready" >/dev/null; do kill -0 $portal_pid 2>/dev/null || { cat "$work/portal.log"; exit 1; }; sleep 0.02; done
ready_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))

java -cp scanner/target/trustmap-scan.jar bench/IngestBenchmark.java "http://127.0.0.1:$http_port" "$token" "$portal_pid" "$ready_ms" "$JAVA_OPTS"

# restarts on the now-migrated database: plain, then with an application class-data-sharing archive
# (AppCDS, JDK 17: one run with -XX:ArchiveClassesAtExit writes it, later runs map it)
restart() {
  kill "$portal_pid" 2>/dev/null || true; wait "$portal_pid" 2>/dev/null || true
  local t0; t0=$(date +%s%N)
  TRUSTMAP_HTTP_HOST=127.0.0.1 TRUSTMAP_HTTP_PORT=$http_port TRUSTMAP_DB_URL="jdbc:postgresql://127.0.0.1:$pg_port/trustmap" \
  TRUSTMAP_DB_USER=trustmap TRUSTMAP_BOOTSTRAP_ADMIN_TOKEN="$token" TRUSTMAP_EVIDENCE_WORKERS=0 \
    java $JAVA_OPTS "$@" -jar portal-web/target/trustmap-portal.jar > "$work/portal.log" 2>&1 &
  portal_pid=$!
  until curl -sf "http://127.0.0.1:$http_port/health/ready" >/dev/null; do kill -0 $portal_pid 2>/dev/null || { cat "$work/portal.log"; exit 1; }; sleep 0.02; done
  last_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
}
plain=(); cds=()
for i in 1 2 3; do restart; plain+=("$last_ms"); done
restart -XX:ArchiveClassesAtExit="$work/trustmap.jsa"
for i in 1 2 3; do restart -XX:SharedArchiveFile="$work/trustmap.jsa"; cds+=("$last_ms"); done
echo "Restart on the migrated database (process start → /health/ready 200), 3 runs: ${plain[*]} ms; with an AppCDS archive: ${cds[*]} ms"
