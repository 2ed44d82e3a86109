#!/usr/bin/env python3
"""Summarises bench/results/load.csv (from run-load.sh) as Markdown, with the filter-overhead
ratios, and draws throughput vs concurrency per container into a PNG.

Usage: plot.py results/load.csv throughput.png
"""
import csv
import sys
from collections import defaultdict

MODES = ["plain", "plain+header", "anonymous", "bearer"]
LABELS = {
    "plain": "plain (no jwt-auth)",
    "plain+header": "plain + Bearer header (no jwt-auth)",
    "anonymous": "jwt-auth, anonymous",
    "bearer": "jwt-auth, Bearer token",
}


def main():
    rows = list(csv.DictReader(open(sys.argv[1])))
    runs = defaultdict(list)
    for r in rows:
        runs[(r["container"], int(r["concurrency"]), r["mode"])].append(float(r["requests_per_sec"]))
    mean = {k: sum(v) / len(v) for k, v in runs.items()}
    containers = sorted({k[0] for k in mean}, key=lambda c: (c != "jetty", c))
    conc = sorted({k[1] for k in mean})

    print("| container | concurrency | plain req/s | plain+header | anonymous | bearer "
          "| **bearer / anonymous** (≥ 0.95) | bearer / plain | plain+header / plain "
          "| jwt-auth alone: (bearer / anonymous) / (plain+header / plain) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    worst = None
    for c in containers:
        for n in conc:
            v = {m: mean.get((c, n, m)) for m in MODES}
            if None in v.values():
                continue
            r = v["bearer"] / v["anonymous"]
            worst = r if worst is None else min(worst, r)
            print(f"| {c} | {n} | {v['plain']:,.0f} | {v['plain+header']:,.0f} | {v['anonymous']:,.0f} "
                  f"| {v['bearer']:,.0f} | **{r:.3f}** {'met' if r >= 0.95 else 'missed'} "
                  f"| {v['bearer'] / v['plain']:.3f} | {v['plain+header'] / v['plain']:.3f} "
                  f"| {r / (v['plain+header'] / v['plain']):.3f} |")
    reps = max(len(v) for v in runs.values())
    print(f"\nMeans of {reps} run(s) per cell. Worst bearer / anonymous: {worst:.3f}.")

    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("(matplotlib missing: no plot)", file=sys.stderr)
        return
    fig, grid = plt.subplots(2, len(containers), figsize=(6 * len(containers), 7.5), sharex=True,
                             gridspec_kw={"height_ratios": [3, 2]}, squeeze=False)
    styles = {"plain": ("tab:gray", "o", "--"), "plain+header": ("tab:gray", "s", ":"),
              "anonymous": ("tab:blue", "o", "-"), "bearer": ("tab:red", "^", "-")}
    top = max(mean.values()) * 1.08
    for col, c in enumerate(containers):
        ax, rx = grid[0][col], grid[1][col]
        for m in MODES:
            xs = [n for n in conc if (c, n, m) in mean]
            color, marker, line = styles[m]
            ax.plot(xs, [mean[(c, n, m)] for n in xs], marker=marker, linestyle=line, color=color,
                    label=LABELS[m])
        ax.set_title({"jetty": "Jetty 12.1 (ee10)", "tomcat": "Tomcat 11.0"}.get(c, c))
        ax.set_ylim(0, top)
        ax.grid(True, alpha=0.3)
        xs = [n for n in conc if all((c, n, m) in mean for m in MODES)]
        rx.plot(xs, [mean[(c, n, "bearer")] / mean[(c, n, "anonymous")] for n in xs], marker="^",
                color="tab:red", label="bearer / anonymous (jwt-auth filter + header)")
        rx.plot(xs, [mean[(c, n, "plain+header")] / mean[(c, n, "plain")] for n in xs], marker="s",
                linestyle=":", color="tab:gray", label="plain+header / plain (the container's header cost)")
        rx.axhline(0.95, color="black", linestyle="--", linewidth=1, label="target 0.95")
        rx.set_ylim(0.5, 1.05)
        rx.set_xscale("log", base=2)
        rx.set_xticks(conc)
        rx.set_xticklabels([str(n) for n in conc])
        rx.set_xlabel("concurrent connections (wrk -t2)")
        rx.grid(True, alpha=0.3)
    grid[0][0].set_ylabel("requests/s, GET /hello on 127.0.0.1")
    grid[1][0].set_ylabel("throughput ratio")
    grid[0][0].legend(loc="lower right", fontsize=8)
    grid[1][0].legend(loc="lower right", fontsize=8)
    fig.suptitle("jwt-auth filter overhead: throughput vs concurrency (2 cores, server and wrk share them)")
    fig.tight_layout()
    fig.savefig(sys.argv[2], dpi=110)
    print(f"\nPlot: {sys.argv[2]}", file=sys.stderr)


if __name__ == "__main__":
    main()
