#!/usr/bin/env bash
# JMH benchmarks of jwt-auth's hot path, verify path, token endpoint and scale (issue 6), then the
# steady-state round-trip count and cache memory report, then the ratios against the targets.
#
#   bench/run-jmh.sh                      # everything, ~12 minutes on 2 cores
#   JMH_OPTS='-f1 -wi 3 -i 5 -w1s -r1s'   # the default forks/iterations
#   BENCHMARKS='VerifyBenchmark'          # a subset (a JMH regexp)
#   SKIP_INSTALL=1 WAIT_QUIET=0           # see lib.sh
#
# Results: bench/results/jmh.json (JMH, with -prof gc), jmh.txt (its log), hotpath.json,
# summary.txt. PostgreSQL (JWT_AUTH_BENCH_POSTGRES_URL, default
# jdbc:postgresql://127.0.0.1:5432/test?user=postgres; the bench uses its own schema there) is
# skipped with a note when it does not answer.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

JMH_OPTS=${JMH_OPTS:-"-f1 -wi 3 -i 5 -w1s -r1s"}
BENCHMARKS=${BENCHMARKS:-'FilterBenchmark|ContainerBenchmark|VerifyBenchmark|ScaleBenchmark|RefreshBenchmark|ExchangeBenchmark'}
MEMORY_SIZES=${MEMORY_SIZES:-10,10000,1000000}

build
mkdir -p "$RESULTS_DIR"

params=()
pg_url=${JWT_AUTH_BENCH_POSTGRES_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}
if ! java -cp "$CP" io.github.jwtauth.bench.PgCheck "$pg_url" >/dev/null 2>&1; then
    log "PostgreSQL does not answer at $pg_url: refresh benchmarks on H2 only"
    params=(-p db=h2)
fi

wait_quiet
machine | tee "$RESULTS_DIR/machine-jmh.txt"
start=$(date +%s)
set +o pipefail
# shellcheck disable=SC2086
java -cp "$CP" org.openjdk.jmh.Main "$BENCHMARKS" $JMH_OPTS "${params[@]}" -foe true -prof gc \
    -rf json -rff "$RESULTS_DIR/jmh.json" 2>&1 | tee "$RESULTS_DIR/jmh.txt" \
    | grep --line-buffered -E '^\[bench\]|^# Benchmark:|^# Parameters|^Benchmark |^[A-Z][A-Za-z]+Benchmark\.' \
    | grep --line-buffered -v -E ':gc\.(count|time)|:gc\.alloc\.rate +[A-Z]'
jmh_status=${PIPESTATUS[0]}
set -o pipefail
((jmh_status == 0)) || die "JMH failed (exit $jmh_status; see $RESULTS_DIR/jmh.txt)"
[[ -s "$RESULTS_DIR/jmh.json" ]] || die "JMH wrote no results (see $RESULTS_DIR/jmh.txt)"

# The hot path again on a newer JVM, if there is one: String.hashCode is vectorised since JDK 21,
# and hashing the token is a large part of a cached verification on 17.
COMPARE_JVM=${COMPARE_JVM-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
compare=()
if [[ -n "$COMPARE_JVM" && -x "$COMPARE_JVM" ]]; then
    log "hot path on $("$COMPARE_JVM" -version 2>&1 | head -n 1)"
    # shellcheck disable=SC2086
    java -cp "$CP" org.openjdk.jmh.Main 'FilterBenchmark|VerifyBenchmark.(rawHmacSha256|seenToken|firstSeenToken|javaJwtVerify)' \
        -p alg=HS256 -jvm "$COMPARE_JVM" $JMH_OPTS -prof gc -rf json -rff "$RESULTS_DIR/jmh-compare.json" \
        > "$RESULTS_DIR/jmh-compare.txt" 2>&1 || log "comparison run failed (see $RESULTS_DIR/jmh-compare.txt)"
    echo "compare_jvm=\"$("$COMPARE_JVM" -version 2>&1 | head -n 2 | tr '\n' ' ')\"" >> "$RESULTS_DIR/machine-jmh.txt"
    [[ -s "$RESULTS_DIR/jmh-compare.json" ]] && compare=("$RESULTS_DIR/jmh-compare.json")
fi

log "steady-state round trips and cache memory"
java -Xmx6g -cp "$CP" -Dsteady.seconds=5 -Dmemory.sizes="$MEMORY_SIZES" \
    io.github.jwtauth.bench.HotPathReport "$RESULTS_DIR/hotpath.json" 2>&1 | grep '^\[report\]'
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg), $(($(date +%s) - start)) s" >> "$RESULTS_DIR/machine-jmh.txt"

python3 "$BENCH_DIR/summarize.py" "$RESULTS_DIR/jmh.json" "$RESULTS_DIR/hotpath.json" "${compare[@]}" \
    | tee "$RESULTS_DIR/summary.txt"
