#!/usr/bin/env bash
# Re-records the Maven Central answers the hermetic collector tests replay (run from this folder).
# A path that answers 404 is simply not recorded: the replay server answers 404 for it, as Central did.
#
# Headers: each recorded file's Last-Modified goes into a sidecar `<file>.headers` (`Name: value`
# lines, `#` comments), which the replay server (RecordedRegistry) sends with the file. The collector
# dates each release by its POM's Last-Modified. When the Central we reach sends no Last-Modified
# (the proxy in front of the build machines strips it, 2026-12), a POM's sidecar takes the POM's own
# `project.build.outputTimestamp` (the reproducible-build time its release wrote into it) and says so
# in a comment; a POM with neither gets no sidecar, and the collector reports that release as undated.
set -euo pipefail
cd "$(dirname "$0")"
central=https://repo1.maven.org/maven2
# The collector tests run at 2026-11-25T12:00:00Z: releases are dated newest first back to the
# first one published more than 365 days before that, at most 30 (see MavenCentralCollector's ReleaseDates).
cutoff=$(date -u -d '2025-11-25T12:00:00Z' +%s)
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
  com/fasterxml/jackson/core/jackson-databind/maven-metadata.xml
  com/fasterxml/jackson/core/jackson-databind/2.17.2/jackson-databind-2.17.2.pom
  com/fasterxml/jackson/core/jackson-databind/2.17.2/jackson-databind-2.17.2.jar.asc
  com/fasterxml/jackson/core/jackson-databind/2.17.2/jackson-databind-2.17.2.jar.sigstore.json
  com/fasterxml/jackson/core/jackson-databind/2.17.2/jackson-databind-2.17.2.jar.sha1
  com/fasterxml/jackson/core/jackson-databind/2.17.2/jackson-databind-2.17.2.jar.sha256
  com/fasterxml/jackson/core/jackson-databind/2.17.1/jackson-databind-2.17.1.pom
  com/fasterxml/jackson/core/jackson-databind/2.17.1/jackson-databind-2.17.1.jar.sigstore.json
  com/fasterxml/jackson/jackson-base/2.17.2/jackson-base-2.17.2.pom
  com/fasterxml/jackson/jackson-base/2.17.1/jackson-base-2.17.1.pom
  com/fasterxml/jackson/jackson-bom/2.17.2/jackson-bom-2.17.2.pom
  com/fasterxml/jackson/jackson-bom/2.17.1/jackson-bom-2.17.1.pom
)
# Packages whose recent releases are dated (the collector fetches their POMs newest first).
dated=(
  dev/sigstore/sigstore-java
  org/apache/commons/commons-lang3
  mysql/mysql-connector-java
  com/fasterxml/jackson/core/jackson-databind
)

# record <path>: the body, and its Last-Modified in <path>.headers; prints the header's epoch seconds (or nothing)
record() {
  local p=$1 out="maven-central/$1" code lm stamp
  mkdir -p "$(dirname "$out")"
  code=$(curl -s -D "$out.hdr" -o "$out.tmp" -w '%{http_code}' "$central/$p")
  if [ "$code" != 200 ]; then rm -f "$out.tmp" "$out.hdr"; echo "$code $p (not recorded)" >&2; return 0; fi
  mv "$out.tmp" "$out"
  lm=$(grep -i '^last-modified:' "$out.hdr" | head -1 | cut -d: -f2- | tr -d '\r' | sed 's/^ *//' || true)
  rm -f "$out.hdr"
  rm -f "$out.headers"
  if [ -n "$lm" ]; then
    printf 'Last-Modified: %s\n' "$lm" > "$out.headers"
  elif [[ "$p" == *.pom ]]; then
    stamp=$(grep -o '<project.build.outputTimestamp>[0-9TZ:-]*</project.build.outputTimestamp>' "$out" | head -1 \
      | sed 's/<[^>]*>//g' || true)
    if [[ "$stamp" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T ]]; then
      lm=$(date -u -d "$stamp" '+%a, %d %b %Y %H:%M:%S GMT')
      printf '# Central sent no Last-Modified when recorded; the POM'"'"'s project.build.outputTimestamp (%s)\nLast-Modified: %s\n' \
        "$stamp" "$lm" > "$out.headers"
    fi
  fi
  echo "200 $p${lm:+ (Last-Modified: $lm)}" >&2
  if [ -n "$lm" ]; then date -u -d "$lm" +%s; fi
}

for p in "${paths[@]}"; do
  record "$p" > /dev/null
done

for d in "${dated[@]}"; do
  artifact=${d##*/}
  older=0
  count=0
  for v in $(grep -o '<version>[^<]*</version>' "maven-central/$d/maven-metadata.xml" | sed 's/<[^>]*>//g' | sort -V -r); do
    when=$(record "$d/$v/$artifact-$v.pom")
    count=$((count + 1))
    # an undated release ends the collector's walk too (its cadence is unknown from there on)
    if [ -z "$when" ]; then break; fi
    if [ -n "$when" ] && [ "$when" -lt "$cutoff" ]; then older=$((older + 1)); fi
    # two more past the first old one: `sort -V` and Maven's version order disagree on qualifiers
    if [ "$older" -ge 3 ] || [ "$count" -ge 34 ]; then break; fi
  done
done
