#!/usr/bin/env python3
"""Summarises bench/results/load.csv (from run-load.sh) as Markdown, with the filter-overhead
ratios (and, for the container app, the container-mode ratios of item 8), and draws throughput vs
concurrency per container and application into a PNG.

Ratios are paired: within one repetition every mode ran once, back to back, so each repetition
gives one bearer / anonymous (container app: bearer / basic+padding) ratio; the tables show the
median of those and their range.

Usage: plot.py results/load.csv throughput.png
"""
import csv
import statistics
import sys
from collections import defaultdict

MODES = ["plain", "plain+header", "anonymous", "anonymous+padding", "native-basic+padding", "basic",
         "basic+padding", "bearer"]
LABELS = {
    "plain": "plain (no jwt-auth)",
    "plain+header": "plain + Bearer header (no jwt-auth)",
    "anonymous": "jwt-auth, anonymous",
    "anonymous+padding": "jwt-auth, anonymous + same-size non-auth header",
    "native-basic+padding": "Tomcat's own BASIC + padding (no jwt-auth)",
    "basic": "container mode, BASIC",
    "basic+padding": "container mode, BASIC + padding to the Bearer size",
    "bearer": "jwt-auth, Bearer token",
}
APPS = {"bare": "bare hello servlet", "example": "webapp-example GET /api/hello",
        "container": "hello servlet behind a BASIC security-constraint"}
CONTAINERS = {"jetty": "Jetty 12.1 (ee10)", "tomcat": "Tomcat 11.0"}
TARGET = 0.95


def load(path):
    """(container, app, concurrency) -> mode -> rep -> (rps, cpu µs per request)"""
    cells = defaultdict(lambda: defaultdict(dict))
    for r in csv.DictReader(open(path)):
        key = (r["container"], r["app"], int(r["concurrency"]))
        cells[key][r["mode"]][int(r["rep"])] = (float(r["requests_per_sec"]),
                                                 float(r["server_cpu_us_per_request"]))
    return cells


def paired(cell, num, den, index=0):
    """Per-repetition ratios num/den (index 0: throughput; 1: CPU per request, inverted so that
    higher is better, as for throughput)."""
    out = []
    for rep, a in cell.get(num, {}).items():
        b = cell.get(den, {}).get(rep)
        if b and a[index] and b[index]:
            out.append(a[0] / b[0] if index == 0 else b[1] / a[1])
    return out


def med(cell, mode, index=0):
    v = [x[index] for x in cell.get(mode, {}).values()]
    return statistics.median(v) if v else None


def fmt_ratio(v, verdict=False):
    if not v:
        return "—"
    m = statistics.median(v)
    s = f"{m:.3f} ({min(v):.2f}–{max(v):.2f})"
    if verdict:
        s = f"**{s}** {'met' if m >= TARGET else 'missed'}"
    return s


def cpu(cell, modes):
    return " / ".join(f"{med(cell, m, 1):.2f}" if med(cell, m, 1) is not None else "—" for m in modes)


def container_table(cells, keys):
    """Item 8: a Bearer request through a security-constraint (container mode) against the same
    bytes logged in by BASIC through the same constraint and module."""
    if not keys:
        return
    print("\nContainer mode (item 8): the hello servlet behind a security-constraint (role user, BASIC "
          "login-config), jwt-auth's Jakarta Authentication module registered. Reference: the same URL "
          "logged in by BASIC with a padding header that makes the request exactly as long as the Bearer "
          "one. CPU ratios are reference CPU / bearer CPU (1.0 means free).\n")
    print("| container | conc. | basic+padding req/s | bearer req/s | **bearer / basic+padding** (target ≥ 0.95) "
          "| CPU ratio basic+padding / bearer | server CPU µs/req: native BASIC+pad / basic / basic+padding / bearer "
          "| basic+padding / basic (the padding's bytes) | basic+padding / native BASIC+pad (module + Jakarta "
          "Authentication path) | bearer / native BASIC+pad |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for key in keys:
        cell = cells[key]
        c, _, n = key
        a, b = med(cell, "basic+padding"), med(cell, "bearer")
        if a is None or b is None:
            continue
        print(f"| {c} | {n} | {a:,.0f} | {b:,.0f} "
              f"| {fmt_ratio(paired(cell, 'bearer', 'basic+padding'), True)} "
              f"| {fmt_ratio(paired(cell, 'bearer', 'basic+padding', 1))} "
              f"| {cpu(cell, ('native-basic+padding', 'basic', 'basic+padding', 'bearer'))} "
              f"| {fmt_ratio(paired(cell, 'basic+padding', 'basic'))} "
              f"| {fmt_ratio(paired(cell, 'basic+padding', 'native-basic+padding'))} "
              f"| {fmt_ratio(paired(cell, 'bearer', 'native-basic+padding'))} |")
    got = [statistics.median(paired(cells[k], "bearer", "basic+padding")) for k in keys
           if paired(cells[k], "bearer", "basic+padding")]
    if got:
        print(f"\ncontainer bearer / basic+padding: {min(got):.3f}–{max(got):.3f} "
              f"({sum(x >= TARGET for x in got)} of {len(got)} cells ≥ {TARGET}).")


def main():
    cells = load(sys.argv[1])
    order = sorted(cells, key=lambda k: (k[0] != "jetty", k[0], k[1] != "bare", k[1], k[2]))
    reps = max(len(r) for c in cells.values() for r in c.values())

    print("Target 1, per container, application and wrk concurrency. Throughput ratios are medians of "
          f"{reps} paired repetition(s) (range in brackets); CPU is the server JVM's user + system time per "
          "request, and its ratio is anonymous CPU / bearer CPU (so that, like throughput, 1.0 means free).\n")
    print("| container | app | conc. | anonymous req/s | bearer req/s | **bearer / anonymous** (target ≥ 0.95) "
          "| bearer / anonymous+padding (same bytes on the wire) | server CPU µs/req: anonymous / +padding / bearer "
          "| CPU ratio anonymous / bearer | CPU ratio +padding / bearer |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for key in order:
        cell = cells[key]
        c, app, n = key
        a, b = med(cell, "anonymous"), med(cell, "bearer")
        if a is None or b is None:
            continue
        cpu = " / ".join(f"{med(cell, m, 1):.2f}" if med(cell, m, 1) is not None else "—"
                         for m in ("anonymous", "anonymous+padding", "bearer"))
        print(f"| {c} | {app} | {n} | {a:,.0f} | {b:,.0f} "
              f"| {fmt_ratio(paired(cell, 'bearer', 'anonymous'), True)} "
              f"| {fmt_ratio(paired(cell, 'bearer', 'anonymous+padding'))} | {cpu} "
              f"| {fmt_ratio(paired(cell, 'bearer', 'anonymous', 1))} "
              f"| {fmt_ratio(paired(cell, 'bearer', 'anonymous+padding', 1))} |")

    bare = [k for k in order if k[1] == "bare" and "plain" in cells[k]]
    if bare:
        print("\nWhere the time goes (bare servlet): what the container pays for the header's bytes, and what "
              "jwt-auth's pass-through costs.\n")
        print("| container | conc. | plain req/s | plain+header / plain (container reads the header) "
              "| anonymous+padding / anonymous (same, with jwt-auth deployed) | anonymous / plain (filter "
              "pass-through) | server CPU µs/req: plain / plain+header |")
        print("|---|---|---|---|---|---|---|")
        for key in bare:
            cell = cells[key]
            c, _, n = key
            print(f"| {c} | {n} | {med(cell, 'plain'):,.0f} "
                  f"| {fmt_ratio(paired(cell, 'plain+header', 'plain'))} "
                  f"| {fmt_ratio(paired(cell, 'anonymous+padding', 'anonymous'))} "
                  f"| {fmt_ratio(paired(cell, 'anonymous', 'plain'))} "
                  f"| {med(cell, 'plain', 1):.2f} / {med(cell, 'plain+header', 1):.2f} |")

    container_table(cells, [k for k in order if "basic+padding" in cells[k]])

    lit = [statistics.median(paired(cells[k], "bearer", "anonymous")) for k in order
           if paired(cells[k], "bearer", "anonymous")]
    own = [statistics.median(paired(cells[k], "bearer", "anonymous+padding")) for k in order
           if paired(cells[k], "bearer", "anonymous+padding")]
    if lit:
        print(f"\nbearer / anonymous: {min(lit):.3f}–{max(lit):.3f} "
              f"({sum(x >= TARGET for x in lit)} of {len(lit)} cells ≥ {TARGET}).")
    if own:
        print(f"bearer / anonymous+padding: {min(own):.3f}–{max(own):.3f} "
              f"({sum(x >= TARGET for x in own)} of {len(own)} cells ≥ {TARGET}).")

    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("(matplotlib missing: no plot)", file=sys.stderr)
        return
    containers = sorted({k[0] for k in cells}, key=lambda c: (c != "jetty", c))
    apps = sorted({k[1] for k in cells}, key=lambda a: (a != "bare", a))
    conc = sorted({k[2] for k in cells})
    fig, grid = plt.subplots(len(apps) + 1, len(containers), figsize=(6.5 * len(containers), 3.6 * (len(apps) + 1)),
                             sharex=True, squeeze=False)
    styles = {"plain": ("tab:gray", "o", "--"), "plain+header": ("tab:gray", "s", ":"),
              "anonymous": ("tab:blue", "o", "-"), "anonymous+padding": ("tab:cyan", "s", ":"),
              "native-basic+padding": ("tab:gray", "D", "--"), "basic": ("tab:green", "o", "-"),
              "basic+padding": ("tab:olive", "s", ":"), "bearer": ("tab:red", "^", "-")}
    top = max(med(cell, m) for cell in cells.values() for m in cell) * 1.08
    for col, c in enumerate(containers):
        for row, app in enumerate(apps):
            ax = grid[row][col]
            for m in MODES:
                xs = [n for n in conc if m in cells.get((c, app, n), {})]
                if not xs:
                    continue
                color, marker, line = styles[m]
                ax.plot(xs, [med(cells[(c, app, n)], m) for n in xs], marker=marker, linestyle=line,
                        color=color, label=LABELS[m])
            ax.set_title(f"{CONTAINERS.get(c, c)}: {APPS.get(app, app)}", fontsize=10)
            if not any((c, app, n) in cells for n in conc):
                ax.text(0.5, 0.5, "not run" + (" (no container mode on Jetty)" if app == "container" else ""),
                        transform=ax.transAxes, ha="center", va="center", color="gray")
            ax.set_ylim(0, top)
            ax.grid(True, alpha=0.3)
            if col == 0:
                ax.set_ylabel("requests/s (median)")
            if ax.get_legend_handles_labels()[0]:
                ax.legend(loc="lower right", fontsize=7)
        rx = grid[len(apps)][col]
        for app, line in zip(apps, ["-", "--", "-."]):
            xs = [n for n in conc if paired(cells.get((c, app, n), {}), "bearer", "anonymous")]
            if not xs:
                continue
            rx.plot(xs, [statistics.median(paired(cells[(c, app, n)], "bearer", "anonymous")) for n in xs],
                    marker="^", linestyle=line, color="tab:red", label=f"{app}: bearer / anonymous")
            rx.plot(xs, [statistics.median(paired(cells[(c, app, n)], "bearer", "anonymous+padding")) for n in xs],
                    marker="s", linestyle=line, color="tab:cyan", label=f"{app}: bearer / anonymous+padding")
        xs = [n for n in conc if paired(cells.get((c, "container", n), {}), "bearer", "basic+padding")]
        if xs:
            rx.plot(xs, [statistics.median(paired(cells[(c, "container", n)], "bearer", "basic+padding")) for n in xs],
                    marker="^", linestyle="-.", color="tab:olive", label="container: bearer / basic+padding")
        xs = [n for n in conc if paired(cells.get((c, "bare", n), {}), "plain+header", "plain")]
        if xs:
            rx.plot(xs, [statistics.median(paired(cells[(c, "bare", n)], "plain+header", "plain")) for n in xs],
                    marker="o", linestyle=":", color="tab:gray", label="bare: plain+header / plain (container only)")
        rx.axhline(TARGET, color="black", linestyle="--", linewidth=1, label=f"target {TARGET}")
        rx.set_ylim(0.6, 1.1)
        rx.set_xscale("log", base=2)
        rx.set_xticks(conc)
        rx.set_xticklabels([str(n) for n in conc])
        rx.set_xlabel("concurrent connections (wrk -t2)")
        rx.grid(True, alpha=0.3)
        rx.legend(loc="lower right", fontsize=7)
        if col == 0:
            rx.set_ylabel("throughput ratio (median)")
    fig.suptitle("jwt-auth overhead: throughput vs concurrency (2 cores, server and wrk share them)")
    fig.tight_layout()
    fig.savefig(sys.argv[2], dpi=100)
    print(f"\nPlot: {sys.argv[2]}", file=sys.stderr)


if __name__ == "__main__":
    main()
