#!/usr/bin/env bash
# Restores a snapshot taken by take.sh: the warmed zerocold continues where it was dumped, models
# loaded and code compiled, listening on the port it had; what it logs is printed here. The first
# request resumes it (reopens the journal, restarts scheduled jobs). Meant to be a container's first
# process: criu detaches once the app runs, the app becomes this script's child, and this script
# prints its log until it exits, passing SIGTERM and SIGINT on (the app's graceful shutdown).
#
# Usage: restore.sh SNAPSHOT_DIR
#   LAZY=1 restores with lazy pages: memory is mapped at once and its contents arrive on first
#          touch (userfaultfd) or in the background, so the app can answer before its whole image is
#          read: the better choice when the image is on slow storage, or when first touching fresh
#          memory is slow (2026-12-07, ~12 us a page: 352 against 539 ms for one model, 644 against
#          1,300 ms for the default models; the snapshot image sets it). LAZY=0 (the default) copies
#          every page first, which measured faster where memory was cheap (2026-12-03; docs/cold-start.md).
#   NEW_PID_NAMESPACE=1 runs all this as the first process of a new PID namespace (unshare), as in a
#          container: the dumped PIDs are free there. Outside a container, restoring needs it.
#   STATS=1 prints criu's restore statistics (restore time, pages restored)
#   CRIU   the criu command (default: the criu script next to this one)
set -euo pipefail
[ $# -eq 1 ] || { sed -n '2,/^set -/p' "$0" | sed 's/^# \{0,1\}//; $d' >&2; exit 2; }
if [ "${NEW_PID_NAMESPACE:-0}" = 1 ]; then
  NEW_PID_NAMESPACE=0 exec unshare --pid --fork --mount-proc --kill-child=TERM "$0" "$@"
fi
here=$(cd "$(dirname "$0")" && pwd)
img=$(cd "$1/img" && pwd)
out=$1/app.out  # the app's stdout and stderr: the named pipe it had at the dump
[ -p "$out" ] || mkfifo "$out"
criu=${CRIU:-$here/criu}
lazy=()
pager=
trap '[ -z "$pager" ] || kill "$pager" 2>/dev/null || true' EXIT
if [ "${LAZY:-0}" = 1 ]; then
  # The page server for the restored process; it exits once every page is delivered. The restore
  # connects to its socket, so wait for that to listen.
  rm -f "$img/lazy-pages.socket"
  "$criu" lazy-pages -D "$img" -v1 -o lazy-pages.log &
  pager=$!
  for _ in $(seq 2000); do
    [ -S "$img/lazy-pages.socket" ] && break
    sleep 0.001
  done
  lazy=(--lazy-pages)
fi
app=
forward() {
  [ -n "$app" ] && kill -"$1" "$app" 2>/dev/null || true
}
trap 'forward TERM' TERM
trap 'forward INT' INT
# Hold the pipe open (read-write: opening it does not wait for a writer), then restore.
exec 3<> "$out"
rm -f "$img/restored.pid"
stats=()
[ "${STATS:-0}" = 1 ] && stats=(--display-stats)
"$criu" restore -D "$img" --restore-detached --tcp-close --file-locks "${lazy[@]}" "${stats[@]}" -v1 -o restore.log \
  --pidfile "$img/restored.pid" || { echo "criu restore failed; see $img/restore.log" >&2; exit 1; }
app=$(cat "$img/restored.pid")
# The log while the app runs (a signal interrupts read, the loop goes on), then what is left.
while kill -0 "$app" 2>/dev/null; do
  if IFS= read -r -t 1 line <&3; then
    printf '%s\n' "$line"
  fi
done
while IFS= read -r -t 0.1 line <&3; do
  printf '%s\n' "$line"
done
