#!/usr/bin/env bash
# Gate and policy-evaluation benchmark against PostgreSQL. One command:  bench/gate.sh
#  1. trustmap-scan process start -> gate decision for a 1,000-component SBOM (target <= 2 s): the real
#     CLI jar, a new JVM each run, uploading to a running portal and printing its decision.
#  2. Policy evaluation in the portal with the default rule pack on a 10,000-component SBOM whose
#     versions all have evidence (seeded synthetically by bench/seed-evidence.sql: generated purls exist
#     in no registry): upload -> stored -> evaluated (server time), and the gate on a stored snapshot,
#     as component x policy evaluations per second.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f portal-web/target/trustmap-portal.jar ] && [ -f scanner/target/trustmap-scan.jar ] || mvn -q -B -DskipTests package

work=$(mktemp -d /tmp/trustmap-gate-bench.XXXXXX); chmod 755 "$work"
pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
http_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
token="tm_benchmark_token_$(date +%s)_0123456789"
JAVA_OPTS=${BENCH_JAVA_OPTS:-"-Xmx256m -XX:+UseSerialGC"}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

cleanup() { [ -n "${portal_pid:-}" ] && kill "$portal_pid" 2>/dev/null || true; wait "${portal_pid:-}" 2>/dev/null || true; bench/pg.sh stop "$work/pg"; rm -rf "$work"; }
trap cleanup EXIT
bench/pg.sh start "$work/pg" "$pg_port"

TRUSTMAP_HTTP_HOST=127.0.0.1 TRUSTMAP_HTTP_PORT=$http_port TRUSTMAP_DB_URL="jdbc:postgresql://127.0.0.1:$pg_port/trustmap" \
TRUSTMAP_DB_USER=trustmap TRUSTMAP_BOOTSTRAP_ADMIN_TOKEN="$token" TRUSTMAP_EVIDENCE_WORKERS=0 TRUSTMAP_DATA_DIR="$work/data" \
  java $JAVA_OPTS -jar portal-web/target/trustmap-portal.jar > "$work/portal.log" 2>&1 &
portal_pid=$!
until curl -sf "http://127.0.0.1:$http_port/health/ready" >/dev/null; do kill -0 $portal_pid 2>/dev/null || { cat "$work/portal.log"; exit 1; }; sleep 0.05; done
base="http://127.0.0.1:$http_port"

scan() { java -jar scanner/target/trustmap-scan.jar "$@"; }
scan generate-sbom --components 1000 --seed 11 -o "$work/sbom-1k.json" >/dev/null
scan generate-sbom --components 10000 --seed 12 -o "$work/sbom-10k.json" >/dev/null

# first uploads create the packages and versions; then every version gets evidence
for s in 1k 10k; do
  curl -sf -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/vnd.cyclonedx+json' \
    --data-binary @"$work/sbom-$s.json" "$base/api/v1/services/seed-$s/sboms?autoCreate=true&wait=300"
done
"$bin/psql" -h 127.0.0.1 -p "$pg_port" -U trustmap -d trustmap -q -v ON_ERROR_STOP=1 -f bench/seed-evidence.sql
echo "evidence rows: $("$bin/psql" -h 127.0.0.1 -p "$pg_port" -U trustmap -d trustmap -Atc 'SELECT COUNT(*) FROM version_evidence'), trust events: $("$bin/psql" -h 127.0.0.1 -p "$pg_port" -U trustmap -d trustmap -Atc 'SELECT COUNT(*) FROM trust_event')"

echo
echo "## trustmap-scan: process start -> gate decision, 1,000 components (new JVM each run, java $(java -version 2>&1 | head -1 | cut -d'"' -f2))"
times=()
for i in $(seq 1 12); do
  t0=$(date +%s%N)
  set +e
  scan scan --sbom "$work/sbom-1k.json" --service "cli-$i" --auto-create --portal "$base" --token "$token" \
    --cache-dir "$work/cache" --format json --output "$work/report-$i.json" > /dev/null 2>"$work/scan-$i.err"
  code=$?
  set -e
  t1=$(date +%s%N)
  [ "$code" -le 1 ] || { cat "$work/scan-$i.err"; exit 1; }
  [ "$i" -gt 2 ] && times+=($(( (t1 - t0) / 1000000 )))
done
decision=$(python3 -c "import json,sys; r=json.load(open('$work/report-12.json')); print(r['decision'], r['summary']['violations'], 'violations,', r['summary']['evaluations'], 'evaluations')")
jvm=$( { t0=$(date +%s%N); scan --version >/dev/null; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); } )
python3 - "$jvm" "$decision" "${times[@]}" <<'PY'
import statistics, sys
jvm, decision, times = sys.argv[1], sys.argv[2], [int(t) for t in sys.argv[3:]]
print(f"| runs | median | min–max | decision of the last run | JVM start alone (--version) |")
print(f"|---:|---:|---:|---|---:|")
print(f"| {len(times)} | {statistics.median(times):.0f} ms | {min(times)}–{max(times)} ms | {decision} | {jvm} ms |")
PY

echo
java -cp scanner/target/trustmap-scan.jar bench/GateBenchmark.java "$base" "$token" "$work/sbom-10k.json" "$portal_pid"
