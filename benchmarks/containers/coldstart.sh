#!/usr/bin/env bash
# Cold start in containers beside the same servers on the host: exec of the start command -> first
# correct prediction (benchmarks/peers/coldstart.py; polls every 5 ms on a fresh connection), and the
# memory (RSS, PSS) of the serving process tree at that moment, for
#   node             the Node.js peer on the host (benchmarks/peers/run-node.sh)
#   node-container   the same in its image (build-node-image.sh), podman run
#   zerocold         zerocold's fast-jar on the host (benchmarks/peers/run-zerocold.sh), one-model repository
#   zerocold-jvm     localhost/zerocold:jvm with that repository mounted read-only at /deployments/models
#   zerocold-jvm-aot localhost/zerocold:jvm-aot, the same way
#   zerocold-snapshot localhost/zerocold:jvm-snapshot: the restore of a dump of the DEFAULT models
#                    taken at image build time (its port, 8080, is the dump's; its image model is
#                    models/image, trained like the peers' CNN but not the same file); run with the
#                    capabilities criu needs, as root, not read-only (restore.sh writes criu's log)
# ROUNDS rounds, interleaved: the order rotates every round and one server is alive at a time. Same
# requests and checks as the peers harness (benchmarks/peers/bench.sh): Node gets test image 0 as
# JSON floats (label 9), zerocold as a grey PNG ("ankle boot"). The machine's first-touch cost
# (page_touch.py) is measured at the start and the end and printed beside every summary line.
# Containers: podman run --rm with a unique name, --network host, --read-only, the project's ulimits
# (src/main/docker/podman.sh), removed (podman rm -f) after each round; the next round waits until
# the port is free. Their memory is the container's main process tree (container_coldstart.py), not
# the podman client's.
#
# usage: benchmarks/containers/coldstart.sh           (from anywhere; as root, like the image scripts)
# env:   ROUNDS (5)  SETUPS ("node node-container zerocold zerocold-jvm zerocold-jvm-aot zerocold-snapshot")
#        OUT (target/containers/<date-time>)  NODE_PORT (5002)  ZEROCOLD_PORT (8090)
#        NODE_IMAGE (localhost/zerocold-peer-node:20)  JVM_IMAGE (localhost/zerocold:jvm)
#        AOT_IMAGE (localhost/zerocold:jvm-aot)  SNAPSHOT_IMAGE (localhost/zerocold:jvm-snapshot)
#        PODMAN_RUN_OPTS (extra podman run options for every container setup, split on spaces; none by
#        default: the images are measured as they are shipped)
#        JAVA (host runs; default Temurin 25, the images' JDK, else java on PATH), JAVA_OPTS
#        (default --enable-native-access=ALL-UNNAMED, as the images), ZEROCOLD_APP (host runs' jar,
#        default target/quarkus-app/quarkus-run.jar), PEERS_WORK, PEERS_DATA_SRC (benchmarks/peers)
# needs: the peers set up (benchmarks/peers/setup-node.sh, setup-zerocold.sh), the images built
#        (src/main/docker/build-images.sh, benchmarks/containers/build-node-image.sh)
# out:   $OUT/{coldstart.jsonl, page-touch.txt, images.tsv, versions.txt, table.md, server-*.log}
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
containers=$root/benchmarks/containers
peers=$root/benchmarks/peers
# shellcheck source=src/main/docker/podman.sh
. src/main/docker/podman.sh
# shellcheck source=benchmarks/peers/common.sh
. "$peers/common.sh"   # WORK, DATA, PY

ROUNDS=${ROUNDS:-5}
SETUPS=${SETUPS:-node node-container zerocold zerocold-jvm zerocold-jvm-aot zerocold-snapshot}
OUT=${OUT:-target/containers/$(date +%Y%m%d-%H%M%S)}
NODE_PORT=${NODE_PORT:-5002}
ZEROCOLD_PORT=${ZEROCOLD_PORT:-8090}
NODE_IMAGE=${NODE_IMAGE:-localhost/zerocold-peer-node:20}
JVM_IMAGE=${JVM_IMAGE:-localhost/zerocold:jvm}
AOT_IMAGE=${AOT_IMAGE:-localhost/zerocold:jvm-aot}
SNAPSHOT_IMAGE=${SNAPSHOT_IMAGE:-localhost/zerocold:jvm-snapshot}
T25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
if [ -z "${JAVA:-}" ]; then
  if [ -x "$T25" ]; then JAVA=$T25; else JAVA=$(command -v java); fi
fi
JAVA_OPTS=${JAVA_OPTS:---enable-native-access=ALL-UNNAMED}
ZEROCOLD_APP=${ZEROCOLD_APP:-$root/target/quarkus-app/quarkus-run.jar}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
volumes=()
read -r -a run_opts <<< "${PODMAN_RUN_OPTS:-}"

image_of() {
  case $1 in
    node-container) echo "$NODE_IMAGE" ;;
    zerocold-jvm) echo "$JVM_IMAGE" ;;
    zerocold-jvm-aot) echo "$AOT_IMAGE" ;;
    zerocold-snapshot) echo "$SNAPSHOT_IMAGE" ;;
  esac
}

preflight() {
  local miss="" s
  for s in $SETUPS; do
    case $s in
      node) [ -d "$WORK/node/node_modules" ] || miss+=" node(benchmarks/peers/setup-node.sh)" ;;
      zerocold) [ -f "$ZEROCOLD_APP" ] || miss+=" zerocold(ZEROCOLD_APP=$ZEROCOLD_APP: ./mvnw package -DskipTests)" ;;
      node-container|zerocold-jvm|zerocold-jvm-aot|zerocold-snapshot)
        timeout 60 podman image exists "$(image_of "$s")" \
          || miss+=" $s($(image_of "$s"): src/main/docker/build-images.sh or benchmarks/containers/build-node-image.sh)" ;;
      *) echo "unknown setup: $s (node node-container zerocold zerocold-jvm zerocold-jvm-aot zerocold-snapshot)" >&2; exit 2 ;;
    esac
    case $s in
      zerocold*) [ -f "$WORK/zerocold/models/fmnist/1/model.yaml" ] || miss+=" $s(benchmarks/peers/setup-zerocold.sh)" ;;
    esac
  done
  [ -z "$miss" ] || { echo "not set up:$miss" >&2; exit 1; }
}
preflight

timeout 120 "$PY" -B "$peers/make_bodies.py" 0 > /dev/null
LABEL=$(cat "$WORK/bodies/label"); LABEL_NAME=$(cat "$WORK/bodies/label_name")

# a container's name for this run and round, unique across runs
run_id=$$-$(date +%s)
cname() { echo "coldstart-$1-$run_id-r$2"; }

# the state volume of a zerocold container setup: one per setup, kept across its rounds (as the host
# runs keep their working directory), removed at the end
state_volume() { echo "coldstart-$1-$run_id-data"; }
cleanup() {
  local v
  for v in "${volumes[@]}"; do timeout 60 podman volume rm -f "$v" > /dev/null 2>&1 || true; done
}
trap cleanup EXIT

setup() {  # sets CMD URL BODY CTYPE CHECK PORT NAME for setup $1, round $2
  NAME=""
  case $1 in
    node*)
      PORT=$NODE_PORT; URL="http://127.0.0.1:$PORT/predict"
      BODY="$WORK/bodies/flask.json"; CTYPE=application/json
      CHECK="status == 200 and j['label'] == $LABEL" ;;
    zerocold-snapshot)
      PORT=8080; URL="http://127.0.0.1:$PORT/api/predict/image?top_k=1"
      BODY="$WORK/bodies/zerocold.png"; CTYPE=image/png
      CHECK="status == 200 and j['predictions'][0]['label'] == '$LABEL_NAME'" ;;
    zerocold*)
      PORT=$ZEROCOLD_PORT; URL="http://127.0.0.1:$PORT/api/predict/image?top_k=1&model=fmnist"
      BODY="$WORK/bodies/zerocold.png"; CTYPE=image/png
      CHECK="status == 200 and j['predictions'][0]['label'] == '$LABEL_NAME'" ;;
  esac
  case $1 in
    node) CMD=(env NODE_PORT="$PORT" "$peers/run-node.sh") ;;
    zerocold) CMD=(env JAVA="$JAVA" JAVA_OPTS="$JAVA_OPTS" ZEROCOLD_APP="$ZEROCOLD_APP" ZEROCOLD_PORT="$PORT"
                   "$peers/run-zerocold.sh") ;;
    node-container)
      NAME=$(cname "$1" "$2")
      CMD=("${PODMAN[@]}" run --rm --name "$NAME" --network host "${PODMAN_LIMITS[@]}" --read-only
           ${run_opts[@]+"${run_opts[@]}"} -e PORT="$PORT" "$NODE_IMAGE") ;;
    zerocold-snapshot)
      NAME=$(cname "$1" "$2")
      CMD=("${PODMAN[@]}" run --rm --name "$NAME" --network host "${PODMAN_LIMITS[@]}"
           --cap-add CHECKPOINT_RESTORE --cap-add SYS_PTRACE --cap-add SYS_ADMIN --cap-add NET_ADMIN
           --cap-add SYS_TIME --security-opt seccomp=unconfined ${run_opts[@]+"${run_opts[@]}"} "$SNAPSHOT_IMAGE") ;;
    zerocold-jvm|zerocold-jvm-aot)
      NAME=$(cname "$1" "$2")
      # as run-zerocold.sh: only the fmnist repository, fmnist the default image model, no retraining timer
      CMD=("${PODMAN[@]}" run --rm --name "$NAME" --network host "${PODMAN_LIMITS[@]}" --read-only
           ${run_opts[@]+"${run_opts[@]}"} -v "$WORK/zerocold/models:/deployments/models:ro" -v "$(state_volume "$1"):/deployments/data"
           -e QUARKUS_HTTP_PORT="$PORT" -e ZEROCOLD_IMAGE_DEFAULT_MODEL=fmnist
           -e ZEROCOLD_RECOMMEND_RETRAIN_INTERVAL=off "$(image_of "$1")") ;;
  esac
}

port_busy() { ss -Hltn "sport = :$1" 2> /dev/null | grep -q .; }
wait_port_free() {  # up to 60 s
  local i
  for i in $(seq 600); do port_busy "$1" || return 0; sleep 0.1; done
  echo "port $1 still in use after 60 s" >&2; return 1
}

cold() {  # one cold start of setup $1, round $2: one JSON line into coldstart.jsonl
  local line
  setup "$1" "$2"
  wait_port_free "$PORT"
  if [ -n "$NAME" ]; then
    line=$(timeout 300 "$PY" -B "$containers/container_coldstart.py" --container "$NAME" --name "$1" --url "$URL" \
      --body "$BODY" --ctype "$CTYPE" --check "$CHECK" --log "$OUT/server-$1.log" -- "${CMD[@]}" || true)
    timeout 60 podman rm -f -t 0 "$NAME" > /dev/null 2>&1 || true
  else
    line=$(timeout 300 "$PY" -B "$peers/coldstart.py" --name "$1" --url "$URL" \
      --body "$BODY" --ctype "$CTYPE" --check "$CHECK" --log "$OUT/server-$1.log" -- "${CMD[@]}" || true)
  fi
  [ -n "$line" ] || line="{\"name\": \"$1\", \"ms\": null, \"error\": \"the probe gave no result\"}"
  line=$("$PY" -c 'import json, sys; r = json.loads(sys.argv[1]); r["round"] = int(sys.argv[2]); print(json.dumps(r))' "$line" "$2")
  echo "$line" | tee -a "$OUT/coldstart.jsonl"
  wait_port_free "$PORT"
}

first_touch() { echo "$1: $(timeout 120 "$PY" -B "$peers/page_touch.py")" | tee -a "$OUT/page-touch.txt"; }
rotate() { local -a s=($SETUPS); local n=${#s[@]} i; for ((i = 0; i < n; i++)); do echo "${s[(i + $1) % n]}"; done; }

{
  echo "date: $(date -u '+%F %T') UTC"
  echo "kernel: $(uname -r), $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo)"
  echo "podman: $(timeout 30 podman --version) --runtime runc ($(timeout 30 runc --version | head -1))"
  echo "node (host): $(timeout 30 node --version)"
  echo "java (host): $JAVA ($(timeout 30 "$JAVA" -version 2>&1 | head -1)) $JAVA_OPTS"
  echo "zerocold app (host): ${ZEROCOLD_APP#$root/} (built $(date -r "$ZEROCOLD_APP" '+%F %T' 2>/dev/null || echo '?'))"
  echo "rounds: $ROUNDS; setups: $SETUPS; extra podman run options: ${PODMAN_RUN_OPTS:-none}"
} > "$OUT/versions.txt"
printf 'setup\timage\tbytes\tid\tcreated\n' > "$OUT/images.tsv"
for s in $SETUPS; do
  case $s in
    node-container|zerocold-jvm|zerocold-jvm-aot|zerocold-snapshot)
      printf '%s\t%s\t%s\n' "$s" "$(image_of "$s")" \
        "$(timeout 60 podman image inspect --format '{{.Size}}	{{.Id}}	{{.Created}}' "$(image_of "$s")")" >> "$OUT/images.tsv" ;;
  esac
  case $s in
    zerocold-jvm|zerocold-jvm-aot)
      volumes+=("$(state_volume "$s")")
      timeout 60 podman volume create "$(state_volume "$s")" > /dev/null ;;
  esac
done
cat "$OUT/versions.txt"

first_touch start   # what a cold start pays per page of fresh memory here; again at the end (the machine drifts)
: > "$OUT/coldstart.jsonl"  # a rerun into the same OUT starts afresh
echo "== cold start, $ROUNDS rounds -> $OUT/coldstart.jsonl"
for r in $(seq 1 "$ROUNDS"); do
  for s in $(rotate "$r"); do cold "$s" "$r"; sleep 1; done
done
first_touch end
"$PY" -B "$containers/summarize.py" "$OUT" | tee "$OUT/table.md"
