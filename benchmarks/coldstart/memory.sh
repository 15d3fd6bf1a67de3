#!/usr/bin/env bash
# What a snapshot of a warmed zerocold would hold, by kind of memory (the table in docs/cold-start.md,
# "What a snapshot holds"): starts the packaged app on JDK 25 with the snapshot's flags
# (src/main/docker/snapshot/jvm.flags) and native memory tracking, warms it with a warm-up file
# (src/main/docker/snapshot/warm-up.sh), prepares it (POST /snapshot/prepare), waits for the JIT to
# settle and prints src/main/docker/snapshot/memory-report.py's table for the process; then stops it.
#
# usage: benchmarks/coldstart/memory.sh peer|default     (after ./mvnw package)
# env:   AOT=1 records an AOT cache for the setup first (target/memory/<setup>.aot) and starts with
#        it, mapped where it was recorded; COUNT (5000, as take.sh) requests per warm-up line, for at most 10 s; JAVA (Temurin 25);
#        PORT (8093); PEERS_WORK (/tmp/peers, the peer setup of benchmarks/peers/setup-zerocold.sh)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
snap=$root/src/main/docker/snapshot
setup=${1:?peer or default}
java=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
port=${PORT:-8093}
count=${COUNT:-5000}
work=$root/target/memory
mkdir -p "$work"
rm -rf "$work/$setup-data"
args=(-Dquarkus.http.port="$port" -Dquarkus.http.host=127.0.0.1 -Dzerocold.recommend.retrain-interval=off
      -Dzerocold.models.scan-interval=off -Dzerocold.models.state-dir="$work/$setup-data"
      -Dzerocold.recommend.journal="$work/$setup-data/interactions.log" -Dzerocold.admin.api-keys=memory-key)
case $setup in
  peer) cwd=${PEERS_WORK:-/tmp/peers}/zerocold; warmup=$snap/warmup/fmnist-requests
        args+=(-Dzerocold.models.root="$cwd/models" -Dzerocold.image.default-model=fmnist) ;;
  default) cwd=$root; warmup=$snap/warmup/requests ;;
  *) echo "unknown setup $setup (peer, default)" >&2; exit 2 ;;
esac
flags=($(cat "$snap/jvm.flags" | sed 's/-XX:+DisableAttachMechanism//') -XX:NativeMemoryTracking=summary)
export ORT_DISABLE_TELEMETRY=1 MALLOC_ARENA_MAX=2
base=http://127.0.0.1:$port
pid=
trap 'kill -9 "$pid" 2> /dev/null || true' EXIT

start() {  # start EXTRA_FLAGS...: the app in the background (pid), ready
  (cd "$cwd" && exec "$java" "${flags[@]}" "$@" "${args[@]}" -jar "$root/target/quarkus-app/quarkus-run.jar") \
    > "$work/$setup.log" 2>&1 &
  pid=$!
  for _ in $(seq 600); do
    curl -sf -o /dev/null "$base/q/health/ready" && return 0
    kill -0 "$pid" 2> /dev/null || { echo "the app exited; see $work/$setup.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "not ready in 60 s; see $work/$setup.log" >&2; exit 1
}

aot=()
if [ "${AOT:-0}" = 1 ]; then
  rm -f "$work/$setup.aot"
  start -XX:AOTCacheOutput="$work/$setup.aot"
  "$snap/warm-up.sh" "$base" "$warmup" 50 2 > /dev/null
  kill -TERM "$pid"; timeout 120 tail --pid="$pid" -f /dev/null
  aot=(-XX:AOTCache="$work/$setup.aot" -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0)
fi
start ${aot[@]+"${aot[@]}"}
"$snap/warm-up.sh" "$base" "$warmup" "$count" 10
sleep 6  # the JIT gives its pooled arenas back a few seconds after the last compilation
curl -sf -X POST -H 'X-API-Key: memory-key' "$base/snapshot/prepare" > /dev/null
echo "$setup (AOT=${AOT:-0}, $count requests a warm-up line, prepared; $("$java" -version 2>&1 | head -1)):"
timeout 60 "$(dirname "$java")/jcmd" "$pid" System.map > "$work/$setup.system-map.txt"
/usr/bin/python3 "$snap/memory-report.py" "$pid" "$work/$setup.system-map.txt"
kill -TERM "$pid"
