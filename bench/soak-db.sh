#!/usr/bin/env bash
# The soak's own PostgreSQL cluster (not the machine's): bench/soak-db.sh init|start|stop|destroy.
# A throw-away cluster in $SOAK_PG_DIR (default /tmp/jwt-auth-soak-pg) on 127.0.0.1:$SOAK_PG_PORT
# (default 55432), trust authentication, run as user postgres when started by root (initdb refuses
# root). The soak stops and starts it to make its database outage.
set -euo pipefail
DIR=${SOAK_PG_DIR:-/tmp/jwt-auth-soak-pg}
PORT=${SOAK_PG_PORT:-55432}
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[[ -x "$PGBIN/pg_ctl" ]] || { echo "[soak-db] no PostgreSQL server binaries (pg_ctl) under /usr/lib/postgresql" >&2; exit 1; }
as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "${1:-}" in
    init)
        [[ -d "$DIR/data" ]] && { as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1 || true; }
        for _ in $(seq 30); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null || break; sleep 1; done
        if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
            echo "[soak-db] port $PORT is taken by another process: set SOAK_PG_PORT" >&2; exit 1
        fi
        rm -rf "$DIR"; mkdir -p "$DIR"; chmod 755 "$DIR"
        [[ $(id -u) == 0 ]] && chown postgres "$DIR"
        as_pg "$PGBIN/initdb" -D "$DIR/data" -A trust -U postgres >/dev/null ;;
    start)
        as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
            -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null ;;
    stop)
        as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -m fast -w -t 60 stop >/dev/null ;;
    destroy)
        as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
        rm -rf "$DIR" ;;
    *) echo "usage: $0 init|start|stop|destroy" >&2; exit 2 ;;
esac
