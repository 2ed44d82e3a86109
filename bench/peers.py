#!/usr/bin/env python3
"""Summarises the peers run of run-load.sh (LOAD_APPS=peers, bench/run-peers.sh) as Markdown: for
jwt-auth and each peer, the Bearer request against the same bytes sent anonymously through the same
filter, against the same Bearer request with no filter at all, and against jwt-auth's Bearer request, all
paired within a repetition (median of the repetitions, range in brackets), with the server JVM's
CPU time per request. "The same Bearer request, no filter" (plain+header) sends the token to the
hello servlet without any filter: what the container itself pays for the Authorization header, so
Bearer / plain+header is each filter's own cost.

With a JMH result file instead (VerifyBenchmark's peer subset, from run-peers.sh), the first-seen cost per
algorithm as Markdown; with FirstSeenCpuReport's lines (.jsonl), the same in thread CPU time.

Usage: peers.py results/peers/load.csv | results/peers/jmh-peers.json | results/peers/first-seen-cpu.jsonl
"""
import json
import statistics
import sys

from plot import fmt_ratio, load, med, paired

# (label, Bearer mode, its same-bytes anonymous twin through the same filter)
PEERS = [
    ("jwt-auth", "bearer", "anonymous+padding"),
    ("Spring Security 7.1 resource server", "spring", "spring+padding"),
    ("naive java-jwt filter", "java-jwt", "java-jwt+padding"),
]
REFERENCE = "plain+padding"  # the padding header, no filter
HEADER = "plain+header"  # the Bearer header, no filter: the container's own cost of it


JMH = [("firstSeenToken", "jwt-auth, first-seen token (authenticate, token cache off)"),
       ("tokenVerifier", "jwt-auth, TokenVerifier.check alone"),
       ("springDecode", "Spring Security, NimbusJwtDecoder.decode"),
       ("javaJwtVerify", "java-jwt, JWTVerifier.verify"),
       ("seenToken", "jwt-auth, seen token (authenticate, cached)")]


def cpu_diff(cell, a, b):
    """Per-repetition server CPU µs per request of mode a minus mode b."""
    return [cell[a][r][1] - cell[b][r][1] for r in cell.get(a, {}) if r in cell.get(b, {})]


def fmt_diff(v):
    return f"{statistics.median(v):+.2f} ({min(v):+.2f} to {max(v):+.2f})" if v else "—"


def first_seen_table(rows):
    """rows: alg -> operation -> (ns per call, cell text), as one Markdown table with the peers'
    ratios to jwt-auth's first-seen check."""
    print("| alg | " + " | ".join(label for _, label in JMH) + " | Spring / jwt-auth first-seen "
          "| java-jwt / jwt-auth first-seen |")
    print("|---|" + "---|" * (len(JMH) + 2))
    for alg in ("HS256", "RS256", "ES256"):
        row = rows.get(alg, {})
        cells = [row[n][1] if n in row else "—" for n, _ in JMH]
        first = row.get("firstSeenToken", (None,))[0]
        ratio = [f"{row[n][0] / first:.2f}" if first and n in row else "—" for n in ("springDecode", "javaJwtVerify")]
        print(f"| {alg} | " + " | ".join(cells) + " | " + " | ".join(ratio) + " |")


def jmh(path):
    """JMH's results of VerifyBenchmark's peer subset: ns/op ± error and B/op."""
    rows = {}
    for r in json.load(open(path)):
        m = r["primaryMetric"]
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        text = f"{m['score']:,.0f} ± {m['scoreError']:,.0f}" + (f" ({alloc:,.0f} B)" if alloc is not None else "")
        rows.setdefault(r["params"]["alg"], {})[r["benchmark"].rsplit(".", 1)[1]] = (m["score"], text)
    print("First-seen cost per token (JMH, ns/op ± 99.9 % CI, and bytes allocated per op); the peers have no "
          "cache, so their figure is what every request pays.\n")
    first_seen_table(rows)


def cpu_report(path):
    """FirstSeenCpuReport's lines: the same operations in thread CPU ns per call."""
    rows = {}
    for line in open(path):
        r = json.loads(line)
        text = f"{r['cpu_ns_median']:,.0f} ({r['cpu_ns_min']:,.0f}–{r['cpu_ns_max']:,.0f})"
        rows.setdefault(r["alg"], {})[r["op"]] = (r["cpu_ns_median"], text)
    print("\nThe same operations in the calling thread's CPU time (FirstSeenCpuReport: median of the rounds, range "
          "in brackets, ns per call); unlike JMH's wall-clock figures these do not count waiting for a core.\n")
    first_seen_table(rows)


def main():
    if sys.argv[1].endswith(".jsonl"):
        cpu_report(sys.argv[1])
        return
    if sys.argv[1].endswith(".json"):
        jmh(sys.argv[1])
        return
    cells = load(sys.argv[1])
    order = sorted(cells, key=lambda k: (k[0] != "jetty", k[0], k[2]))
    reps = max(len(r) for c in cells.values() for r in c.values())
    print(f"Peers on the hello servlet, the same HS256 token for all. Ratios are medians of {reps} paired "
          "repetition(s) (range in brackets); CPU is the server JVM's user + system time per request, and a CPU "
          "ratio is reference CPU / bearer CPU (1.0 means free, higher is better, as for throughput).\n")
    print("| container | conc. | filter | Bearer req/s | **Bearer / same bytes anonymous, same filter** "
          "| Bearer / the same Bearer request, no filter | Bearer req/s / jwt-auth's "
          "| server CPU µs/req: anonymous / Bearer | CPU ratio, same filter | CPU ratio, the same Bearer request "
          "with no filter | **the filter's own CPU µs per Bearer request** (Bearer − the same request with no filter) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    worst = {}
    for key in order:
        cell = cells[key]
        c, _, n = key
        for ref, what in ((REFERENCE, "anonymous + padding"), (HEADER, "Bearer header, not read")):
            if med(cell, ref) is not None:
                print(f"| {c} | {n} | none (`{ref}`: {what}) | {med(cell, ref):,.0f} | — | — | — "
                      f"| {med(cell, ref, 1):.2f} | — | — | — |")
        for label, bearer, anon in PEERS:
            if med(cell, bearer) is None:
                continue
            own = paired(cell, bearer, anon)
            print(f"| {c} | {n} | {label} | {med(cell, bearer):,.0f} "
                  f"| **{fmt_ratio(own)}** "
                  f"| {fmt_ratio(paired(cell, bearer, HEADER))} "
                  f"| {fmt_ratio(paired(cell, bearer, 'bearer')) if bearer != 'bearer' else '1'} "
                  f"| {med(cell, anon, 1):.2f} / {med(cell, bearer, 1):.2f} "
                  f"| {fmt_ratio(paired(cell, bearer, anon, 1))} "
                  f"| {fmt_ratio(paired(cell, bearer, HEADER, 1))} "
                  f"| {fmt_diff(cpu_diff(cell, bearer, HEADER))} |")
            if own:
                worst.setdefault(label, []).append(statistics.median(own))
    print()
    for label, got in worst.items():
        print(f"{label}: Bearer / same bytes anonymous {min(got):.3f}–{max(got):.3f} over {len(got)} cell(s).")


if __name__ == "__main__":
    main()
