#!/usr/bin/env bash
# Restores a snapshot taken by take.sh: the warmed zerocold continues where it was dumped, models
# loaded and code compiled, listening on the port it had; what it logs is printed here. The first request resumes it (reopens the
# journal, restarts scheduled jobs). Runs in the foreground until the app exits; SIGTERM and SIGINT
# are passed on to the app (its graceful shutdown).
#
# Usage: restore.sh SNAPSHOT_DIR
#   LAZY=1 restores with lazy pages: memory is mapped at once and its contents arrive on first
#          touch (userfaultfd) or in the background, so the app can answer before its whole image is
#          read: the better choice when the image is on slow storage. LAZY=0 (the default) copies every
#          page first, which measured faster here with the image in the page cache (README, "Cold start").
#   NEW_PID_NAMESPACE=1 restores inside a new PID namespace (unshare), so the dumped PIDs are free;
#          not needed where the restore runs as the first process of its own container.
#   CRIU   the criu command (default: the criu script next to this one)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ $# -eq 1 ] || { sed -n '2,/^set -/p' "$0" | sed 's/^# \{0,1\}//; $d' >&2; exit 2; }
img=$(cd "$1/img" && pwd)
# The app's stdout and stderr: the named pipe it had at the dump, printed here.
[ -p "$1/app.out" ] || mkfifo "$1/app.out"
cat "$1/app.out" &
criu=${CRIU:-$here/criu}
lazy=()
pager=
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
wrap=()
[ "${NEW_PID_NAMESPACE:-0}" = 1 ] && wrap=(unshare --pid --fork --mount-proc)
"${wrap[@]}" "$criu" restore -D "$img" --tcp-close --file-locks "${lazy[@]}" -v1 -o restore.log &
restorer=$!
# criu stays the restored app's parent (no --restore-detached): the app is the deepest descendant.
forward() {
  local p=$restorer c
  while c=$(pgrep -P "$p" | head -n 1) && [ -n "$c" ]; do p=$c; done
  [ "$p" != "$restorer" ] && kill -"$1" "$p" 2>/dev/null || true
}
trap 'forward TERM' TERM
trap 'forward INT' INT
status=0
while kill -0 "$restorer" 2>/dev/null; do
  wait "$restorer" || status=$?
done
[ -n "$pager" ] && kill "$pager" 2>/dev/null
exit "$status"
