#!/usr/bin/env bash
# One huge SBOM under the Helm chart's JVM options. One command:  bench/huge.sh
# Uploads a 200,000-component CycloneDX JSON (lean: ~40 MB, under the 50 MB limit; fixed seed) with
# ?wait= to a fresh portal, first on PostgreSQL, then on the embedded H2 default, and prints the time
# from sending to the 200 that says it is committed (and on disk), the portal's phase timings from
# its log, and the portal's peak resident memory (VmHWM). Then, on each database, a small upload of
# another service is timed while a second huge upload is being ingested.
# BENCH_COMPONENTS (200000), BENCH_JAVA_OPTS (the chart's), BENCH_DATABASES ("postgresql h2") change the run.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f portal-web/target/trustmap-portal.jar ] && [ -f scanner/target/trustmap-scan.jar ] || mvn -q -B -DskipTests package
COMPONENTS=${BENCH_COMPONENTS:-200000}
JAVA_OPTS=${BENCH_JAVA_OPTS:-"-Xmx256m -XX:+UseSerialGC"}
work=$(mktemp -d /tmp/trustmap-huge.XXXXXX); chmod 755 "$work"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
token="tm_benchmark_token_$(date +%s)_0123456789"
cleanup() { [ -n "${portal_pid:-}" ] && kill "$portal_pid" 2>/dev/null || true; wait "${portal_pid:-}" 2>/dev/null || true
            bench/pg.sh stop "$work/pg"; rm -rf "$work"; }
trap cleanup EXIT
java -jar scanner/target/trustmap-scan.jar generate-sbom --lean --components "$COMPONENTS" --seed 1 -o "$work/huge.json"
java -jar scanner/target/trustmap-scan.jar generate-sbom --lean --components "$COMPONENTS" --seed 2 -o "$work/huge2.json"
java -jar scanner/target/trustmap-scan.jar generate-sbom --components 1000 --seed 3 -o "$work/small.json"
echo "document: $COMPONENTS components, $(stat -c %s "$work/huge.json") bytes; JVM: $JAVA_OPTS; $(nproc) cores"

run() { # $1 = label, then environment assignments
  local label=$1; shift
  local http_port; http_port=$(free_port)
  mkdir -p "$work/$label"
  (cd "$work/$label" && exec env TRUSTMAP_HTTP_HOST=127.0.0.1 TRUSTMAP_HTTP_PORT="$http_port" TRUSTMAP_BOOTSTRAP_ADMIN_TOKEN="$token" \
     TRUSTMAP_EVIDENCE_WORKERS=0 "$@" java $JAVA_OPTS -jar "$OLDPWD/portal-web/target/trustmap-portal.jar" > portal.log 2>&1) &
  portal_pid=$!
  until curl -sf "http://127.0.0.1:$http_port/health/ready" >/dev/null; do sleep 0.05; done
  local t0 t1; t0=$(date +%s%N)
  local answer; answer=$(curl -s -o "$work/$label/answer.json" -w '%{http_code}' -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/vnd.cyclonedx+json' --data-binary @"$work/huge.json" \
      "http://127.0.0.1:$http_port/api/v1/services/huge/sboms?autoCreate=true&wait=300")
  t1=$(date +%s%N)
  echo "$label: huge upload → $answer in $(( (t1 - t0) / 1000000 )) ms ($(grep -o '"components":[0-9]*' "$work/$label/answer.json" | head -1))"
  grep -o 'components read.*\|policies evaluated in [0-9]* ms' "$work/$label/portal.log" | sed "s/^/  $label: /"
  # a second huge document is ingested while another service uploads a small one
  curl -s -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/vnd.cyclonedx+json' \
      --data-binary @"$work/huge2.json" "http://127.0.0.1:$http_port/api/v1/services/huge/sboms?wait=300" &
  local big=$!
  sleep 8
  t0=$(date +%s%N)
  answer=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" -H 'Content-Type: application/vnd.cyclonedx+json' \
      --data-binary @"$work/small.json" "http://127.0.0.1:$http_port/api/v1/services/small/sboms?autoCreate=true&wait=60")
  t1=$(date +%s%N)
  echo "  $label: 1,000-component upload of another service during the second huge ingestion → $answer in $(( (t1 - t0) / 1000000 )) ms"
  wait $big
  echo "  $label: portal peak resident memory $(grep VmHWM /proc/$portal_pid/status | awk '{print int($2/1024)}') MiB"
  kill "$portal_pid"; wait "$portal_pid" 2>/dev/null || true; portal_pid=
}
DATABASES=${BENCH_DATABASES:-"postgresql h2"}
for database in $DATABASES; do
  case $database in
    postgresql) pg_port=$(free_port)
                bench/pg.sh start "$work/pg" "$pg_port"
                run postgresql TRUSTMAP_DB_URL="jdbc:postgresql://127.0.0.1:$pg_port/trustmap" TRUSTMAP_DB_USER=trustmap ;;
    h2) run h2 ;;
    *) echo "unknown database $database (postgresql, h2)" >&2; exit 2 ;;
  esac
done
