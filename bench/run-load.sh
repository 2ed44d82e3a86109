#!/usr/bin/env bash
# Load test (issue 6, target 1): wrk on 127.0.0.1 against Jetty 12 and Tomcat 11, two applications:
#
#   bare      a hello servlet (io.github.jwtauth.bench.LoadServer), deployed twice: /plain without
#             jwt-auth and /jwt with jwt-auth.jar dropped into WEB-INF/lib
#   example   the built webapp-example WAR, started by its own launchers (ExampleServer for Jetty,
#             TomcatExample for Tomcat) with their H2 DataSource; GET /api/hello
#   container (Tomcat only: Jetty takes no Jakarta Authentication module from the application) the
#             hello servlet with a web.xml security-constraint on /hello (role user) and a BASIC
#             login-config, deployed twice: /container with jwt-auth.jar (container mode: the module
#             authenticates every request) and /basic without it (Tomcat's own BASIC authenticator);
#             alice (role user) is in Tomcat's in-memory realm and owns the token's key-pair
#
# Modes (the same GET each time, only the headers differ):
#
#   plain              bare /plain/hello, no jwt-auth                     (the container alone)
#   plain+header       the same with the Bearer header                    (the container's cost of that header)
#   anonymous          jwt-auth deployed, no header                       (target 1's reference)
#   anonymous+padding  jwt-auth deployed, a header of exactly the Bearer header's size that is not
#                      Authorization: the same bytes on the wire, nothing to authenticate
#   bearer             jwt-auth deployed, a valid HS256 access token      (the filter's hot path)
#
# Modes of the container app (every request passes the constraint as alice):
#
#   basic                 /container, Authorization: Basic (the realm checks the password, through
#                         the module's PasswordValidationCallback)
#   basic+padding         the same plus a non-auth header that makes the request exactly as long as
#                         the Bearer one: the same bytes, the same constraint, the same Jakarta
#                         Authentication path, but the container's cheapest login   (item 8's reference)
#   bearer                /container, Authorization: Bearer (the module's token path)
#   native-basic+padding  /basic, the basic+padding request: Tomcat's BASIC without jwt-auth and
#                         without Jakarta Authentication (what the module's path costs as such)
#
# Modes of the peers app (issue 13; bench/run-peers.sh runs it alone): the same hello servlet and the
# same token (jwt-auth's, HS256) behind each peer, every Bearer mode with its same-bytes twin
#
#   plain+padding         /plain, the padding header: no filter at all (the common reference)
#   plain+header          /plain, the Bearer header: no filter (what the container pays for it)
#   anonymous+padding     /jwt, the padding header (jwt-auth's pass-through); bearer: /jwt, the token
#   spring+padding        /spring, the padding header; spring: the token (Spring Security's resource
#                         server, see SpringPeer)
#   java-jwt+padding      /javajwt, the padding header; java-jwt: the token (a naive java-jwt filter)
#
# Target 1: bearer >= 0.95 x anonymous; item 8: container bearer >= 0.95 x basic+padding. Each repetition runs every mode once, in forward order on odd
# repetitions and backward on even ones (drift hits all modes alike); ratios are taken per
# repetition and their median is reported. Each run also records the server JVM's CPU time per
# request (from /proc), which the other process on the two cores (wrk) does not blur.
#
#   bench/run-load.sh                      # ~16 minutes (bare and example on both containers)
#   LOAD_CONTAINERS=tomcat LOAD_APPS="bare container" bench/run-load.sh   # item 8, ~9 minutes
#   LOAD_SECONDS=5 LOAD_REPS=3 LOAD_WARMUP_SECONDS=8 LOAD_CONCURRENCY="8 32 128"
#   LOAD_CONTAINERS="jetty tomcat" LOAD_APPS="bare example"   # the defaults; add "container"
#   LOAD_JAVA_OPTS=-Djetty.headerCacheSize=0   # server JVM options (this one: Jetty without its header cache)
#   SKIP_INSTALL=1 WAIT_QUIET=0            # see lib.sh
#
# Results: bench/results/load.csv, load-summary.md, and bench/throughput.png (bench/plot.py;
# LOAD_PLOT=path to put the picture elsewhere).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

SECONDS_PER_RUN=${LOAD_SECONDS:-5}
WARMUP=${LOAD_WARMUP_SECONDS:-8}
REPS=${LOAD_REPS:-3}
CONCURRENCY=${LOAD_CONCURRENCY:-"8 32 128"}
CONTAINERS=${LOAD_CONTAINERS:-"jetty tomcat"}
APPS=${LOAD_APPS:-"bare example"}
SERVER_MAX=${LOAD_SERVER_MAX_SECONDS:-900}
CSV="$RESULTS_DIR/load.csv"
EXAMPLE_DIR="$ROOT_DIR/webapp-example"

if ! command -v wrk >/dev/null; then
    log "installing wrk (Debian package)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null || die "could not install wrk"
fi
command -v curl >/dev/null || die "curl is needed to create the example's key-pair"
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
if [[ " $APPS " == *" example "* ]]; then
    log "building the example WAR and its launcher classpath"
    example_build=(package -DskipTests -Dspotless.check.skip=true dependency:build-classpath
        -Dmdep.includeScope=test -Dmdep.outputFile=target/load-classpath.txt)
    (cd "$EXAMPLE_DIR" && { mvn -B -q -o "${example_build[@]}" >/dev/null 2>&1 || mvn -B -q "${example_build[@]}" 2>&1 | quiet; }) \
        || die "could not build $EXAMPLE_DIR"
    EXAMPLE_WAR=$(ls "$EXAMPLE_DIR"/target/*.war | head -n 1)
    EXAMPLE_CP="$EXAMPLE_DIR/target/test-classes:$EXAMPLE_DIR/target/classes:$(cat "$EXAMPLE_DIR/target/load-classpath.txt")"
fi
mkdir -p "$RESULTS_DIR"
work=$(mktemp -d /tmp/jwt-auth-load.XXXXXX)
server_pid=
java_pid=
stop_server() {
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    server_pid=
    java_pid=
}
trap 'stop_server; rm -rf "$work"' EXIT

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# CPU ticks (user + system) the server JVM has used so far
server_ticks() { awk '{ print $14 + $15 }' "/proc/$java_pid/stat"; }
TICK_US=$((1000000 / $(getconf CLK_TCK)))

# one wrk run: path mode concurrency seconds -> prints "rps,non2xx,socket_errors,server_cpu_us_per_request"
run_wrk() {
    local path=$1 mode=$2 c=$3 secs=$4 header=()
    case $mode in
        plain | anonymous) ;;
        plain+header | bearer | spring | java-jwt) header=(-H "Authorization: Bearer $TOKEN") ;;
        anonymous+padding | plain+padding | spring+padding | java-jwt+padding) header=(-H "$PADDING") ;;
        basic) header=(-H "Authorization: Basic $BASIC") ;;
        basic+padding | native-basic+padding) header=(-H "Authorization: Basic $BASIC" -H "$BASIC_PADDING") ;;
        *) die "unknown mode $mode" ;;
    esac
    local out t0 t1
    t0=$(server_ticks)
    out=$(wrk -t2 -c"$c" -d"${secs}s" --timeout 5s "${header[@]}" "http://127.0.0.1:$PORT$path")
    t1=$(server_ticks)
    local rps n non2xx errors
    rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
    n=$(awk '/requests in/ { print $1 }' <<<"$out")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $5 }' <<<"$out")
    errors=$(awk '/Socket errors:/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' <<<"$out")
    awk -v r="${rps:-0}" -v n="${n:-0}" -v x="${non2xx:-0}" -v e="${errors:-0}" -v d=$((t1 - t0)) -v t="$TICK_US" \
        'BEGIN { printf "%s,%s,%s,%.2f\n", r, x, e, (n > 0 ? d * t / n : 0) }'
}

# starts one application in one container; sets server_pid, java_pid, PORT, TOKEN (and BASIC for
# the container app)
start_app() {
    local container=$1 app=$2 log="$work/$container-$app.log"
    log "$container/$app: starting (log: $log)"
    if [[ $app == bare || $app == container || $app == peers ]]; then
        local ready="$work/$container-$app.ready"
        # shellcheck disable=SC2086
        timeout "$((SERVER_MAX + 30))" java -Xms1g -Xmx1g ${LOAD_JAVA_OPTS:-} -cp "$CP" io.github.jwtauth.bench.LoadServer \
            "$container" "$ready" "$SERVER_MAX" "$app" >"$log" 2>&1 &
        server_pid=$!
        for _ in $(seq 120); do
            [[ -s "$ready" ]] && break
            kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; die "$container/$app did not start"; }
            sleep 0.5
        done
        [[ -s "$ready" ]] || die "$container/$app not ready after 60 s"
        # shellcheck disable=SC1090
        . "$ready"
        if [[ $app == container ]]; then
            grep -q 'jwt-auth: container mode' "$log" || die "$container/$app: no 'container mode' line in $log"
            log "$container/$app: $(grep -m1 'runs jwt-auth in container mode' "$log" | sed 's/^\[load\] //')"
        fi
    else
        local main=com.example.legacy.ExampleServer data="$work/$container-example-data"
        [[ $container == tomcat ]] && main=com.example.legacy.TomcatExample
        PORT=$(free_port)
        # shellcheck disable=SC2086
        PORT=$PORT HOST=127.0.0.1 timeout "$((SERVER_MAX + 30))" java -Xms1g -Xmx1g ${LOAD_JAVA_OPTS:-} \
            -Djwtauth.example.war="$EXAMPLE_WAR" -Djwtauth.example.data="$data" -cp "$EXAMPLE_CP" "$main" \
            >"$log" 2>&1 &
        server_pid=$!
        local base="http://127.0.0.1:$PORT" up=
        for _ in $(seq 120); do
            if curl -fsS -o /dev/null "$base/api/hello" 2>/dev/null; then up=1; break; fi
            kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; die "$container/$app did not start"; }
            sleep 0.5
        done
        [[ -n $up ]] || die "$container/$app not answering after 60 s"
        # the README's walkthrough: a key-pair for alice (BASIC), exchanged for an access token
        local kp api_key api_secret
        kp=$(curl -fsS -u alice:password -X POST -F name=load "$base/jwt-auth/v1/key-pair") \
            || die "$container/$app: could not create a key-pair"
        api_key=$(json_field "$kp" api_key)
        api_secret=$(json_field "$kp" api_secret)
        TOKEN=$(json_field "$(curl -fsS -X POST -F "api_key=$api_key" -F "api_secret=$api_secret" \
            "$base/jwt-auth/v1/token")" access_token) || die "$container/$app: no token"
        [[ $(curl -s -H "Authorization: Bearer $TOKEN" "$base/api/hello") == *'Hello, alice!'* ]] \
            || die "$container/$app: the token does not authenticate"
    fi
    java_pid=$(pgrep -P "$server_pid" java || true)
    [[ -n "$java_pid" ]] || die "$container/$app: cannot find the server JVM"
    # a header of the Bearer header's exact size and name length that is not Authorization
    local filler
    filler=$(rev <<<"$TOKEN")
    PADDING="X-Not-A-Token: Opaque $filler"
    ((${#PADDING} == ${#TOKEN} + 22)) || die "padding header has the wrong size"
    if [[ $app == container ]]; then
        # Basic + padding, two header lines (each + CRLF), as long as the Bearer line (+ CRLF)
        local basic_line="Authorization: Basic $BASIC" pad_len
        pad_len=$((${#TOKEN} + 22 - ${#basic_line} - 2 - 22))
        ((pad_len > 0)) || die "the token is too short to pad the BASIC request to its size"
        BASIC_PADDING="X-Not-A-Token: Opaque ${filler:0:pad_len}"
        ((${#basic_line} + 2 + ${#BASIC_PADDING} == ${#TOKEN} + 22)) || die "BASIC padding has the wrong size"
    fi
}

json_field() {
    python3 -c 'import json, sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"
}

wait_quiet
{ machine; echo "uptime before: $(uptime)"; } | tee "$RESULTS_DIR/machine-load.txt"
echo "container,app,concurrency,mode,rep,requests_per_sec,non2xx,socket_errors,server_cpu_us_per_request" > "$CSV"
for container in $CONTAINERS; do
    for app in $APPS; do
        if [[ $app == container && $container != tomcat ]]; then
            log "$container/$app: skipped (no container mode on $container: its Jakarta Authentication takes no module from the application)"
            continue
        fi
        start_app "$container" "$app"
        case $app in
            bare) modes=(plain plain+header anonymous anonymous+padding bearer) ;;
            container) modes=(native-basic+padding basic basic+padding bearer) ;;
            peers) modes=(plain+padding plain+header anonymous+padding bearer spring+padding spring java-jwt+padding java-jwt) ;;
            *) modes=(anonymous anonymous+padding bearer) ;;
        esac
        path() {
            case $app/$1 in
                bare/plain* | peers/plain*) echo /plain/hello ;;
                bare/* | peers/anonymous* | peers/bearer) echo /jwt/hello ;;
                peers/spring*) echo /spring/hello ;;
                peers/java-jwt*) echo /javajwt/hello ;;
                container/native-*) echo /basic/hello ;;
                container/*) echo /container/hello ;;
                *) echo /api/hello ;;
            esac
        }
        log "$container/$app: port $PORT; warm-up ${WARMUP}s per mode"
        for mode in "${modes[@]}"; do
            run_wrk "$(path "$mode")" "$mode" 32 "$WARMUP" >/dev/null
        done
        backward=()
        for ((i = ${#modes[@]} - 1; i >= 0; i--)); do backward+=("${modes[i]}"); done
        for ((rep = 1; rep <= REPS; rep++)); do
            for c in $CONCURRENCY; do
                order=("${modes[@]}")
                ((rep % 2 == 0)) && order=("${backward[@]}")
                for mode in "${order[@]}"; do
                    res=$(run_wrk "$(path "$mode")" "$mode" "$c" "$SECONDS_PER_RUN")
                    echo "$container,$app,$c,$mode,$rep,$res" >> "$CSV"
                    IFS=, read -r rps non2xx errors cpu <<<"$res"
                    printf '[bench] %-6s %-9s c=%-4s %-20s rep %d: %10s req/s  %6s us CPU/req  non-2xx %s  socket errors %s\n' \
                        "$container" "$app" "$c" "$mode" "$rep" "$rps" "$cpu" "$non2xx" "$errors" >&2
                    [[ "$non2xx" == 0 ]] || die "$container/$app $mode: $non2xx non-2xx answers (credentials refused?)"
                done
            done
        done
        stop_server
    done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$RESULTS_DIR/machine-load.txt"
echo "uptime after: $(uptime)" >> "$RESULTS_DIR/machine-load.txt"

if [[ $APPS == peers ]]; then
    python3 "$BENCH_DIR/peers.py" "$CSV" | tee "$RESULTS_DIR/peers-summary.md"
else
    "$PY" "$BENCH_DIR/plot.py" "$CSV" "${LOAD_PLOT:-$BENCH_DIR/throughput.png}" | tee "$RESULTS_DIR/load-summary.md"
fi
