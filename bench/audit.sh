#!/usr/bin/env bash
# Audit chain overhead on writes. One command:  bench/audit.sh
# Starts the portal on a private PostgreSQL (default durability) and then on the embedded H2, and
# sends 200 concurrent POST /api/v1/services (all released at once by one barrier; pool size 10,
# the default), five rounds after one warm-up round. Prints the wall time of a round, the median and
# p95 of a request, and what the portal's own timer says appending the entry costs
# (trustmap_audit_append_seconds: from asking for the chain's head to the entry written, so it
# includes waiting for the writers ahead). BENCH_JAR=other.jar runs the same against another build
# (a build without the audit chain gives the baseline).
set -euo pipefail
cd "$(dirname "$0")/.."
jar=${BENCH_JAR:-portal-web/target/trustmap-portal.jar}
[ -f "$jar" ] || mvn -q -B -DskipTests package
work=$(mktemp -d /tmp/trustmap-audit.XXXXXX); chmod 755 "$work"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pg_port=$(free_port); http_port=$(free_port)
token="tm_benchmark_token_$(date +%s)_0123456789"
JAVA_OPTS=${BENCH_JAVA_OPTS:-"-Xmx256m -XX:+UseSerialGC"}
cleanup() { [ -n "${portal_pid:-}" ] && kill "$portal_pid" 2>/dev/null || true; wait "${portal_pid:-}" 2>/dev/null || true; bench/pg.sh stop "$work/pg"; rm -rf "$work"; }
trap cleanup EXIT

run() { # $1 = label, then TRUSTMAP_* assignments
  label=$1; shift
  env "$@" TRUSTMAP_HTTP_HOST=127.0.0.1 TRUSTMAP_HTTP_PORT=$http_port TRUSTMAP_BOOTSTRAP_ADMIN_TOKEN="$token" \
    TRUSTMAP_EVIDENCE_WORKERS=0 java $JAVA_OPTS -jar "$jar" > "$work/portal-$label.log" 2>&1 &
  portal_pid=$!
  until curl -sf "http://127.0.0.1:$http_port/health/ready" >/dev/null; do
    kill -0 $portal_pid 2>/dev/null || { cat "$work/portal-$label.log"; exit 1; }; sleep 0.05; done
  python3 - "$http_port" "$token" "$label" <<'PY'
import http.client, json, statistics, sys, threading, time
port, token, label = int(sys.argv[1]), sys.argv[2], sys.argv[3]
N, ROUNDS = 200, 6
def round_(r):
    barrier, times, statuses = threading.Barrier(N), [None] * N, [None] * N
    def one(i):
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        body = json.dumps({"slug": f"bench-{r}-{i}"})
        c.connect()  # connections first: only the requests are released at once
        barrier.wait()
        t = time.perf_counter()
        c.request("POST", "/api/v1/services", body, {"Authorization": "Bearer " + token, "Content-Type": "application/json"})
        resp = c.getresponse(); resp.read()
        times[i], statuses[i] = time.perf_counter() - t, resp.status
    threads = [threading.Thread(target=one, args=(i,)) for i in range(N)]
    start = time.perf_counter()
    for t in threads: t.start()
    for t in threads: t.join()
    wall = time.perf_counter() - start
    assert all(s == 201 for s in statuses), statuses
    return wall, times
round_(0)  # warm-up
walls, all_times = [], []
for r in range(1, ROUNDS):
    wall, times = round_(r)
    walls.append(wall); all_times += times
all_times.sort()
c = http.client.HTTPConnection("127.0.0.1", port); c.request("GET", "/metrics"); metrics = c.getresponse().read().decode()
audit = {l.split(" ")[0]: float(l.split(" ")[1]) for l in metrics.splitlines() if l.startswith("trustmap_audit_append_seconds")}
print(f"{label}: 200 concurrent POST /services x {ROUNDS - 1} rounds: round wall median {statistics.median(walls) * 1000:.0f} ms "
      f"({N / statistics.median(walls):.0f} creates/s); request median {statistics.median(all_times) * 1000:.1f} ms, "
      f"p95 {all_times[int(len(all_times) * 0.95)] * 1000:.1f} ms")
if audit:
    count, total = audit.get("trustmap_audit_append_seconds_count", 0), audit.get("trustmap_audit_append_seconds_sum", 0)
    q = sorted((k.split("quantile=")[1].strip('"}'), v) for k, v in audit.items() if "quantile" in k)
    parts = ", ".join("p%s %.2f ms" % (name, v * 1000) for name, v in q)
    mx = audit.get("trustmap_audit_append_seconds_max", 0) * 1000
    print(f"{label}: audit append (incl. waiting for the head): {count:.0f} appends, mean {total / max(count, 1) * 1000:.2f} ms, "
          f"{parts}, max {mx:.2f} ms")
else:
    print(f"{label}: no audit chain in this build")
PY
  kill "$portal_pid"; wait "$portal_pid" 2>/dev/null || true; portal_pid=
}

bench/pg.sh start "$work/pg" "$pg_port"
run postgresql TRUSTMAP_DB_URL="jdbc:postgresql://127.0.0.1:$pg_port/trustmap" TRUSTMAP_DB_USER=trustmap TRUSTMAP_DATA_DIR="$work/data-pg"
run h2 TRUSTMAP_DATA_DIR="$work/data-h2"
echo "JVM options: $JAVA_OPTS; $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)); jar: $jar"
