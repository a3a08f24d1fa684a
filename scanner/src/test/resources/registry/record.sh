#!/usr/bin/env bash
# Re-records the Maven Central answers the hermetic collector tests replay (run from this folder).
# A path that answers 404 is simply not recorded: the replay server answers 404 for it, as Central did.
set -euo pipefail
cd "$(dirname "$0")"
central=https://repo1.maven.org/maven2
paths=(
  dev/sigstore/sigstore-java/maven-metadata.xml
  dev/sigstore/sigstore-java/2.0.0/sigstore-java-2.0.0.pom
  dev/sigstore/sigstore-java/2.0.0/sigstore-java-2.0.0.jar.asc
  dev/sigstore/sigstore-java/2.0.0/sigstore-java-2.0.0.jar.sigstore.json
  dev/sigstore/sigstore-java/2.0.0/sigstore-java-2.0.0.jar.sha1
  dev/sigstore/sigstore-java/2.0.0/sigstore-java-2.0.0.jar.sha256
  dev/sigstore/sigstore-java/1.3.0/sigstore-java-1.3.0.pom
  dev/sigstore/sigstore-java/1.3.0/sigstore-java-1.3.0.jar.sigstore.json
  org/apache/commons/commons-lang3/maven-metadata.xml
  org/apache/commons/commons-lang3/3.14.0/commons-lang3-3.14.0.pom
  org/apache/commons/commons-lang3/3.14.0/commons-lang3-3.14.0.jar.asc
  org/apache/commons/commons-lang3/3.14.0/commons-lang3-3.14.0.jar.sigstore.json
  org/apache/commons/commons-lang3/3.14.0/commons-lang3-3.14.0.jar.sha1
  org/apache/commons/commons-lang3/3.14.0/commons-lang3-3.14.0.jar.sha256
  org/apache/commons/commons-lang3/3.13.0/commons-lang3-3.13.0.pom
  org/apache/commons/commons-lang3/3.13.0/commons-lang3-3.13.0.jar.sigstore.json
  org/apache/commons/commons-parent/64/commons-parent-64.pom
  org/apache/commons/commons-parent/58/commons-parent-58.pom
  org/apache/apache/30/apache-30.pom
  org/apache/apache/29/apache-29.pom
  mysql/mysql-connector-java/maven-metadata.xml
  mysql/mysql-connector-java/8.0.33/mysql-connector-java-8.0.33.pom
  mysql/mysql-connector-java/8.0.33/mysql-connector-java-8.0.33.jar.asc
  mysql/mysql-connector-java/8.0.33/mysql-connector-java-8.0.33.jar.sigstore.json
  mysql/mysql-connector-java/8.0.33/mysql-connector-java-8.0.33.jar.sha1
  mysql/mysql-connector-java/8.0.33/mysql-connector-java-8.0.33.jar.sha256
  mysql/mysql-connector-java/8.0.32/mysql-connector-java-8.0.32.pom
)
for p in "${paths[@]}"; do
  out="maven-central/$p"
  mkdir -p "$(dirname "$out")"
  code=$(curl -s -o "$out.tmp" -w '%{http_code}' "$central/$p")
  if [ "$code" = 200 ]; then mv "$out.tmp" "$out"; echo "200 $p"; else rm -f "$out.tmp"; echo "$code $p (not recorded)"; fi
done
