#!/usr/bin/env python3
"""What fresh memory and new processes cost on this machine: the figures behind docs/cold-start.md's
"Where a restore's time went". For 100 MB of new anonymous memory, each the median of ROUNDS runs
with a pause between runs (PAUSE s, so that the host can take back what the last run freed):
  touch     one byte written per 4 KiB page: a page fault each (what copying every page first pays)
  populate  mmap(MAP_POPULATE): the pages allocated without a fault each
  write     the first write to each page populated that way (the host backs it now)
  huge      one byte per page of an madvise(MADV_HUGEPAGE) mapping: a fault per 2 MB
and a process start: `bash -c true`, the median of 10.
Usage: memory_costs.py [ROUNDS=3] [PAUSE=4]"""
import mmap
import statistics
import subprocess
import sys
import time

rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
pause = float(sys.argv[2]) if len(sys.argv) > 2 else 4
SIZE = 100 * 1024 * 1024
MAP_POPULATE = 0x8000  # Linux; not in Python's mmap module


def touch(memory):
    start = time.perf_counter()
    for offset in range(0, SIZE, mmap.PAGESIZE):
        memory[offset] = 1
    return time.perf_counter() - start


def run(kind):
    """Seconds for one run of `kind` (two for populate: mapping, then the first write)."""
    flags = mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS
    start = time.perf_counter()
    memory = mmap.mmap(-1, SIZE, flags=flags | (MAP_POPULATE if kind == "populate" else 0))
    mapped = time.perf_counter() - start
    try:
        if kind == "populate":
            return mapped, touch(memory)
        if kind == "huge":
            memory.madvise(mmap.MADV_HUGEPAGE)
        return (touch(memory),)
    finally:
        memory.close()


results = {"touch": [], "populate": [], "write": [], "huge": []}
for _ in range(rounds):
    for kind in ("touch", "populate", "huge"):
        time.sleep(pause)
        seconds = run(kind)
        results[kind].append(seconds[0])
        if kind == "populate":
            results["write"].append(seconds[1])
starts = []
for _ in range(10):
    start = time.perf_counter()
    subprocess.run(["bash", "-c", "true"], check=True)
    starts.append(time.perf_counter() - start)
for kind, runs in results.items():
    print(f"{kind:9} {statistics.median(runs) * 1e3:6.0f} ms per 100 MB (median of {rounds})")
print(f"process  {statistics.median(starts) * 1e3:6.1f} ms for `bash -c true` (median of 10)")
