#!/usr/bin/env bash
# Restores a snapshot taken by take.sh: the warmed zerocold continues where it was dumped, models
# loaded and code compiled, listening on the port it had; what it logs is printed here. The first
# request resumes it (reopens the journal, restarts scheduled jobs). Meant to be a container's first
# process: criu detaches once the app runs, the app becomes this script's child, and this script
# prints its log until it exits, passing SIGTERM and SIGINT on (the app's graceful shutdown).
#
# Usage: restore.sh SNAPSHOT_DIR
#   LAZY=1 (the default) restores with lazy pages: memory is mapped at once and its contents arrive
#          from criu's page server, on first touch (userfaultfd) and in the background, so the app runs
#          before its image is read. The background copy installs pages without a page fault each,
#          which is most of a restore's cost where first touching memory is slow: 2026-12-07, ~12 us a
#          page, 284 against 418 ms for one model, 414 against 1,055 ms for the default models.
#          LAZY=0 copies every page first (faster where memory was cheap, 2026-12-03: docs/cold-start.md).
#   NEW_PID_NAMESPACE=1 runs all this as the first process of a new PID namespace (unshare), as in a
#          container: the dumped PIDs are free there. Outside a container, restoring needs it.
#   STATS=1 prints criu's restore statistics (restore time, pages restored)
#   CRIU   the criu command (default: criu from install-criu.sh's prefix, CRIU_HOME, run directly by
#          that prefix's loader, as the criu script next to this one does)
# Every process started here costs: on a VM where first touching memory is slow, a fork or exec
# takes 4-9 ms (2026-12-07, benchmarks/coldstart/memory_costs.py), so this script uses builtins on its
# way to criu.
set -euo pipefail
[ $# -eq 1 ] || { sed -n '2,/^set -/p' "$0" | sed 's/^# \{0,1\}//; $d' >&2; exit 2; }
if [ "${NEW_PID_NAMESPACE:-0}" = 1 ]; then
  NEW_PID_NAMESPACE=0 OWN_MOUNTS=1 exec unshare --pid --fork --mount-proc --kill-child=TERM "$0" "$@"
fi
case $1 in /*) dir=$1 ;; *) dir=$PWD/$1 ;; esac
img=$dir/img
[ -d "$img" ] || { echo "no snapshot in $dir (take.sh writes one)" >&2; exit 1; }
out=$dir/app.out  # the app's stdout and stderr: the named pipe it had at the dump
[ -p "$out" ] || mkfifo "$out"
if [ -n "${CRIU:-}" ]; then
  criu=("$CRIU")
else
  prefix=${CRIU_HOME:-$HOME/.cache/zerocold/criu}
  lib=$prefix/usr/lib/x86_64-linux-gnu
  [ -x "$prefix/usr/sbin/criu" ] || { echo "no criu in $prefix: run install-criu.sh first" >&2; exit 1; }
  criu=("$lib/ld-linux-x86-64.so.2" --library-path "$lib" "$prefix/usr/sbin/criu")
fi
# criu probes the kernel's features at every start unless /run/criu.kdat holds them, which criu keeps
# only where /run is a tmpfs: 60 ms of every restore here, 110 with lazy pages (2026-12-07). take.sh
# recorded them; written back on the same kernel only. Outside a container this runs in a mount
# namespace of its own: a tmpfs on /run there leaves the host's /run as it was.
if [ ! -e /run/criu.kdat ] && [ -f "$dir/kdat" ]; then
  { read -r kernel && read -r kdat; } < "$dir/kdat" || kdat=
  read -r running < /proc/sys/kernel/osrelease
  if [ "$kernel" = "$running" ] && [ -n "$kdat" ]; then
    if [ "${OWN_MOUNTS:-0}" != 1 ] || mount -t tmpfs -o size=1m tmpfs /run 2> /dev/null; then
      # shellcheck disable=SC2059
      printf "$kdat" 2> /dev/null > /run/criu.kdat || true
    fi
  fi
fi
# Hold the pipe open (read-write: opening it does not wait for a writer). Nothing writes to it until
# the app runs, so a timed read on it is also this script's sleep (the sleep command is a process).
exec 3<> "$out"
lazy=()
pager=
# criu writes the restored PID into a file that must not exist: a new name each time, removed at the end
pidfile=$img/restored.${EPOCHREALTIME/./}.pid
trap '[ -z "$pager" ] || kill "$pager" 2>/dev/null || true; rm -f "$pidfile"' EXIT
if [ "${LAZY:-1}" = 1 ]; then
  # The page server for the restored process; it exits once every page is delivered. The restore
  # connects to its socket, so wait for that to listen.
  [ ! -e "$img/lazy-pages.socket" ] || rm -f "$img/lazy-pages.socket"
  "${criu[@]}" lazy-pages -D "$img" -v1 -o lazy-pages.log &
  pager=$!
  for ((i = 0; i < 2000; i++)); do
    [ -S "$img/lazy-pages.socket" ] && break
    read -r -t 0.001 -u 3 _ || true
  done
  lazy=(--lazy-pages)
fi
app=
forward() {
  [ -n "$app" ] && kill -"$1" "$app" 2>/dev/null || true
}
trap 'forward TERM' TERM
trap 'forward INT' INT
stats=()
[ "${STATS:-0}" = 1 ] && stats=(--display-stats)
"${criu[@]}" restore -D "$img" --restore-detached --tcp-close --file-locks "${lazy[@]}" "${stats[@]}" -v1 -o restore.log \
  --pidfile "$pidfile" || { echo "criu restore failed; see $img/restore.log" >&2; exit 1; }
read -r app < "$pidfile" || [ -n "$app" ]  # the file has no newline
# The log while the app runs (a signal interrupts read, the loop goes on), then what is left.
while kill -0 "$app" 2>/dev/null; do
  if IFS= read -r -t 1 line <&3; then
    printf '%s\n' "$line"
  fi
done
while IFS= read -r -t 0.1 line <&3; do
  printf '%s\n' "$line"
done
