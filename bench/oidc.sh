#!/usr/bin/env bash
# OIDC bearer-token verification once the JWK set is cached (target: p99 <= 0.2 ms). One command:  bench/oidc.sh
# Runs the portal's own authenticator in one JVM (the portal jar's classes) against keys found by
# discovery from a local HTTP server; prints latency percentiles on one and on two threads.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f portal-web/target/trustmap-portal.jar ] || mvn -q -B -DskipTests package
JAVA_OPTS=${BENCH_JAVA_OPTS:-"-Xmx256m -XX:+UseSerialGC"}
echo "## OIDC bearer-token verification ($(nproc) cores, java $(java -version 2>&1 | head -1 | cut -d'"' -f2), $JAVA_OPTS)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) (percentiles on a busy machine measure the other processes too)"
java $JAVA_OPTS -cp portal-web/target/trustmap-portal.jar bench/OidcBenchmark.java
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
