# Shared by run-jmh.sh and run-load.sh (sourced, not run).

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] ERROR: %s\n' "$*" >&2; exit 1; }

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT_DIR=$(cd "$BENCH_DIR/.." && pwd)
RESULTS_DIR=${BENCH_RESULTS:-$BENCH_DIR/results}

# Maven's -q output without the colour resets it prints even in batch mode.
quiet() { sed -e 's/\x1b\[[0-9;]*m//g' -e '/^$/d'; }

# Installs the library jar from the repository root (SKIP_INSTALL=1 to use the one already in
# ~/.m2), then compiles the bench module and writes target/classpath.txt. The root build shares its
# tree with others: serialise it with a lock; skip compiling its tests (the benchmarks need only the
# main jar, and a half-edited test must not stop a benchmark). BENCH_MAVEN_REPO=dir installs into and
# builds from that local repository instead of ~/.m2 (a copy of it, for a machine shared with others).
build() {
    local repo=()
    [[ -n "${BENCH_MAVEN_REPO:-}" ]] && repo=("-Dmaven.repo.local=$BENCH_MAVEN_REPO")
    if [[ "${SKIP_INSTALL:-0}" != 1 ]]; then
        log "installing jwt-auth from $ROOT_DIR${BENCH_MAVEN_REPO:+ into $BENCH_MAVEN_REPO}"
        (cd "$ROOT_DIR" && flock /tmp/mvn-root.lock mvn -B -o -q "${repo[@]}" install -Dmaven.test.skip=true 2>&1 | quiet) \
            || die "could not install the jwt-auth jar (mvn -o install in $ROOT_DIR)"
    fi
    log "building the bench module"
    (cd "$BENCH_DIR" && { mvn -B -q -o "${repo[@]}" compile >/dev/null 2>&1 || mvn -B -q "${repo[@]}" compile 2>&1 | quiet; }) \
        || die "could not build $BENCH_DIR"
    CP="$BENCH_DIR/target/classes:$(cat "$BENCH_DIR/target/classpath.txt")"
    export CP
}

# Benchmarks on a shared 2-core machine are only worth their ratios if nothing else is running:
# with WAIT_QUIET=1 (default) wait up to QUIET_MAX_SECONDS for the 1-minute load average to fall
# under QUIET_LOAD, then go on regardless and say so.
wait_quiet() {
    [[ "${WAIT_QUIET:-1}" == 1 ]] || return 0
    local max=${QUIET_MAX_SECONDS:-300} limit=${QUIET_LOAD:-1.0} waited=0 load
    while :; do
        load=$(cut -d' ' -f1 /proc/loadavg)
        if awk -v l="$load" -v m="$limit" 'BEGIN { exit !(l < m) }'; then
            log "load average $load < $limit: starting"
            return 0
        fi
        if ((waited >= max)); then
            log "load average still $load after ${max}s: starting anyway (results will be noisier)"
            return 0
        fi
        ((waited == 0)) && log "load average $load >= $limit: waiting up to ${max}s for a quiet machine"
        sleep 10
        waited=$((waited + 10))
    done
}

# One line describing the machine, for the results.
machine() {
    printf 'date=%s nproc=%s cpu="%s" java="%s" jwt-auth=%s load="%s"\n' \
        "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(nproc)" \
        "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')" \
        "$(java -version 2>&1 | head -n 2 | tr '\n' ' ' | sed 's/ *$//')" \
        "$(git -C "$ROOT_DIR" describe --always --dirty 2>/dev/null || echo unknown)" \
        "$(cut -d' ' -f1-3 /proc/loadavg)"
}
