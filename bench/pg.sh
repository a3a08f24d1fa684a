#!/usr/bin/env bash
# Starts a private PostgreSQL for benchmarks from Debian's package:
#   bench/pg.sh start DIR PORT (a new, empty server) | restart DIR PORT (the same server again) | stop DIR
# Default durability settings (fsync on), so figures are what a real installation sees.
set -euo pipefail
cmd=$1; dir=$2
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$cmd" in
  start)
    port=$3
    rm -rf "$dir"; mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
    as_pg "$bin/initdb" -D "$dir/data" -A trust -U trustmap -E UTF8 --locale=C >/dev/null
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c shared_buffers=256MB" start >/dev/null
    "$bin/psql" -h 127.0.0.1 -p "$port" -U trustmap -d postgres -qc "CREATE DATABASE trustmap" ;;
  restart)
    port=$3
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c shared_buffers=256MB" start >/dev/null ;;
  stop)
    as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true ;;
esac
