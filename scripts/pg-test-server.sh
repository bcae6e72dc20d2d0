#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on 127.0.0.1 for the database tests.
#   pg-test-server.sh start   installs PostgreSQL if missing (Debian, as root), starts a fresh
#                             cluster and prints its URL (for QUOTES_TEST_PG_URL)
#   pg-test-server.sh resume  starts it again on the data it kept (after a reboot, or a server
#                             that was killed), or a fresh one if it kept none; prints its URL
#   pg-test-server.sh stop    stops it and deletes its data
#   pg-test-server.sh url     prints its URL if it is running (exit 1 if not)
# Port and data folder are derived from this checkout's path, so that several checkouts on one
# machine each get their own server. A NAME after the command makes another server of this
# checkout (bench/bench_db.py's is "bench"), so that a benchmark and the tests never share one.
set -euo pipefail
cd "$(dirname "$0")/.."
tag=$( (pwd; [ -z "${2:-}" ] || echo "$2") | cksum | cut -d' ' -f1)
dir=/tmp/quotes-pg-$tag
port=$((20000 + tag % 20000))
cd /tmp  # the server's user may not be allowed into this checkout

as_owner() {  # initdb and postgres refuse to run as root
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

bin_dir() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

stop() {
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$(bin_dir)/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
}

start() {
    if [ -z "$(bin_dir)" ]; then
        if [ "$(id -u)" != 0 ]; then
            echo "pg-test-server: PostgreSQL is not installed (apt-get install postgresql)" >&2
            exit 1
        fi
        echo "pg-test-server: installing PostgreSQL (Debian package)" >&2
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
    local bin
    bin=$(bin_dir)
    stop
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U quotes -A trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    run_server "$bin"
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U quotes quotes_test
    url
}

run_server() {
    # durability is pointless for a throwaway test server; speed is not
    as_owner "$1/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
}

resume() {
    url && return
    # a server that died left its lock file behind: PostgreSQL sees that its process is gone
    if [ -n "$(bin_dir)" ] && [ -f "$dir/data/PG_VERSION" ]; then
        run_server "$(bin_dir)"
        url
    else
        start
    fi
}

url() {
    # the lock file alone is not enough: a reboot or a killed server leaves it behind
    [ -n "$(bin_dir)" ] && [ -f "$dir/data/postmaster.pid" ] \
        && as_owner "$(bin_dir)/pg_ctl" -D "$dir/data" status >/dev/null 2>&1 || return 1
    echo "postgresql://quotes@127.0.0.1:$port/quotes_test"
}

case "${1:-}" in
    start) start ;;
    resume) resume ;;
    stop) stop ;;
    url) url ;;
    *) echo "usage: $0 start|resume|stop|url [NAME]" >&2; exit 2 ;;
esac
