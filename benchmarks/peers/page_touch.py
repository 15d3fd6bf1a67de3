#!/usr/bin/env python3
"""The cost of touching fresh memory on this machine, which a cold start (and a CRIU restore, page by
page) pays: maps MB megabytes of anonymous memory, writes one byte per page, and prints the median of
ROUNDS runs as microseconds per page. Usage: page_touch.py [MB=100] [ROUNDS=3]"""
import mmap
import statistics
import sys
import time

mb = int(sys.argv[1]) if len(sys.argv) > 1 else 100
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
page = mmap.PAGESIZE
size = mb * 1024 * 1024
runs = []
for _ in range(rounds):
    memory = mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    start = time.perf_counter()
    for offset in range(0, size, page):
        memory[offset] = 1
    runs.append(time.perf_counter() - start)
    memory.close()
seconds = statistics.median(runs)
pages = size // page
print(f"first touch of fresh memory: {seconds * 1e6 / pages:.1f} us/page "
      f"({mb} MB in {seconds * 1e3:.0f} ms, median of {rounds})")
