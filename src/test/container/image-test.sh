#!/usr/bin/env bash
# The JVM and JVM-AOT images, tested as they run: builds them with src/main/docker/build-images.sh
# (installing podman, buildah, runc and debootstrap when missing), runs each with a read-only root
# filesystem and a state volume, and checks that
#   - it gets ready, and a prediction of each task is right: sentiment, image, recommend, embedding,
#     tensor (V2) and text-generation (/v1), plus a search collection written to the state volume;
#   - the process runs as uid 1001, not root, and cannot write to the root filesystem;
#   - SIGTERM under load (16 long generations in flight, 4 clients sending sentiment requests) ends
#     with every accepted generation answered in full, every request sent before the signal answered
#     200, and exit code 0;
#   - a new container on the same volume finds the collection.
# .ci/run calls it after ./mvnw verify (which packaged the app; else set PACKAGE=1).
# usage: src/test/container/image-test.sh [jvm] [jvm-aot]     (as root; default both; PORT=18080)
set -euo pipefail
cd "$(dirname "$0")/../../.."
# shellcheck source=src/main/docker/podman.sh
. src/main/docker/podman.sh
port=${PORT:-18080}
base=http://127.0.0.1:$port
key=container-test-key
images=("$@")
[ ${#images[@]} -gt 0 ] || images=(jvm jvm-aot)
name=zerocold-image-test
volume=zerocold-image-test-data
work=$(mktemp -d)
cleanup() {
  podman rm -f -t 0 "$name" > /dev/null 2>&1 || true
  podman volume rm -f "$volume" > /dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
failures=0
check() {  # check DESCRIPTION COMMAND...: runs the command, reports ok/FAIL
  if "${@:2}"; then echo "ok   $1"; else echo "FAIL $1"; failures=$((failures + 1)); fi
}
has() { grep -qE -- "$2" <<< "$1"; }

SKIP_PACKAGE=$([ "${PACKAGE:-0}" = 1 ] && echo 0 || echo 1) src/main/docker/build-images.sh "${images[@]}"

start() {
  podman rm -f -t 0 "$name" > /dev/null 2>&1 || true
  "${PODMAN[@]}" run -d --name "$name" --network host "${PODMAN_LIMITS[@]}" --read-only \
    -v "$volume:/deployments/data" -e QUARKUS_HTTP_PORT="$port" -e ZEROCOLD_ADMIN_API_KEYS="$key" \
    "$image" > /dev/null
  local started=$SECONDS
  until curl -sf -o /dev/null "$base/q/health/ready"; do
    if [ $((SECONDS - started)) -gt 120 ] || [ "$(podman inspect -f '{{.State.Running}}' "$name")" != true ]; then
      podman logs "$name" 2>&1 | tail -30
      echo "FAIL not ready within 120 s"
      exit 1
    fi
    sleep 0.2
  done
  echo "ok   ready in $((SECONDS - started)) s"
}
post() {  # post PATH JSON: the response body
  curl -s -m 60 -H 'Content-Type: application/json' -H "X-API-Key: $key" -d "$2" "$base$1"
}

test_image() {  # test_image IMAGE
  image=$1
  echo "== $image"
  podman volume rm -f "$volume" > /dev/null 2>&1 || true
  rm -f "$work"/*
  start
  pid=$(podman inspect -f '{{.State.Pid}}' "$name")
  check "the app runs as uid 1001 (its process on the host: $(stat -c %u "/proc/$pid"))" test "$(stat -c %u "/proc/$pid")" = 1001
  check "the root filesystem is read-only" bash -c "! podman exec $name sh -c 'touch /deployments/x' 2> /dev/null"
  if [ -n "$(podman image inspect -f '{{range .Config.Entrypoint}}{{.}}{{end}}' "$image" | grep -o AOTCache || true)" ]; then
    check "the AOT cache is usable (-XX:AOTMode=on)" podman exec "$name" sh -c \
      'java $JAVA_OPTS -XX:AOTCache=/deployments/app.aot -XX:AOTMode=on -cp /deployments/quarkus-run.jar -version > /dev/null 2>&1'
  fi

  body=$(post /api/predict/sentiment '{"text": "What a wonderful, delightful film. I loved every minute of it."}')
  check "sentiment: positive" has "$body" '"sentiment":"positive"'
  body=$(curl -s -m 60 -H 'Content-Type: image/png' --data-binary @benchmarks/data/fashion-mnist-test-0.png "$base/api/predict/image?top_k=1")
  check "image: ankle boot" has "$body" '"label":"ankle boot"'
  body=$(post /api/predict/recommend '{"user_id": "1", "limit": 5}')
  check "recommend: 5 items" test "$(grep -o '"item_id"' <<< "$body" | wc -l)" = 5
  body=$(post /v1/embeddings '{"model": "bge-small-en-v1.5", "input": "A container image."}')
  check "embedding: 384 dimensions" test "$(sed -E 's/.*"embedding":\[([^]]*)\].*/\1/' <<< "$body" | tr ',' '\n' | wc -l)" = 384
  row=$(sed -n 2p models/datasets/breast-cancer/test.csv)
  label=${row##*,}
  features=${row%,*}
  input=$(sed -E 's/.*"inputs":\[\{"datatype":"FP32","name":"([^"]+)".*/\1/' <<< "$(curl -s "$base/v2/models/tabular")")
  body=$(post /v2/models/tabular/infer "{\"inputs\": [{\"name\": \"$input\", \"datatype\": \"FP32\", \"shape\": [1, 30], \"data\": [$features]}]}")
  check "tensor (V2): a held-out row's label ($label)" has "$body" "\"data\":\[$label\]"
  body=$(post /v1/completions '{"model": "tinygpt", "prompt": "The kernel", "max_tokens": 16, "temperature": 0}')
  check "text-generation: 16 tokens" has "$body" '"completion_tokens":16'
  curl -s -XPUT -m 60 -H 'Content-Type: application/json' -H "X-API-Key: $key" -d '{"model": "all-minilm-l6-v2"}' "$base/v1/collections/notes" > /dev/null
  post /v1/collections/notes/documents '{"documents": [{"id": "n1", "text": "The cat sat on the mat."}, {"id": "n2", "text": "Stock prices fell sharply today."}]}' > /dev/null
  body=$(post /v1/collections/notes/query '{"query": "a kitten resting", "top_k": 1}')
  check "search: a collection in the state volume answers" has "$body" '"id":"n1"'

  # SIGTERM under load
  for client in 1 2 3 4; do
    ( while :; do
        sent=$(date +%s%N)
        status=$(curl -s -o /dev/null -w '%{http_code}' -m 30 -H 'Content-Type: application/json' \
          -d '{"text": "Load while stopping."}' "$base/api/predict/sentiment" || true)
        echo "$sent $status" >> "$work/load-$client.txt"
        [ "$status" = 000 ] && break
      done ) &
  done
  sent() { cat "$work"/load-*.txt 2> /dev/null | wc -l; }
  started=$SECONDS
  until [ "$(sent)" -ge 50 ]; do
    [ $((SECONDS - started)) -lt 60 ] || { echo "FAIL no load: $(sent) requests in 60 s"; exit 1; }
    sleep 0.05
  done
  for i in $(seq 16); do
    post /v1/completions '{"model": "tinygpt", "prompt": "Memory management", "max_tokens": 200, "temperature": 0}' \
      > "$work/generation-$i.json" &
  done
  metric() { curl -s "$base/q/metrics" | awk -v m="$1" 'index($0, m) == 1 {sum += $NF} END {printf "%d", sum}'; }
  in_flight() {
    echo $(( $(metric 'zerocold_generation_sequences{model="tinygpt",state="running"') \
           + $(metric 'zerocold_generation_sequences{model="tinygpt",state="waiting"') ))
  }
  started=$SECONDS
  until [ "$(in_flight)" -ge 16 ]; do
    [ $((SECONDS - started)) -lt 60 ] || { echo "FAIL the 16 generations were never in flight together"; exit 1; }
    sleep 0.05
  done
  signal=$(date +%s%N)
  podman kill --signal TERM "$name" > /dev/null
  code=$(timeout 60 podman wait "$name")
  wait
  check "exit code 0 after SIGTERM (was $code)" test "$code" = 0
  whole=0
  for i in $(seq 16); do has "$(cat "$work/generation-$i.json")" '"completion_tokens":200' && whole=$((whole + 1)); done
  check "all 16 generations in flight at SIGTERM answered in full ($whole)" test "$whole" = 16
  before=$(cat "$work"/load-*.txt | awk -v s="$signal" '$1 < s' | wc -l)
  bad=$(cat "$work"/load-*.txt | awk -v s="$signal" '$1 < s && $2 != 200' | wc -l)
  check "every one of $before requests sent before SIGTERM answered 200 ($bad did not)" test "$bad" = 0

  start
  body=$(curl -s "$base/v1/collections/notes")
  check "a new container on the same volume has the collection" has "$body" '"documents":2'
  podman kill --signal TERM "$name" > /dev/null
  timeout 60 podman wait "$name" > /dev/null
}

for image in "${images[@]}"; do
  test_image "localhost/zerocold:$image"
done

[ "$failures" = 0 ] && echo "image test passed (${images[*]})" || { echo "image test: $failures failed"; exit 1; }
