#!/usr/bin/env bash
# Issue 13, item 4: jwt-auth and its peers in one wrk run, on the same container, the same hello
# servlet and the same HS256 token (LoadServer's app "peers", run by run-load.sh):
#
#   /jwt      jwt-auth (the drop-in jar, as in run-load.sh's bare app)
#   /spring   Spring Security 7.1's resource server without Spring Boot: FilterChainProxy with
#             SecurityContextHolderFilter, BearerTokenAuthenticationFilter (NimbusJwtDecoder.withSecretKey)
#             and SecurityContextHolderAwareRequestFilter (SpringPeer)
#   /javajwt  a naive java-jwt filter (JavaJwtFilter)
#   /plain    no filter
#
# pac4j's Jakarta EE filter, the issue's third peer, is not in it: its artifacts do not resolve from
# the registry this project builds from.
#
# Load part (wrk): every Bearer mode has a same-bytes anonymous twin through the same filter; peers.py pairs them per
# repetition. Defaults keep the run near 11 minutes: 3 repetitions, 5 s per mode, 32 and 128
# connections, both containers. Knobs as run-load.sh's (LOAD_SECONDS, LOAD_REPS, LOAD_CONCURRENCY,
# LOAD_CONTAINERS, LOAD_WARMUP_SECONDS, BENCH_MAVEN_REPO, SKIP_INSTALL); results go to
# bench/results/peers/ (BENCH_RESULTS): load.csv, peers-summary.md, machine-load.txt (load average
# and uptime before and after).
#
# Then the first-seen cost per algorithm, HS256/RS256/ES256 (JMH, VerifyBenchmark's firstSeenToken,
# seenToken and tokenVerifier for jwt-auth, springDecode for Spring's NimbusJwtDecoder.decode,
# javaJwtVerify for java-jwt; -prof gc), to jmh-peers.json / jmh-peers.txt, then the same
# operations in thread CPU time (FirstSeenCpuReport, first-seen-cpu.jsonl: JMH's wall-clock ns/op
# counts the time a thread waits for a core on a shared machine), both tables in peers-jmh.md.
# PEERS_JMH=0 skips it, PEERS_LOAD=0 skips the load part; JMH_OPTS as run-jmh.sh's.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export LOAD_APPS=peers
export LOAD_CONCURRENCY=${LOAD_CONCURRENCY:-"32 128"}
export LOAD_REPS=${LOAD_REPS:-3}
export LOAD_SECONDS=${LOAD_SECONDS:-5}
export BENCH_RESULTS=${BENCH_RESULTS:-$here/results/peers}
# a machine shared with builds rarely gets quiet: wait a minute at most, and say so in the results
export QUIET_MAX_SECONDS=${QUIET_MAX_SECONDS:-60}
if [[ ${PEERS_LOAD:-1} == 1 ]]; then
    "$here/run-load.sh"
    export SKIP_INSTALL=1 # the load part installed the library already
fi
if [[ ${PEERS_JMH:-1} == 1 ]]; then
    . "$here/lib.sh"
    build
    mkdir -p "$RESULTS_DIR"
    JMH_OPTS=${JMH_OPTS:-"-f1 -wi 3 -i 5 -w1s -r1s"}
    { machine; echo "uptime before: $(uptime)"; } | tee "$RESULTS_DIR/machine-jmh.txt"
    # shellcheck disable=SC2086
    java -cp "$CP" org.openjdk.jmh.Main 'VerifyBenchmark\.(firstSeenToken|seenToken|tokenVerifier|springDecode|javaJwtVerify)$' $JMH_OPTS -foe true \
        -prof gc -rf json -rff "$RESULTS_DIR/jmh-peers.json" > "$RESULTS_DIR/jmh-peers.txt" 2>&1 \
        || die "JMH failed (see $RESULTS_DIR/jmh-peers.txt)"
    # the same operations timed in thread CPU time (FirstSeenCpuReport), which a busy machine blurs less
    java -cp "$CP" io.github.jwtauth.bench.FirstSeenCpuReport 2>/dev/null | grep '^{' > "$RESULTS_DIR/first-seen-cpu.jsonl" \
        || die "FirstSeenCpuReport failed"
    echo "uptime after: $(uptime)" >> "$RESULTS_DIR/machine-jmh.txt"
    python3 "$here/peers.py" "$RESULTS_DIR/jmh-peers.json" | tee "$RESULTS_DIR/peers-jmh.md"
    python3 "$here/peers.py" "$RESULTS_DIR/first-seen-cpu.jsonl" | tee -a "$RESULTS_DIR/peers-jmh.md"
fi
