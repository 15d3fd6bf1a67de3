#!/usr/bin/env bash
# Takes a CRIU snapshot of a warmed zerocold, on any JDK: starts the packaged app, waits until it is
# ready, sends each warm-up request for a while (so the first requests after a restore run
# compiled code), asks it to prepare (POST /snapshot/prepare: the journal, scheduled jobs and HTTP
# clients close, the heap is collected and shrunk), and dumps the process with criu, which stops it.
# restore.sh brings it back.
#
# Usage: take.sh SNAPSHOT_DIR [-- EXTRA_JAVA_ARGS...]
#   APP       the packaged app (a quarkus-app folder; default: target/quarkus-app of this checkout)
#   JAVA      the java to run (default: java on PATH); JAVA_OPTS replaces the snapshot's JVM flags (jvm.flags)
#   PORT      HTTP port (8080); it is the port of every restored process too
#   WARMUP    a requests file (warmup/requests: the default models), each line sent for WARMUP_SECONDS
#             (10) or WARMUP_REQUESTS times (5000), whichever ends first; a {n} in a one-line body
#             becomes the request's number (distinct inputs defeat the prediction cache)
#   SETTLE    seconds between the warm-up and the dump (6: the JIT frees its arenas after ~5 s)
#   CRIU      the criu command (default: the criu script next to this one; see install-criu.sh)
#   AOT_CACHE a JDK 25 AOT cache to start with (recorded first, by a short start with the same flags
#             and warm-up, when the file does not exist), mapped at the address it was recorded for
#             (-XX:ArchiveRelocationMode=0): the classes' metadata then stays in the cache file's
#             pages, out of the dump, except the pages the JVM writes (docs/cold-start.md)
#   ZEROCOLD_ADMIN_API_KEYS  the management keys of the snapshot (and of every restored process);
#             without it, a random key nobody knows is used for the prepare call, which leaves the
#             restored processes' management API closed
# Run it where the app runs (the project's root, or the image's /deployments): relative paths
# (models/, data/) resolve in the current directory, at dump and at restore. What must not change between dump and restore: the files the process has open or mapped
# (the JDK, the app's jars, the native libraries, the pipe SNAPSHOT_DIR/app.out) at the same paths and
# with the same sizes, the CPU features the JIT compiled for, and the port being free. Configuration, the
# environment and the JVM flags are those of the dump: to change them, take a new snapshot.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 1 ] || { sed -n '2,/^set -/p' "$0" | sed 's/^# \{0,1\}//; $d' >&2; exit 2; }
dir=$(mkdir -p "$1" && cd "$1" && pwd); shift
[ "${1:-}" = -- ] && shift
app=$(cd "${APP:-$here/../../../../target/quarkus-app}" && pwd)
port=${PORT:-8080}
warmup=${WARMUP:-$here/warmup/requests}
count=${WARMUP_REQUESTS:-5000}
seconds=${WARMUP_SECONDS:-10}
criu=${CRIU:-$here/criu}
# jvm.flags: a small, compact heap (the serial collector gives memory back after the GC that
# prepare runs) whose young generation keeps at least 8 MB (shrunk further, the first request after
# a restore began with a collection: 28 ms of a 300 ms restore, 2026-12-07), no perf-data file or
# attach socket for the image to depend on.
java_opts=${JAVA_OPTS:-$(cat "$here/jvm.flags")}
# ONNX Runtime's telemetry keeps a database file open and an uploader running: neither belongs in a
# snapshot (see runtime/onnx/OnnxRuntime).
export ORT_DISABLE_TELEMETRY=${ORT_DISABLE_TELEMETRY:-1}
# Fewer malloc arenas: less free memory scattered across them, for the dump and for the restored
# process (the environment is the dump's).
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
key=${ZEROCOLD_ADMIN_API_KEYS:-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')}
base=http://127.0.0.1:$port

# The warm-up must reach this app, not another server on the port (an image build with the host's
# network shares its ports).
if (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; then
  echo "port $port is already in use: stop what listens there first" >&2
  exit 1
fi
rm -rf "$dir/img" "$dir/app.out" && mkdir -p "$dir/img"
work=$(mktemp -d)
pid=
trap 'kill -9 "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
# No capabilities (it needs none): criu restores a process's capabilities, and cannot give it more
# than the restoring container has (a root build step has them all).
drop=()
command -v setpriv > /dev/null && drop=(setpriv --bounding-set=-all --inh-caps=-all --ambient-caps=-all)

start_app() {  # start_app LOG EXTRA_JVM_OPTS... -- APP_ARGS...: starts the app (sets pid), waits until ready
  local log=$1 opts=()
  shift
  while [ $# -gt 0 ] && [ "$1" != -- ]; do opts+=("$1"); shift; done
  shift
  # A fresh session with no terminal: the dump then holds only files, pipes and sockets it can restore.
  ZEROCOLD_ADMIN_API_KEYS=$key setsid "${drop[@]}" ${JAVA:-java} $java_opts ${opts[@]+"${opts[@]}"} \
    -Dquarkus.http.port="$port" "$@" -jar "$app/quarkus-run.jar" < /dev/null > "$log" 2>&1 &
  pid=$!
  disown "$pid"  # criu dump ends it with SIGKILL; that is not news
  for _ in $(seq 600); do
    curl -sf -o /dev/null "$base/q/health/ready" && return 0
    kill -0 "$pid" 2>/dev/null || { echo "the app exited; see $log" >&2; exit 1; }
    sleep 0.1
  done
  echo "the app was not ready in 60 s; see $log" >&2
  exit 1
}

warm_up() {  # warm_up COUNT SECONDS
  "$here/warm-up.sh" "$base" "$warmup" "$1" "$2"
}

aot=()
if [ -n "${AOT_CACHE:-}" ]; then
  if [ ! -s "$AOT_CACHE" ]; then
    # The cache is written as the recording JVM exits; same flags as the snapshot's start.
    start_app "$dir/aot-training.log" -XX:AOTCacheOutput="$AOT_CACHE" -- "$@"
    warm_up 200 2
    kill -TERM "$pid"
    for _ in $(seq 1200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    [ -s "$AOT_CACHE" ] || { echo "no AOT cache was written; see $dir/aot-training.log" >&2; exit 1; }
    echo "AOT cache recorded: $AOT_CACHE ($(du -m "$AOT_CACHE" | cut -f1) MB)"
  fi
  aot=(-XX:AOTCache="$AOT_CACHE" -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0)
fi

# The app writes its log into a named pipe, not a file: criu restores an open file only when its size
# is unchanged, and a log grows. restore.sh reads the pipe and prints what the restored app writes.
mkfifo "$dir/app.out"
cat "$dir/app.out" > "$dir/app.log" &
# Start the app's PIDs high in this PID namespace (when allowed): criu restores the dumped PIDs, and
# a container that restores as its own first process uses only the lowest ones itself.
# Where that is not writable (a container build), spawn processes until the PIDs are past 1000: a
# restore's own processes (restore.sh, criu, its lazy-pages server) must not take a dumped thread's id.
if ! echo 20000 > /proc/sys/kernel/ns_last_pid 2> /dev/null; then
  while [ "$(sh -c 'echo $$')" -lt 1000 ]; do :; done
fi
start_app "$dir/app.out" ${aot[@]+"${aot[@]}"} -- "$@"
warm_up "$count" "$seconds"

# The JIT gives its pooled compiler arenas back a few seconds after the last compilation.
sleep "${SETTLE:-6}"
curl -sf -X POST -H "X-API-Key: ${key%%,*}" -H 'Connection: close' "$base/snapshot/prepare"; echo
rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status")
# --tcp-established: a connection still open (a client's keep-alive) is dumped and restored closed.
"$criu" dump -t "$pid" -D "$dir/img" --tcp-established --file-locks -v1 -o dump.log \
  || { echo "criu dump failed; see $dir/img/dump.log" >&2; exit 1; }
trap - EXIT
rm -rf "$work"
# What criu found out about this kernel, for restore.sh: criu probes the kernel at every start (50-60
# ms here, twice with lazy pages) unless /run/criu.kdat holds the result, which criu keeps only where
# /run is a tmpfs (not in a container's /run, nor on every host). Recorded with the kernel's release,
# as printf escapes: restore.sh writes it back with a builtin, on the same kernel only. Two recordings
# on one machine differ only in values criu uses when dumping (the zero page's frame number, which
# varied within one boot here) and in three bytes near the end; restores with either worked.
# shellcheck disable=SC2016
hex=$(unshare --mount --propagation private sh -c 'mount -t tmpfs -o size=1m tmpfs /run && { "$@" check > /dev/null 2>&1; od -An -v -tx1 /run/criu.kdat; }' \
  sh "$criu" 2> /dev/null) || hex=  # none without a mount namespace of its own: restore.sh lets criu probe
if [ -n "$hex" ]; then
  { cat /proc/sys/kernel/osrelease; tr -d ' \n' <<< "$hex" | sed 's/../\\x&/g'; echo; } > "$dir/kdat"
else
  rm -f "$dir/kdat"
fi
echo "snapshot: $dir/img ($(du -sm "$dir/img" | cut -f1) MB, process RSS $rss MB at the dump)"
