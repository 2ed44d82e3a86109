#!/usr/bin/env bash
# Fuzzes every Jazzer @FuzzTest target of the library, one after the other, for the given seconds
# each (default 60), and prints the executions per target. Not part of the test command, which only
# replays the committed corpus (RELIABILITY.md, "Fuzzing").
#
#   fuzz/run.sh [seconds-per-target] [Class#method ...]
#
# Runs offline: run the test command (README, "Testing") once first, so the dependencies are there.
# Each target runs in its own JVM through Surefire with JAZZER_FUZZ=1 (Jazzer fuzzes one @FuzzTest
# per JVM). The generated corpus grows in .cifuzz-corpus/ (git-ignored); an input that breaks a
# contract is written beside the committed corpus, src/test/resources/<package>/<Class>Inputs/<method>/,
# where the test command replays it from then on. Logs: fuzz/out/<Class>.<method>.log.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift || true
if [ "$#" -gt 0 ]; then
  targets=("$@")
else
  # every method annotated @FuzzTest, as Class#method
  mapfile -t targets < <(
    grep -rl --include='*FuzzTest.java' '@FuzzTest' src/test/java | sort | while read -r f; do
      cls="$(basename "$f" .java)"
      grep -A1 '@FuzzTest' "$f" | grep -oE 'void [A-Za-z0-9_]+' | sed "s/^void /${cls}#/"
    done
  )
fi

mkdir -p fuzz/out
# compile once; each target below then only runs
mvn -B -q -o -Dstyle.color=never test-compile >fuzz/out/compile.log 2>&1 || {
  cat fuzz/out/compile.log
  exit 1
}

printf '%-80s %12s %10s %s\n' target executions exec/s result
status=0
for t in "${targets[@]}"; do
  log="fuzz/out/${t/\#/.}.log"
  set +e
  JAZZER_FUZZ=1 mvn -B -o -Dstyle.color=never surefire:test \
    -Dtest="$t" -Dsurefire.failIfNoSpecifiedTests=false \
    -DargLine="-Xmx1g" \
    -Djazzer.internal.arg.0=fuzz \
    -Djazzer.internal.arg.1="-max_total_time=${seconds}" \
    -Djazzer.internal.arg.2=-timeout=10 \
    -Djazzer.internal.arg.3=-print_final_stats=1 \
    >"$log" 2>&1
  rc=$?
  set -e
  runs="$(grep -oE 'stat::number_of_executed_units: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+$' || true)"
  rate="$(grep -oE 'stat::average_exec_per_sec: *[0-9]+' "$log" | tail -1 | grep -oE '[0-9]+$' || true)"
  if [ "$rc" -eq 0 ]; then result=ok; else result="FINDING (see $log)"; status=1; fi
  printf '%-80s %12s %10s %s\n' "$t" "${runs:-?}" "${rate:-?}" "$result"
done
exit "$status"
