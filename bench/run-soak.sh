#!/usr/bin/env bash
# The soak with faults (issue 13 item 3; not part of the README's test command): three nodes
# (embedded Jetty 12, Tomcat 11, and a Jetty whose jwt-auth clock runs 20 s ahead) on one
# PostgreSQL of its own, a mixed load for DURATION seconds (default 600), the database stopped for
# 20 s at 30 % of the run and the Tomcat node killed with SIGKILL at 60 %. Loopback only. Writes
# bench/results/soak/{summary.json,timeline.csv,soak.png,node*.log} and exits non-zero when an
# invariant was violated. See RELIABILITY.md.
#
#   [SOAK_TOKEN_CACHE=N] [SOAK_OUT=DIR] bench/run-soak.sh [DURATION_SECONDS]
set -euo pipefail
source "$(dirname "$0")/lib.sh"

DURATION=${1:-600}
OUT=${SOAK_OUT:-$RESULTS_DIR/soak}
build
rm -rf "$OUT"; mkdir -p "$OUT"
DB="$BENCH_DIR/soak-db.sh"
bash "$DB" init
bash "$DB" start
trap 'bash "$DB" destroy' EXIT
JDBC="jdbc:postgresql://127.0.0.1:${SOAK_PG_PORT:-55432}/postgres?user=postgres"
{ echo "start $(date -u +%FT%TZ) $(git -C "$ROOT_DIR" rev-parse --short HEAD)"; uptime; } > "$OUT/machine.txt"
status=0
# SOAK_TOKEN_CACHE: jwt-auth.token-cache-size of the nodes (default jwt-auth's 10000); a small one
# fills in the first minutes, so that heap growth after that is not the cache filling up
java -Dsoak.token-cache-size="${SOAK_TOKEN_CACHE:-10000}" -cp "$CP" io.github.jwtauth.bench.soak.SoakDriver "$OUT" "$DURATION" "$JDBC" "$DB" \
    | tee "$OUT/driver.log" || status=$?
{ echo "end $(date -u +%FT%TZ)"; uptime; } >> "$OUT/machine.txt"
PY=python3
/usr/bin/python3 -c 'import matplotlib' 2>/dev/null && PY=/usr/bin/python3
"$PY" "$BENCH_DIR/plot-soak.py" "$OUT" || log "no plot (matplotlib missing?)"
exit $status
