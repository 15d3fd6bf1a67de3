#!/usr/bin/env bash
# Snapshot start in a container: `podman container checkpoint --export` and
# `podman container restore --import` (CRIU underneath, the mechanism Kubernetes' container
# checkpointing uses through CRI-O), with the project's criu (src/main/docker/snapshot/install-criu.sh),
# measured beside the host-level snapshot (src/main/docker/snapshot/restore.sh).
# For each setup:
#   peer     the one-model repository of benchmarks/peers (the Fashion-MNIST CNN as fmnist), mounted
#            read-only at /deployments/models as benchmarks/containers/coldstart.sh mounts it; port 8090
#   default  the image's own models; port 8080
# it starts localhost/zerocold:jvm-aot as root (criu cannot checkpoint it otherwise here: README.md),
# with the snapshot's JVM flags (src/main/docker/snapshot/jvm.flags) as JAVA_RUN_OPTS and the image's
# JAVA_OPTS (so its AOT cache applies), warms it with take.sh's warm-up requests (warmup/requests for
# default, warmup/fmnist-requests for peer; each line WARMUP_SECONDS or WARMUP_REQUESTS times, as
# take.sh), waits SETTLE s, POSTs /snapshot/prepare and checkpoints it into a tar (time and size
# recorded). Then ROUNDS rounds of: remove the container, `podman container restore --import` ->
# first correct image prediction ("ankle boot"), polled every 5 ms on a fresh connection
# (container_coldstart.py: benchmarks/peers/coldstart.py, memory of the restored container's main
# process tree), interleaved with a restore of the host-level snapshot of the same setup
# (restore.sh, every page copied first, in a new PID namespace, as benchmarks/coldstart/snapshot.sh
# measures it) when snapshot.sh left one in HOST_SNAPSHOTS/<setup>; the order alternates every round.
# The machine's first-touch cost (benchmarks/peers/page_touch.py) is measured at the start and after
# each setup and printed beside every figure.
#
# usage: benchmarks/containers/checkpoint.sh        (from anywhere; as root, like the image scripts)
# env:   ROUNDS (5)  SETUPS ("peer default")  OUT (target/containers/checkpoint-<date-time>)
#        AOT_IMAGE (localhost/zerocold:jvm-aot)  HOST_SNAPSHOTS (target/snapshot: snapshot.sh's results)
#        WARMUP_SECONDS (10)  WARMUP_REQUESTS (5000)  SETTLE (6)  CRIU_HOME (as install-criu.sh)
#        KEEP_CHECKPOINT (0; 1 keeps the exported tars in OUT)  PEERS_WORK, PEERS_DATA_SRC (benchmarks/peers)
# needs: the image (src/main/docker/build-images.sh); for peer, benchmarks/peers/setup-zerocold.sh
# out:   $OUT/{restore.jsonl, checkpoint.jsonl, page-touch.txt, versions.txt, table.md, <setup>-*.log}
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
containers=$root/benchmarks/containers
peers=$root/benchmarks/peers
snap=$root/src/main/docker/snapshot
# shellcheck source=src/main/docker/podman.sh
. src/main/docker/podman.sh
# shellcheck source=benchmarks/peers/common.sh
. "$peers/common.sh"   # WORK, PY

ROUNDS=${ROUNDS:-5}
SETUPS=${SETUPS:-peer default}
OUT=${OUT:-target/containers/checkpoint-$(date +%Y%m%d-%H%M%S)}
AOT_IMAGE=${AOT_IMAGE:-localhost/zerocold:jvm-aot}
HOST_SNAPSHOTS=$(realpath -m "${HOST_SNAPSHOTS:-$root/target/snapshot}")  # absolute: restores run from each setup's folder
WARMUP_SECONDS=${WARMUP_SECONDS:-10}
WARMUP_REQUESTS=${WARMUP_REQUESTS:-5000}
SETTLE=${SETTLE:-6}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

# The project's criu, for restore.sh (CRIU_HOME) and for podman's runc (the shim on the PATH).
CRIU_HOME=${CRIU_HOME:-$HOME/.cache/zerocold/criu}
case $CRIU_HOME in /*) ;; *) CRIU_HOME=$PWD/$CRIU_HOME ;; esac
export CRIU_HOME
timeout 900 "$snap/install-criu.sh" >&2
export PATH=$CRIU_HOME/bin:$PATH

for s in $SETUPS; do
  case $s in
    peer) [ -f "$WORK/zerocold/models/fmnist/1/model.yaml" ] || { echo "peer: run benchmarks/peers/setup-zerocold.sh" >&2; exit 1; } ;;
    default) ;;
    *) echo "unknown setup: $s (peer default)" >&2; exit 2 ;;
  esac
done
timeout 60 podman image exists "$AOT_IMAGE" || { echo "no $AOT_IMAGE: src/main/docker/build-images.sh" >&2; exit 1; }

run_id=$$-$(date +%s)
names=() volumes=() tars=()
cleanup() {
  local x
  for x in ${names[@]+"${names[@]}"}; do timeout 60 podman rm -f -t 0 "$x" > /dev/null 2>&1 || true; done
  for x in ${volumes[@]+"${volumes[@]}"}; do timeout 60 podman volume rm -f "$x" > /dev/null 2>&1 || true; done
  if [ "${KEEP_CHECKPOINT:-0}" != 1 ]; then
    for x in ${tars[@]+"${tars[@]}"}; do rm -f "$x"; done
  fi
}
trap cleanup EXIT

port_busy() { ss -Hltn "sport = :$1" 2> /dev/null | grep -q .; }
wait_port_free() {  # up to 60 s
  local i
  for i in $(seq 600); do port_busy "$1" || return 0; sleep 0.1; done
  echo "port $1 still in use after 60 s" >&2; return 1
}
first_touch() { echo "$1: $(timeout 120 "$PY" -B "$peers/page_touch.py")" | tee -a "$OUT/page-touch.txt" >&2; }
container_rss() {  # RSS MB of container $1's main process tree (its PID from podman inspect)
  local pid
  pid=$(timeout 30 podman inspect -f '{{.State.Pid}}' "$1")
  "$PY" -B -c 'import sys; sys.path.insert(0, sys.argv[1]); import coldstart; print(coldstart.memory_mb(int(sys.argv[2]))[0])' \
    "$peers" "$pid"
}
add_fields() {  # add_fields JSON KEY VALUE...: JSON with the pairs added (values as JSON if they parse)
  "$PY" -c '
import json, sys
r = json.loads(sys.argv[1])
for k, v in zip(sys.argv[2::2], sys.argv[3::2]):
    try: r[k] = json.loads(v)
    except ValueError: r[k] = v
print(json.dumps(r))' "$@"
}

# warm BASE_URL REQUESTS_FILE: take.sh's warm-up (src/main/docker/snapshot/warm-up.sh)
warm() {
  "$root/src/main/docker/snapshot/warm-up.sh" "$1" "$2" "$WARMUP_REQUESTS" "$WARMUP_SECONDS" >&2
}

{
  echo "date: $(date -u '+%F %T') UTC"
  echo "kernel: $(uname -r), $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo)"
  echo "podman: $(timeout 30 podman --version) --runtime runc ($(timeout 30 runc --version | head -1))"
  echo "criu: $(timeout 30 criu --version | head -1) ($(command -v criu | sed "s|^$HOME|~|"))"
  echo "image: $AOT_IMAGE $(timeout 60 podman image inspect --format '{{.Id}} {{.Created}} {{.Size}} bytes' "$AOT_IMAGE")"
  echo "JAVA_RUN_OPTS: $(cat "$snap/jvm.flags")"
  echo "rounds: $ROUNDS; setups: $SETUPS; warm-up: ${WARMUP_SECONDS} s or $WARMUP_REQUESTS requests a line; settle ${SETTLE} s"
  for s in $SETUPS; do
    if [ -d "$HOST_SNAPSHOTS/$s/img" ]; then
      echo "host snapshot $s: ${HOST_SNAPSHOTS#$root/}/$s ($(du -sm "$HOST_SNAPSHOTS/$s/img" | cut -f1) MB, taken $(date -r "$HOST_SNAPSHOTS/$s/img" '+%F %T'))"
    else
      echo "host snapshot $s: none in $HOST_SNAPSHOTS/$s (benchmarks/coldstart/snapshot.sh takes it): container only"
    fi
  done
} > "$OUT/versions.txt"
cat "$OUT/versions.txt" >&2

body=$root/benchmarks/data/fashion-mnist-test-0.png
check="status == 200 and j['predictions'][0]['label'] == 'ankle boot'"
key=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
first_touch start

for setup in $SETUPS; do
  name=checkpoint-$setup-$run_id
  volume=$name-data
  tar=$OUT/$setup-checkpoint.tar
  case $setup in
    peer)
      port=8090; cwd=$WORK/zerocold; warmup=$snap/warmup/fmnist-requests
      url="http://127.0.0.1:$port/api/predict/image?top_k=1&model=fmnist"
      specific=(-v "$WORK/zerocold/models:/deployments/models:ro" -e ZEROCOLD_IMAGE_DEFAULT_MODEL=fmnist) ;;
    default)
      port=8080; cwd=$root; warmup=$snap/warmup/requests
      url="http://127.0.0.1:$port/api/predict/image?top_k=1"
      specific=() ;;
  esac
  base=http://127.0.0.1:$port
  echo "== $setup: start, warm up, prepare, checkpoint" >&2
  names+=("$name"); volumes+=("$volume"); tars+=("$tar")
  timeout 60 podman volume create "$volume" > /dev/null
  wait_port_free "$port"
  # --user 0: criu cannot read the rlimits of another uid's process here (README.md). --read-only
  # and the state volume as coldstart.sh runs the images; --ignore-volumes below: the volume stays
  # where it is (the checkpoint does not carry it), as a pod's volume would.
  timeout 120 "${PODMAN[@]}" run -d --name "$name" --user 0 --network host "${PODMAN_LIMITS[@]}" --read-only \
    -v "$volume:/deployments/data" ${specific[@]+"${specific[@]}"} \
    -e QUARKUS_HTTP_PORT="$port" -e ZEROCOLD_RECOMMEND_RETRAIN_INTERVAL=off -e ZEROCOLD_ADMIN_API_KEYS="$key" \
    -e MALLOC_ARENA_MAX=2 -e JAVA_RUN_OPTS="$(cat "$snap/jvm.flags")" "$AOT_IMAGE" > /dev/null
  ready=0
  for _ in $(seq 1800); do
    curl -sf -m 5 -o /dev/null "$base/q/health/ready" && { ready=1; break; }
    [ "$(timeout 30 podman inspect -f '{{.State.Running}}' "$name")" = true ] || break
    sleep 0.1
  done
  [ "$ready" = 1 ] || { timeout 60 podman logs "$name" > "$OUT/$setup-container.log" 2>&1 || true
                        echo "$setup: the container did not become ready; see $OUT/$setup-container.log" >&2; exit 1; }
  warm "$base" "$warmup"
  sleep "$SETTLE"   # the JIT gives its pooled compiler arenas back a few seconds after the last compilation
  timeout 120 curl -sf -X POST -H "X-API-Key: $key" -H 'Connection: close' "$base/snapshot/prepare" >&2; echo >&2
  rss=$(container_rss "$name")
  started=$(date +%s%N)
  timeout 600 "${PODMAN[@]}" container checkpoint --export "$tar" --compress none --tcp-established \
    --ignore-volumes "$name" > /dev/null
  checkpoint_ms=$(( ($(date +%s%N) - started) / 1000000 ))
  line=$(add_fields '{}' setup "$setup" checkpoint_ms "$checkpoint_ms" tar_mb "$(( $(stat -c %s "$tar") / 1000000 ))" \
    rss_mb_at_checkpoint "$rss")
  echo "$line" | tee -a "$OUT/checkpoint.jsonl" >&2

  host=$HOST_SNAPSHOTS/$setup
  ls "$host"/img/core-*.img > /dev/null 2>&1 || host=
  [ -n "$host" ] || echo "$setup: no host snapshot in $HOST_SNAPSHOTS/$setup (benchmarks/coldstart/snapshot.sh): container restores only" >&2
  probe=(--url "$url" --body "$body" --ctype image/png --check "$check")
  for r in $(seq "$ROUNDS"); do
    order="container host"; [ $((r % 2)) = 0 ] && order="host container"
    for how in $order; do
      if [ "$how" = container ]; then
        # the checkpointed container (first round; each round's restored one is removed after it):
        # --tcp-established cannot be combined with --name, so the restore takes the checkpoint's name
        timeout 60 podman rm -f -t 0 "$name" > /dev/null 2>&1 || true
        wait_port_free "$port"
        rm -f "$OUT/restore-ms"
        # the measured command: podman's restore, then podman wait, so that the command lives as long as
        # the container (coldstart.py stops at a command's exit); the restore's own time into restore-ms.
        # The app can answer before podman's restore returns: coldstart.py's SIGTERM then waits for it.
        cmd=(bash -c 'trap "stop=1" TERM; t=$(date +%s%N); "${@:3}" > /dev/null || exit 1
                      echo $(( ($(date +%s%N) - t) / 1000000 )) > "$1"
                      [ -z "${stop:-}" ] || exit 0; exec timeout 600 podman wait "$2" > /dev/null'
             restore "$OUT/restore-ms" "$name"
             timeout 300 "${PODMAN[@]}" container restore --import "$tar" --tcp-established --ignore-volumes)
        line=$(timeout 360 "$PY" -B "$containers/container_coldstart.py" --container "$name" --name "$setup-container" \
          "${probe[@]}" --log "$OUT/$setup-restore.log" -- "${cmd[@]}" || true)
        [ -n "$line" ] || line="{\"name\": \"$setup-container\", \"ms\": null, \"error\": \"the probe gave no result\"}"
        # podman inspect's PID once the restore is done (container_coldstart.py asks right at the first
        # answer, which can come before podman has recorded the restored PID)
        line=$(add_fields "$line" podman_restore_ms "$(cat "$OUT/restore-ms" 2>/dev/null || echo null)" \
          pid_after_restore "$(timeout 30 podman inspect -f '{{.State.Pid}}' "$name" 2>/dev/null || echo null)")
        timeout 60 podman logs "$name" >> "$OUT/$setup-container.log" 2>&1 || true
        timeout 60 podman rm -f -t 0 "$name" > /dev/null 2>&1 || true
      else
        [ -n "$host" ] || continue
        wait_port_free "$port"
        line=$(cd "$cwd" && timeout 360 "$PY" -B "$peers/coldstart.py" --name "$setup-host" "${probe[@]}" \
          --log "$OUT/$setup-host-restore.log" -- env LAZY=0 NEW_PID_NAMESPACE=1 "$snap/restore.sh" "$host" || true)
        [ -n "$line" ] || line="{\"name\": \"$setup-host\", \"ms\": null, \"error\": \"the probe gave no result\"}"
      fi
      line=$(add_fields "$line" setup "$setup" how "$how" round "$r")
      echo "$line" | tee -a "$OUT/restore.jsonl" >&2
      sleep 1
    done
  done
  timeout 60 podman rm -f -t 0 "$name" > /dev/null 2>&1 || true
  rm -f "$OUT/restore-ms"
  wait_port_free "$port"
  first_touch "after $setup"
done
"$PY" -B "$containers/checkpoint-summary.py" "$OUT" | tee "$OUT/table.md"
