#!/usr/bin/env bash
# Runs the README's first command's jar with zero configuration in a scratch folder, takes the
# bootstrap token it prints, and runs the README's curl examples exactly as written, checking
# that each answers successfully and that the usage search finds the uploaded log4j-core 2.14.1.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f portal-web/target/trustmap-portal.jar ] || mvn -q -B -DskipTests package
repo=$(pwd)
scratch=$(mktemp -d /tmp/trustmap-readme.XXXXXX)
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$scratch"' EXIT
(cd "$scratch" && exec java -jar "$repo/portal-web/target/trustmap-portal.jar" > portal.log 2>&1) &
pid=$!
for _ in $(seq 1 300); do grep -q "Trustmap ready on" "$scratch/portal.log" 2>/dev/null && break; sleep 0.1; done
TOKEN=$(grep -oE '^\s+tm_[A-Za-z0-9_-]{40,}' "$scratch/portal.log" | tr -d ' ')
[ -n "$TOKEN" ] || { echo "no bootstrap token printed"; cat "$scratch/portal.log"; exit 1; }
export TOKEN
export TRUSTMAP_URL=http://localhost:8080   # as the README says to
# the README's curl block, verbatim
awk '/^With the portal running on its defaults/{found=1} found && /^```sh$/{inblock=1; next} inblock && /^```$/{exit} inblock{print}' README.md > "$scratch/snippet.sh"
[ -s "$scratch/snippet.sh" ] || { echo "README curl block not found"; exit 1; }
output=$(bash -euo pipefail "$scratch/snippet.sh")
echo "$output" | grep -q '"token":"tm_' || { echo "token creation failed: $output"; exit 1; }
echo "$output" | grep -q '"state":"completed"' || { echo "upload did not complete: $output"; exit 1; }
echo "$output" | grep -q '"service":"checkout-api","tier":"critical","version":"2.14.1"' || { echo "usage search did not find log4j-core 2.14.1: $output"; exit 1; }
echo "$output" | grep -q '"decision":"pass"' || { echo "gate did not decide: $output"; exit 1; }
# the Dependency-Track compatible block, verbatim
awk '/^Pipelines that upload to Dependency-Track/{found=1} found && /^```sh$/{inblock=1; next} inblock && /^```$/{exit} inblock{print}' README.md > "$scratch/dt.sh"
[ -s "$scratch/dt.sh" ] || { echo "README Dependency-Track block not found"; exit 1; }
dt=$(bash -euo pipefail "$scratch/dt.sh")
echo "$dt" | grep -q '"token":"' || { echo "Dependency-Track multipart upload failed: $dt"; exit 1; }
echo "$dt" | grep -qE '"processing":(true|false)' || { echo "Dependency-Track token not known: $dt"; exit 1; }
for _ in $(seq 1 50); do
  service=$(curl -s -H "Authorization: Bearer $TOKEN" "$TRUSTMAP_URL/api/v1/services/payments-api")
  echo "$service" | grep -q '"label":"1.4.3"' && break; sleep 0.2
done
echo "$service" | grep -q '"label":"1.4.3"' || { echo "Dependency-Track uploads did not reach payments-api: $service"; exit 1; }
echo "README examples: 9 passed, 0 failed"
