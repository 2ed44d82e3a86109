#!/usr/bin/env bash
# The soak with faults (issue 13 item 3; not part of the README's test command): three nodes
# (embedded Jetty 12, Tomcat 11, and a Jetty whose clock runs 20 s ahead through libfaketime) on one
# PostgreSQL of its own, a mixed load for DURATION seconds (default 600), the database stopped for
# 20 s at 30 % of the run and the Tomcat node killed with SIGKILL at 60 %. Loopback only. Writes
# bench/results/soak/{summary.json,timeline.csv,soak.png,node*.log} and exits non-zero when an
# invariant was violated. See RELIABILITY.md.
#
#   bench/run-soak.sh [DURATION_SECONDS]
set -euo pipefail
source "$(dirname "$0")/lib.sh"

DURATION=${1:-600}
OUT=$RESULTS_DIR/soak
FAKETIME_LIB=${FAKETIME_LIB:-/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1}
if [[ ! -f "$FAKETIME_LIB" ]]; then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
        log "installing faketime (Debian) for the skewed node"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q faketime >/dev/null || die "could not install faketime"
    fi
    [[ -f "$FAKETIME_LIB" ]] || die "no libfaketime at $FAKETIME_LIB (apt-get install faketime, or set FAKETIME_LIB)"
fi

build
rm -rf "$OUT"; mkdir -p "$OUT"
DB="$BENCH_DIR/soak-db.sh"
bash "$DB" init
bash "$DB" start
trap 'bash "$DB" destroy' EXIT
JDBC="jdbc:postgresql://127.0.0.1:${SOAK_PG_PORT:-55432}/postgres?user=postgres"
{ echo "start $(date -u +%FT%TZ) $(git -C "$ROOT_DIR" rev-parse --short HEAD)"; uptime; } > "$OUT/machine.txt"
status=0
java -cp "$CP" io.github.jwtauth.bench.soak.SoakDriver "$OUT" "$DURATION" "$JDBC" "$DB" "$FAKETIME_LIB" \
    | tee "$OUT/driver.log" || status=$?
{ echo "end $(date -u +%FT%TZ)"; uptime; } >> "$OUT/machine.txt"
PY=python3
/usr/bin/python3 -c 'import matplotlib' 2>/dev/null && PY=/usr/bin/python3
"$PY" "$BENCH_DIR/plot-soak.py" "$OUT" || log "no plot (matplotlib missing?)"
exit $status
