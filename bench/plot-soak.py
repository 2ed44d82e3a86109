#!/usr/bin/env python3
"""Draws bench/results/soak/timeline.csv (from run-soak.sh) into soak.png: answers per second and
node, split into 2xx/3xx, 4xx, 503, other 5xx and no answer, with the outage windows of
summary.json shaded.

Usage: plot-soak.py OUT_DIR
"""
import csv
import json
import sys
from collections import defaultdict

out = sys.argv[1]
rows = defaultdict(dict)
with open(f"{out}/timeline.csv") as f:
    for r in csv.DictReader(f):
        rows[int(r["node"])][int(r["second"])] = r
summary = json.load(open(f"{out}/summary.json"))

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

names = {0: "node0 Jetty", 1: "node1 Tomcat (SIGKILL at 60 %)", 2: "node2 Jetty, clock +20 s"}
fig, axes = plt.subplots(len(rows), 1, figsize=(11, 2.6 * len(rows)), sharex=True)
series = [("ok", "2xx/3xx", "tab:green"), ("4xx", "4xx", "tab:blue"), ("503", "503", "tab:orange"),
          ("other5xx", "other 5xx", "tab:red"), ("no_answer", "no answer", "black")]
for ax, node in zip(axes, sorted(rows)):
    data = rows[node]
    xs = sorted(data)
    for key, label, colour in series:
        ys = [int(data[x][key]) for x in xs]
        if any(ys):
            ax.plot(xs, ys, label=label, color=colour, linewidth=0.8)
    for w in summary["windows"]:
        if w["node"] in (-1, node):
            ax.axvspan(w["from_ms"] / 1000, w["to_ms"] / 1000, color="grey", alpha=0.2)
            ax.text(w["from_ms"] / 1000, ax.get_ylim()[1] * 0.9, w["what"], fontsize=7)
    ax.set_title(names.get(node, f"node{node}"), fontsize=9)
    ax.set_ylabel("answers/s")
    ax.legend(fontsize=7, loc="upper right")
axes[-1].set_xlabel("seconds since start (shaded: outage windows)")
fig.suptitle(f"jwt-auth soak, {summary['duration_s']} s, {summary['requests']} requests, "
             f"{len(summary['violations'])} invariant violations", fontsize=10)
fig.tight_layout()
fig.savefig(f"{out}/soak.png", dpi=90)
print(f"wrote {out}/soak.png")
