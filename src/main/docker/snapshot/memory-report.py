#!/usr/bin/env python3
"""What a CRIU snapshot of a JVM process holds, by kind of memory.

criu dumps a process's anonymous pages, and the pages of private file mappings that were written
(copy-on-write); untouched file pages (a jar, a library's code, a memory-mapped model) are read back
from their files instead. So the snapshot's size is, to a page, the "Anonymous" memory of
/proc/PID/smaps. This reads it per mapping and names each mapping: for the JVM's own memory with
the HotSpot categories of `jcmd PID System.map` (JDK 21+, and only with
-XX:NativeMemoryTracking=summary; without them, JVM memory shows as "anonymous"), else by the file
mapped ("[heap]" is glibc's main malloc arena).

usage: memory-report.py PID [SYSTEM_MAP_FILE]     (as root or the process's user)
       memory-report.py --smaps SMAPS_FILE [SYSTEM_MAP_FILE]
Prints MB of anonymous memory per kind, largest first, and the total.
"""
import collections
import os
import re
import subprocess
import sys


def mappings(smaps_text):
    """(start, end, path, anonymous_kb) for each mapping of an smaps file."""
    result = []
    current = None
    for line in smaps_text.splitlines():
        head = re.match(r"^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$", line)
        if head:
            current = [int(head.group(1), 16), int(head.group(2), 16), head.group(3).strip(), 0]
            result.append(current)
        elif line.startswith("Anonymous:") and current is not None:
            current[3] = int(line.split()[1])
    return result


def hotspot_categories(system_map_text):
    """(start, end, category) of the ranges jcmd System.map attributes to the JVM."""
    ranges = []
    for line in system_map_text.splitlines():
        row = re.match(r"^0x([0-9a-f]+)-0x([0-9a-f]+)\s+\d+\s+\S+\s+\d+\s+\d+\s+\S+\s+\S+\s+(\S+)", line)
        if row and row.group(3) != "-":
            ranges.append((int(row.group(1), 16), int(row.group(2), 16), row.group(3)))
    return ranges


def kind(start, end, path, categories):
    for low, high, category in categories:
        if low <= start < high or start <= low < end:
            return "JVM " + category
    if path.startswith("/"):
        name = os.path.basename(path)
        return "file " + (re.sub(r"\.so(\.[\d.]+)?$", ".so", name) if ".so" in name else name)
    return path or "anonymous (malloc arenas, native threads' stacks, native libraries' own)"


def main(argv):
    if len(argv) >= 3 and argv[1] == "--smaps":
        smaps = open(argv[2]).read()
        system_map = open(argv[3]).read() if len(argv) > 3 else ""
    elif len(argv) >= 2:
        pid = argv[1]
        smaps = open(f"/proc/{pid}/smaps").read()
        if len(argv) > 2:
            system_map = open(argv[2]).read()
        else:
            try:
                system_map = subprocess.run(["jcmd", pid, "System.map"], capture_output=True, text=True,
                                            timeout=30).stdout
            except (OSError, subprocess.TimeoutExpired):
                system_map = ""
    else:
        print(__doc__, file=sys.stderr)
        return 2
    categories = hotspot_categories(system_map)
    totals = collections.Counter()
    for start, end, path, anonymous in mappings(smaps):
        if anonymous:
            totals[kind(start, end, path, categories)] += anonymous
    total = sum(totals.values())
    for name, kb in totals.most_common():
        if kb >= 512:
            print(f"{kb / 1024:8.1f} MB  {name}")
    small = sum(kb for kb in totals.values() if kb < 512)
    print(f"{small / 1024:8.1f} MB  (each under 0.5 MB)")
    print(f"{total / 1024:8.1f} MB  anonymous in all: what a snapshot dumps")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
