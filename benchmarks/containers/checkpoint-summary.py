#!/usr/bin/env python3
"""Markdown table from a benchmarks/containers/checkpoint.sh result directory: per setup and way of
restoring (the container: podman container restore --import; the host: restore.sh), restore -> first
correct answer and the memory at that moment as median (min–max) over the rounds, podman's restore
command's own time, the checkpoint's time, size and the container's RSS when it was taken, and the
machine's first-touch cost (page-touch.txt: ms to touch 100 MB of fresh memory) before→after the
setup's runs and at the run's start→end.
usage: checkpoint-summary.py OUT"""
import json
import os
import re
import statistics
import sys
from collections import defaultdict

out = sys.argv[1]
runs = defaultdict(lambda: defaultdict(list))
order = []
for line in open(f"{out}/restore.jsonl") if os.path.exists(f"{out}/restore.jsonl") else []:
    r = json.loads(line)
    key = (r["setup"], r["how"])
    if key not in order:
        order.append(key)
    if r.get("ms") is None:
        runs[key]["failed"].append(1)
        continue
    for k in ("ms", "rss_mb", "pss_mb", "podman_restore_ms"):
        if r.get(k) is not None:
            runs[key][k].append(r[k])
    if r.get("pid_check") is False and r.get("pid_after_restore") != r.get("container_pid"):
        runs[key]["pid_mismatch"].append(1)
checkpoints = {}
for line in open(f"{out}/checkpoint.jsonl") if os.path.exists(f"{out}/checkpoint.jsonl") else []:
    r = json.loads(line)
    checkpoints[r["setup"]] = r

touch = {}  # label -> ms per 100 MB
if os.path.exists(f"{out}/page-touch.txt"):
    for line in open(f"{out}/page-touch.txt"):
        label = line.split(":", 1)[0]
        m = re.search(r"([0-9]+) ms per 100 MB", line)
        touch[label] = m[1] if m else "?"
setups = list(dict.fromkeys(s for s, _ in order)) or list(checkpoints)
labels = ["start"] + [f"after {s}" for s in setups]


def touch_of(setup):
    i = labels.index(f"after {setup}")
    return f"{touch.get(labels[i - 1], '?')}→{touch.get(labels[i], '?')}"


def f(xs):
    if not xs:
        return "n/a"
    return f"{statistics.median(xs):.0f} ({min(xs):.0f}–{max(xs):.0f})"


print("| setup | restore | restore → 1st correct answer ms | of which podman restore ms | RSS at 1st answer MB "
      "| PSS MB | checkpoint ms | checkpoint MB | RSS at checkpoint MB | first touch ms/100 MB |")
print("|" + "---|" * 10)
for setup in setups:
    c = checkpoints.get(setup, {})
    for how in ("container", "host"):
        if (setup, how) not in order:
            continue
        x = runs[(setup, how)]
        notes = []
        if x["failed"]:
            notes.append(f"{len(x['failed'])} restores gave no correct answer")
        if x["pid_mismatch"]:
            notes.append(f"{len(x['pid_mismatch'])} with a container PID podman inspect did not confirm")
        label = how + (f" ({'; '.join(notes)})" if notes else "")
        what = ("podman container restore --import" if how == "container"
                else "restore.sh (host, every page first)")
        ckpt = (c.get("checkpoint_ms", "n/a"), c.get("tar_mb", "n/a"), c.get("rss_mb_at_checkpoint", "n/a")) \
            if how == "container" else ("—", "—", "—")
        print(f"| {setup} | {label}: {what} | {f(x['ms'])} | {f(x['podman_restore_ms']) if how == 'container' else '—'} "
              f"| {f(x['rss_mb'])} | {f(x['pss_mb'])} | {ckpt[0]} | {ckpt[1]} | {ckpt[2]} | {touch_of(setup)} |")
    if (setup, "host") not in order:
        print(f"| {setup} | host: no snapshot of benchmarks/coldstart/snapshot.sh to restore | — | — | — | — | — | — | — "
              f"| {touch_of(setup)} |")
rounds = max((len(x["ms"]) for x in runs.values()), default=0)
print(f"\nrounds: {rounds}; median (min–max); restore → 1st correct answer: from the exec of the restore "
      f"command to the first correct image prediction (polled every 5 ms); of which podman restore: until "
      f"`podman container restore` returned; memory of the container: its main process tree (not podman's "
      f"client), of the host restore: restore.sh's tree (criu + the app); checkpoint: "
      f"`podman container checkpoint --export` (uncompressed tar) after /snapshot/prepare; first touch: ms "
      f"to touch 100 MB of fresh memory here (page_touch.py), before→after the setup's runs; "
      f"at the run's start→end: {touch.get('start', '?')}→{touch.get(labels[-1], '?')}")
