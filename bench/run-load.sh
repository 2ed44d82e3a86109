#!/usr/bin/env bash
# Load test (issue 6, target 1): wrk on 127.0.0.1 against a bare hello servlet in embedded Jetty 12
# and Tomcat 11 (io.github.jwtauth.bench.LoadServer), in four modes, at several concurrencies:
#
#   plain         /plain/hello, a webapp without jwt-auth          (the container alone)
#   plain+header  the same with the Bearer header                  (what parsing the header costs)
#   anonymous     /jwt/hello, jwt-auth in WEB-INF/lib, no header   (the filter's pass-through)
#   bearer        /jwt/hello with a valid HS256 token              (the filter's hot path)
#
# Target: bearer >= 0.95 x anonymous. Runs alternate between modes and repeat (LOAD_REPS) so drift
# hits all modes alike; the mean of the repeats is reported. Bounded: each server exits by itself
# after LOAD_SERVER_MAX_SECONDS, each wrk run lasts LOAD_SECONDS.
#
#   bench/run-load.sh                      # ~8 minutes
#   LOAD_SECONDS=8 LOAD_REPS=2 LOAD_WARMUP_SECONDS=10 LOAD_CONCURRENCY="8 32 128" LOAD_CONTAINERS="jetty tomcat"
#   LOAD_JAVA_OPTS=-Djetty.headerCacheSize=0   # server JVM options (this one: Jetty without its header cache)
#   SKIP_INSTALL=1 WAIT_QUIET=0            # see lib.sh
#
# Results: bench/results/load.csv, load-summary.md, and bench/throughput.png (bench/plot.py;
# LOAD_PLOT=path to put the picture elsewhere).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

SECONDS_PER_RUN=${LOAD_SECONDS:-8}
WARMUP=${LOAD_WARMUP_SECONDS:-10}
REPS=${LOAD_REPS:-2}
CONCURRENCY=${LOAD_CONCURRENCY:-"8 32 128"}
CONTAINERS=${LOAD_CONTAINERS:-"jetty tomcat"}
SERVER_MAX=${LOAD_SERVER_MAX_SECONDS:-600}
CSV="$RESULTS_DIR/load.csv"

if ! command -v wrk >/dev/null; then
    log "installing wrk (Debian package)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null || die "could not install wrk"
fi
# the plot needs matplotlib: Debian's python3-matplotlib goes with Debian's /usr/bin/python3
PY=python3
if ! python3 -c 'import matplotlib' 2>/dev/null; then
    if ! /usr/bin/python3 -c 'import matplotlib' 2>/dev/null; then
        log "installing python3-matplotlib (Debian package) for the plot"
        export DEBIAN_FRONTEND=noninteractive
        { apt-get update -q >/dev/null && apt-get install -y -q python3-matplotlib >/dev/null; } \
            || log "could not install python3-matplotlib: no plot"
    fi
    /usr/bin/python3 -c 'import matplotlib' 2>/dev/null && PY=/usr/bin/python3
fi

build
mkdir -p "$RESULTS_DIR"
work=$(mktemp -d /tmp/jwt-auth-load.XXXXXX)
server_pid=
stop_server() {
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    server_pid=
}
trap 'stop_server; rm -rf "$work"' EXIT

# one wrk run: mode concurrency seconds -> prints "rps,non2xx,socket_errors"
run_wrk() {
    local mode=$1 c=$2 secs=$3 path header=()
    case $mode in
        plain) path=/plain/hello ;;
        plain+header) path=/plain/hello; header=(-H "Authorization: Bearer $TOKEN") ;;
        anonymous) path=/jwt/hello ;;
        bearer) path=/jwt/hello; header=(-H "Authorization: Bearer $TOKEN") ;;
    esac
    local out
    out=$(wrk -t2 -c"$c" -d"${secs}s" --timeout 5s "${header[@]}" "http://127.0.0.1:$PORT$path")
    local rps non2xx errors
    rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $5 }' <<<"$out")
    errors=$(awk '/Socket errors:/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' <<<"$out")
    echo "${rps:-0},${non2xx:-0},${errors:-0}"
}

wait_quiet
machine | tee "$RESULTS_DIR/machine-load.txt"
echo "container,concurrency,mode,rep,requests_per_sec,non2xx,socket_errors" > "$CSV"
modes=(plain plain+header anonymous bearer)
for container in $CONTAINERS; do
    ready="$work/$container.ready"
    log "$container: starting (log: $work/$container.log)"
    # shellcheck disable=SC2086
    timeout "$((SERVER_MAX + 30))" java -Xms1g -Xmx1g ${LOAD_JAVA_OPTS:-} -cp "$CP" io.github.jwtauth.bench.LoadServer \
        "$container" "$ready" "$SERVER_MAX" >"$work/$container.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 120); do
        [[ -s "$ready" ]] && break
        kill -0 "$server_pid" 2>/dev/null || { cat "$work/$container.log" >&2; die "$container did not start"; }
        sleep 0.5
    done
    [[ -s "$ready" ]] || die "$container not ready after 60 s"
    # shellcheck disable=SC1090
    . "$ready"
    log "$container: port $PORT; warm-up ${WARMUP}s per mode"
    for mode in "${modes[@]}"; do
        run_wrk "$mode" 32 "$WARMUP" >/dev/null
    done
    for ((rep = 1; rep <= REPS; rep++)); do
        for c in $CONCURRENCY; do
            order=("${modes[@]}")
            if ((rep % 2 == 0)); then order=(bearer anonymous plain+header plain); fi
            for mode in "${order[@]}"; do
                res=$(run_wrk "$mode" "$c" "$SECONDS_PER_RUN")
                echo "$container,$c,$mode,$rep,$res" >> "$CSV"
                IFS=, read -r rps non2xx errors <<<"$res"
                printf '[bench] %-6s c=%-4s %-13s rep %d: %10s req/s  non-2xx %s  socket errors %s\n' \
                    "$container" "$c" "$mode" "$rep" "$rps" "$non2xx" "$errors" >&2
                [[ "$non2xx" == 0 ]] || die "$container $mode: $non2xx non-2xx answers (token refused?)"
            done
        done
    done
    stop_server
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$RESULTS_DIR/machine-load.txt"

"$PY" "$BENCH_DIR/plot.py" "$CSV" "${LOAD_PLOT:-$BENCH_DIR/throughput.png}" | tee "$RESULTS_DIR/load-summary.md"
