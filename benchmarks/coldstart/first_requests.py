#!/usr/bin/env python3
"""Is a restored process at full speed from its first request? Starts CMD, waits for the first
correct answer, sends --warm requests at 2 connections if asked (a control: a process warmed like a
snapshot, but never dumped), then sends FIRST requests one after another on one kept-alive connection (the
"first" set), keeps the process busy for --busy seconds at 4 connections (urllib threads), and sends
FIRST requests again (the "warmed" set). Prints one JSON line: the p50/p90 latency of both sets, in
ms, and their ratio. A process that still compiles shows a first p50 well above the warmed one.

usage: first_requests.py --url URL --body FILE --ctype CT --expect TEXT [--first 1000] [--busy 20]
                         [--warm N] -- CMD...
"""
import argparse
import http.client
import json
import os
import signal
import statistics
import subprocess
import threading
import time
import urllib.parse


def session(u):
    return http.client.HTTPConnection(u.hostname, u.port, timeout=10)


def post(conn, u, body, ctype):
    path = u.path + (f"?{u.query}" if u.query else "")
    conn.request("POST", path, body, {"Content-Type": ctype})
    response = conn.getresponse()
    return response.status, response.read().decode("utf-8", "replace")


def timed(u, body, ctype, expect, n):
    conn, times = session(u), []
    for _ in range(n):
        t0 = time.perf_counter()
        status, text = post(conn, u, body, ctype)
        times.append((time.perf_counter() - t0) * 1000)
        if status != 200 or expect not in text:
            raise SystemExit(f"bad answer: {status} {text[:200]}")
    conn.close()
    times.sort()
    return {"p50_ms": round(statistics.median(times), 3), "p90_ms": round(times[int(len(times) * 0.9)], 3)}


def load(u, body, ctype, connections, done):
    """Keeps `connections` clients sending until done(requests this client sent) is true."""
    def client():
        conn, sent = session(u), 0
        while not done(sent):
            post(conn, u, body, ctype)
            sent += 1
        conn.close()
    threads = [threading.Thread(target=client) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--body", required=True)
    ap.add_argument("--ctype", required=True)
    ap.add_argument("--expect", required=True)
    ap.add_argument("--first", type=int, default=1000)
    ap.add_argument("--busy", type=float, default=20)
    ap.add_argument("--warm", type=int, default=0)
    ap.add_argument("--settle", type=float, default=6, help="seconds after --warm (as take.sh's SETTLE)")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd[:1] == ["--"] else a.cmd
    u = urllib.parse.urlsplit(a.url)
    body = open(a.body, "rb").read()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.time() + 120
        while True:
            try:
                conn = session(u)
                status, text = post(conn, u, body, a.ctype)
                conn.close()
                if status == 200 and a.expect in text:
                    break
            except (OSError, http.client.HTTPException):
                pass
            if time.time() > deadline or p.poll() is not None:
                raise SystemExit("no correct answer")
            time.sleep(0.005)
        if a.warm:
            load(u, body, a.ctype, 2, lambda sent: sent >= a.warm // 2)
            time.sleep(a.settle)
        first = timed(u, body, a.ctype, a.expect, a.first)
        stop = time.time() + a.busy
        load(u, body, a.ctype, 4, lambda sent: time.time() >= stop)
        warmed = timed(u, body, a.ctype, a.expect, a.first)
        print(json.dumps({"first": first, "warmed": warmed,
                          "p50_ratio": round(first["p50_ms"] / warmed["p50_ms"], 2)}), flush=True)
    finally:
        os.killpg(p.pid, signal.SIGTERM)
        try:
            p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()


if __name__ == "__main__":
    main()
