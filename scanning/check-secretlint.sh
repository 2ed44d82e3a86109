#!/usr/bin/env bash
# Runs the real secretlint (from the npm registry, into a temporary directory) with
# scanning/secretlintrc.json on generated api_secrets and near-misses (scanning/Fixtures.java):
# every leak/ file must be reported, no clean/ file may be. Needs node, npm and Java 17; builds
# target/classes if missing. Not part of the test command (that must not need the npm registry);
# ScanningRulesTest checks the same regex in every build.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
mvn -B -q -o compile 2>/dev/null || mvn -B -q compile
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
java -cp target/classes scanning/Fixtures.java "$work/fixtures"
(cd "$work" && npm init -y >/dev/null &&
    npm install --no-audit --no-fund --silent secretlint@12.0.0 @secretlint/secretlint-rule-pattern@12.0.0 >/dev/null)
lint() { (cd "$work" && node_modules/.bin/secretlint --secretlintrc "$root/scanning/secretlintrc.json" "$1" >/dev/null); }
fail=0 found=0 clean=0
for f in "$work"/fixtures/leak/*; do
    if lint "fixtures/leak/${f##*/}"; then echo "MISSED: ${f##*/}"; fail=1; else found=$((found + 1)); fi
done
for f in "$work"/fixtures/clean/*; do
    if lint "fixtures/clean/${f##*/}"; then clean=$((clean + 1)); else echo "FALSE ALARM: ${f##*/}"; fail=1; fi
done
echo "secretlint: $found leaks reported, $clean near-misses left alone"
exit $fail
