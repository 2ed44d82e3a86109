#!/usr/bin/env bash
# Reproducible build check: builds the library twice, from two copies of this working tree in two
# different directories, and fails unless the artifacts are byte-identical: the jar, its -sources
# and -javadoc jars, the dependency-reduced POM and (when Maven runs online) the CycloneDX SBOM.
# The build pins every archive time with project.build.outputTimestamp (pom.xml).
#
#   scripts/check-reproducible.sh          # extra Maven options, e.g. -o, go after it
set -euo pipefail

cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/jwt-auth-reproducible.XXXXXX)
trap 'rm -rf "$work"' EXIT

for n in 1 2; do
    mkdir "$work/$n"
    # tracked and untracked (not ignored) files: what a fresh clone of this tree would hold
    git ls-files --cached --others --exclude-standard -z | tar --null -T - -c | tar -x -C "$work/$n"
    (cd "$work/$n" && mvn -B -q "$@" package -Dmaven.test.skip=true) \
        || { echo "build $n failed" >&2; exit 1; }
done

status=0
compared=0
for f in "$work/1/target/"*.jar "$work/1/target/bom.json" "$work/1/target/bom.xml" \
         "$work/1/dependency-reduced-pom.xml"; do
    [[ -f "$f" ]] || continue
    other="$work/2/${f#"$work/1/"}"
    compared=$((compared + 1))
    if cmp -s "$f" "$other"; then
        echo "identical: ${f#"$work/1/"} ($(stat -c %s "$f") bytes, sha256 $(sha256sum "$f" | cut -c1-16)…)"
    else
        echo "DIFFERENT: ${f#"$work/1/"}" >&2
        status=1
    fi
done
((compared >= 4)) || { echo "expected at least 4 artifacts, found $compared" >&2; exit 1; }
exit "$status"
