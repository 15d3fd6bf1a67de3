#!/usr/bin/env python3
"""Cold-start measurement for zerocold: starts the service N times per mode, interleaving modes,
and records per start the time from exec to the first successful prediction of each task endpoint,
the time to /q/health/ready, and the process RSS at that point. Prints medians (min-max) and the
ratio of each mode's median to the first mode's, as a Markdown table; raw runs go to a CSV.

Usage: measure.py --runs 5 --out results.csv [--append] MODE=COMMAND [MODE=COMMAND ...]
  --append keeps the rounds already in --out, numbers the new ones after them, and reports on all.
  e.g. measure.py --runs 5 "fast-jar JDK 17=java -jar target/coldstart/fast-jar/quarkus-run.jar"
Each COMMAND is run with cwd = the project directory; the port must be free.
"""
import argparse
import csv
import http.client
import json
import os
import shlex
import signal
import statistics
import subprocess
import sys
import time

PROBES = {
    "sentiment": ("/api/predict/sentiment", "application/json", json.dumps({"text": "I love this!"}).encode()),
    "image": ("/api/predict/image", "image/png", None),
    "recommend": ("/api/predict/recommend", "application/json", json.dumps({"user_id": "1", "limit": 5}).encode()),
}
TIMEOUT_S = 60.0


def request(port, method, path, body=None, content_type=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        headers = {"Content-Type": content_type} if content_type else {}
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status
    except OSError:
        return None
    finally:
        conn.close()


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def one_start(command, port, probes):
    start = time.perf_counter()
    proc = subprocess.Popen(shlex.split(command), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    result = {}
    pending = dict(probes)
    try:
        while pending and time.perf_counter() - start < TIMEOUT_S:
            for task, (path, content_type, body) in list(pending.items()):
                status = request(port, "POST", path, body, content_type)
                if status == 200:
                    result[task] = (time.perf_counter() - start) * 1000
                    del pending[task]
                elif status in (404, 415) and task != "sentiment":
                    del pending[task]  # endpoint not served by this build
            if pending:
                time.sleep(0.002)
        while time.perf_counter() - start < TIMEOUT_S:
            if request(port, "GET", "/q/health/ready") == 200:
                result["ready"] = (time.perf_counter() - start) * 1000
                result["rss_mib"] = rss_mib(proc.pid)
                break
            time.sleep(0.002)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--out", default="coldstart-runs.csv")
    parser.add_argument("--image", help="PNG to send to /api/predict/image")
    parser.add_argument("--append", action="store_true", help="add to the rounds already in --out")
    parser.add_argument("modes", nargs="+", help="NAME=COMMAND")
    args = parser.parse_args()
    modes = [m.split("=", 1) for m in args.modes]
    probes = {k: v for k, v in PROBES.items() if k != "image"}
    if args.image:
        with open(args.image, "rb") as f:
            probes["image"] = (PROBES["image"][0], "image/png", f.read())
    runs = []
    if args.append and os.path.exists(args.out):
        with open(args.out, newline="") as f:
            for row in csv.DictReader(f):
                runs.append({k: (float(v) if k not in ("mode", "run") and v else v) for k, v in row.items() if v != ""})
                runs[-1]["run"] = int(row["run"])
    first = max((r["run"] for r in runs), default=0)
    for i in range(first, first + args.runs):
        for name, command in modes:
            r = one_start(command, args.port, probes)
            r.update(mode=name, run=i + 1)
            runs.append(r)
            print(f"run {i + 1} {name}: " + ", ".join(f"{k}={v:.0f}" for k, v in r.items()
                                                     if isinstance(v, float)), file=sys.stderr)
            time.sleep(1)
    columns = ["sentiment", "image", "recommend", "ready", "rss_mib"]
    with open(args.out, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["mode", "run"] + columns)
        writer.writeheader()
        for r in runs:
            writer.writerow({k: (f"{r[k]:.1f}" if isinstance(r.get(k), float) else r.get(k, "")) for k in ["mode", "run"] + columns})
    present = [c for c in columns if any(c in r for r in runs)]
    baseline = {}
    header = "| mode | " + " | ".join(
        f"{c} {'MiB' if c == 'rss_mib' else 'ms'} median (min–max)" for c in present) + " | first sentiment vs " + modes[0][0] + " (medians) | median of per-round ratios |"
    print(header)
    print("|---" * (len(present) + 3) + "|")
    by_round = {}
    for r in runs:
        if "sentiment" in r:
            by_round.setdefault(r["run"], {})[r["mode"]] = r["sentiment"]
    for name, _ in modes:
        cells = []
        medians = {}
        for c in present:
            values = [r[c] for r in runs if r["mode"] == name and c in r]
            if not values:
                cells.append("—")
                continue
            medians[c] = statistics.median(values)
            cells.append(f"{medians[c]:.0f} ({min(values):.0f}–{max(values):.0f})")
        if not baseline:
            baseline = medians
        ratio = medians.get("sentiment", float("nan")) / baseline.get("sentiment", float("nan"))
        per_round = [r[name] / r[modes[0][0]] for r in by_round.values() if name in r and modes[0][0] in r]
        round_ratio = statistics.median(per_round) if per_round else float("nan")
        print(f"| {name} | " + " | ".join(cells) + f" | {ratio:.2f}× | {round_ratio:.2f}× |")


if __name__ == "__main__":
    main()
