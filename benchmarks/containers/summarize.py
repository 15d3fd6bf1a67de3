#!/usr/bin/env python3
"""Markdown table from a benchmarks/containers/coldstart.sh result directory: per setup, the cold
start (exec -> first correct answer) and the memory at that moment as median (min–max) over the
rounds, the ratio of the medians to Node on the host and to Node in its container, the image's size,
and the machine's first-touch cost (page-touch.txt: ms to touch 100 MB of fresh memory, start→end).
usage: summarize.py OUT"""
import csv
import json
import os
import statistics
import sys
from collections import defaultdict

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "peers"))
from tables import first_touch, median_range  # noqa: E402  (benchmarks/peers/tables.py)

out = sys.argv[1]
runs = defaultdict(lambda: defaultdict(list))
order = []
for line in open(f"{out}/coldstart.jsonl"):
    r = json.loads(line)
    name = r["name"]
    if name not in order:
        order.append(name)
    if r.get("ms") is None:
        runs[name]["failed"].append(1)
        continue
    runs[name]["ms"].append(r["ms"])
    for k in ("rss_mb", "pss_mb", "anon_mb"):  # anon_mb: runs since 2026-12-07
        if r.get(k) is not None:
            runs[name][k].append(r[k])
    if r.get("pid_check") is False:
        runs[name]["pid_mismatch"].append(1)

known = ["node", "node-container", "zerocold", "zerocold-jvm", "zerocold-jvm-aot", "zerocold-snapshot"]
first = {n: i for i, n in enumerate(order)}
order.sort(key=lambda n: (known.index(n) if n in known else len(known), first[n]))
sizes = {}
if os.path.exists(f"{out}/images.tsv"):
    for row in csv.DictReader(open(f"{out}/images.tsv"), delimiter="\t"):
        sizes[row["setup"]] = (row["image"], int(row["bytes"]))

touch = first_touch(out)


def f(xs, nd=0):
    return median_range(xs, nd, missing="n/a")


def ratio(name, ref):
    if not runs[name]["ms"] or not runs[ref]["ms"]:
        return "—"
    return f"{statistics.median(runs[name]['ms']) / statistics.median(runs[ref]['ms']):.2f}×"


print("| setup | cold start ms | × Node host | × Node container | RSS at 1st answer MB | PSS MB "
      "| anonymous MB | image MB | first touch ms/100 MB |")
print("|" + "---|" * 9)
for name in order:
    c = runs[name]
    image = f"{sizes[name][1] / 1e6:.0f}" if name in sizes else "—"
    notes = []
    if c["failed"]:
        notes.append(f"{len(c['failed'])} cold starts failed")
    if c["pid_mismatch"]:
        notes.append(f"{len(c['pid_mismatch'])} with a container PID podman inspect did not confirm")
    label = f"{name} ({'; '.join(notes)})" if notes else name
    print(f"| {label} | {f(c['ms'])} | {ratio(name, 'node')} | {ratio(name, 'node-container')} "
          f"| {f(c['rss_mb'])} | {f(c['pss_mb'])} | {f(c['anon_mb'])} | {image} | {touch} |")
rounds = max((len(c["ms"]) for c in runs.values()), default=0)
print(f"\nrounds: {rounds}; median (min–max); × = ratio of the medians; memory of a container = its main "
      f"process tree (not podman's client); image MB = podman image inspect's Size (uncompressed); "
      f"first touch: ms to touch 100 MB of fresh memory here (page_touch.py), at the run's start→end")
for name, (image, size) in sizes.items():
    print(f"- {name}: {image}, {size / 1e6:.0f} MB")
