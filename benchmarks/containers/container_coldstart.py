#!/usr/bin/env python3
"""benchmarks/peers/coldstart.py for a container: the same probe (exec of CMD -> first correct
response, same options, same JSON line), but the memory is the container's, not CMD's.

coldstart.py sums RSS/PSS over the process tree of the command it started. For `podman run` that is
podman's client only: the container's processes are children of conmon, which podman double-forks
and which is reparented away from the client. So at the first correct answer this finds the
container's main process (the child of the conmon process started for --container NAME, found in
/proc right then), and measures RSS/PSS over that process's tree instead. Then (the answer is in,
the clock stopped) it asks `podman inspect -f '{{.State.Pid}}' NAME` and records whether both
agree; if /proc gave nothing, the inspected PID is measured, a few hundred ms later.

usage: container_coldstart.py --container NAME [coldstart.py options] -- podman run --name NAME ...
Adds to each JSON line: "mem_of" ("container": the container's main process tree), "container_pid",
"pid_check" (true: podman inspect named the same PID; "inspect": measured from it), and
"client_rss_mb" (the podman client's own tree, which coldstart.py alone would have reported).
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "peers"))
import coldstart  # noqa: E402  (benchmarks/peers/coldstart.py, unchanged)

NAME = None
EXTRA = {}
_memory_of_tree = coldstart.memory_mb
_run = coldstart.run


def _cmdline(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().split(b"\0")
    except OSError:
        return []


def conmon_child(name):
    """The container's main PID: the child of the conmon process whose argv has `-n NAME`."""
    want = name.encode()
    conmon = None
    for p in os.listdir("/proc"):
        if p.isdigit():
            argv = _cmdline(p)
            if argv and os.path.basename(argv[0]) == b"conmon":
                if any(a == b"-n" and b == want for a, b in zip(argv, argv[1:])):
                    conmon = int(p)
                    break
    if conmon is None:
        return None
    kids = [p for p in coldstart.tree(conmon) if p != conmon]
    # runc has exited by now; the one left directly under conmon is the container's PID 1
    for p in kids:
        try:
            with open(f"/proc/{p}/stat") as f:
                if int(f.read().rsplit(")", 1)[1].split()[1]) == conmon:
                    return p
        except (OSError, ValueError, IndexError):
            pass
    return None


def inspect_pid(name):
    try:
        out = subprocess.run(["podman", "inspect", "-f", "{{.State.Pid}}", name], capture_output=True,
                             text=True, timeout=30).stdout.strip()
        return int(out) if out and out != "0" else None
    except (subprocess.SubprocessError, ValueError, OSError):
        return None


def container_memory(client_pid):
    """Called by coldstart.run once, right after the first correct answer (or the timeout)."""
    EXTRA.clear()
    EXTRA["client_rss_mb"] = _memory_of_tree(client_pid)[0]
    pid = conmon_child(NAME)
    if pid is not None:
        rss, pss = _memory_of_tree(pid)
        EXTRA["anon_mb"] = coldstart.anon_mb(pid)
        inspected = inspect_pid(NAME)
        EXTRA.update(mem_of="container", container_pid=pid, pid_check=inspected == pid)
        return rss, pss
    pid = inspect_pid(NAME)
    if pid is None:
        EXTRA.update(mem_of=None, container_pid=None, pid_check=False)
        return None, None
    rss, pss = _memory_of_tree(pid)
    EXTRA.update(mem_of="container", container_pid=pid, pid_check="inspect", anon_mb=coldstart.anon_mb(pid))
    return rss, pss


def run(a, i, u, payload, headers):
    rec = _run(a, i, u, payload, headers)
    rec.update(EXTRA)
    return rec


def main():
    global NAME
    args = sys.argv[1:]
    if len(args) < 2 or args[0] != "--container":
        sys.exit(__doc__)
    NAME = args[1]
    sys.argv = [sys.argv[0]] + args[2:]
    coldstart.memory_mb = container_memory
    coldstart.anon_of = lambda pid: None  # the container's, from container_memory (EXTRA)
    coldstart.run = run
    coldstart.main()


if __name__ == "__main__":
    main()
