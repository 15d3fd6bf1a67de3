#!/usr/bin/env bash
# Snapshot start, measured: builds the app, installs CRIU (src/main/docker/snapshot/install-criu.sh),
# takes a warmed snapshot (take.sh) of each setup and measures, ROUNDS times each, restore -> first
# correct image prediction and the RSS of the restoring process tree (criu + the app) at that moment
# (benchmarks/peers/coldstart.py), with lazy pages and with every page copied first, interleaved;
# then once per setup whether the first 1,000 requests after a restore are as fast as after 20 s of
# load (first_requests.py), the same for a plain fast-jar start (its JIT warm-up curve) and, for the
# peer setup, for a process with the snapshot's JVM flags warmed with 5,000 requests but never dumped.
# Setups: "peer", the one-model setup of benchmarks/peers (the shared Fashion-MNIST CNN as fmnist,
# set up by benchmarks/peers/setup-zerocold.sh in $PEERS_WORK), and "default", the default models of
# `models/` run from the project's root. The last line is the last setup's figure with lazy pages
# (restore.sh's default). Every summary line ends with the machine's first-touch cost
# (benchmarks/peers/page_touch.py: ms to touch 100 MB of fresh memory, which a restore pays per page),
# measured before and after each setup's runs and kept in its results dir as page-touch.txt.
# Usage: benchmarks/coldstart/snapshot.sh   (as root; ROUNDS=5, SETUPS="peer default", SKIP_BUILD=1
#        reuses target/quarkus-app, PEERS_WORK=/tmp/peers; AOT=1 takes the snapshots on JDK 25, JAVA
#        or Temurin 25, with an AOT cache recorded per setup). Results: target/snapshot/<setup>/.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
snap=$root/src/main/docker/snapshot
rounds=${ROUNDS:-5}
export PEERS_WORK=${PEERS_WORK:-/tmp/peers}
"$snap/install-criu.sh" > /dev/null
[ "${SKIP_BUILD:-0}" = 1 ] || ./mvnw -B -q package -DskipTests
command -v unshare > /dev/null

first_touch() {  # page_touch.py's line: the cost of touching fresh memory here, now
  timeout 120 /usr/bin/python3 -B "$root/benchmarks/peers/page_touch.py" || echo "first touch: not measured"
}
touch_ms() { sed -nE 's/.* ([0-9]+) ms per 100 MB.*/\1/p' <<< "$1" | grep . || echo "?"; }
touch_note() { echo "; first touch $(touch_ms "$1")→$(touch_ms "$2") ms per 100 MB"; }  # touch_note BEFORE AFTER

summary() {  # summary NAME JSONL [NOTE]: median (min…max) of ms and rss_mb, then NOTE
  /usr/bin/python3 - "$1" "$2" "${3:-}" <<'PY'
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
ok = [r for r in runs if r.get("ms")]
if len(ok) < len(runs):
    print(f"{sys.argv[1]}: {len(runs) - len(ok)} of {len(runs)} restores gave no correct answer", file=sys.stderr)
ms = [r["ms"] for r in ok]; rss = [r["rss_mb"] for r in ok]
print(f"{sys.argv[1]}restore to first prediction: median {statistics.median(ms):.0f} ms "
      f"({min(ms):.0f}…{max(ms):.0f}), RSS {statistics.median(rss):.0f} MB{sys.argv[3]}")
PY
}

touch_start=$(first_touch); touch_before=$touch_start
echo "at the start: $touch_start" >&2

for setup in ${SETUPS:-peer default}; do
  out=$root/target/snapshot/$setup
  mkdir -p "$out"
  case $setup in
    peer)
      [ -f "$PEERS_WORK/zerocold/models/fmnist/1/model.yaml" ] || benchmarks/peers/setup-zerocold.sh > /dev/null
      port=8090; cwd=$PEERS_WORK/zerocold; warmup=$snap/warmup/fmnist-requests
      url="http://127.0.0.1:$port/api/predict/image?top_k=1&model=fmnist"
      args=(-Dquarkus.http.host=127.0.0.1 -Dzerocold.models.root="$cwd/models" -Dzerocold.image.default-model=fmnist
            -Dzerocold.recommend.retrain-interval=off)
      plain=(env ZEROCOLD_APP="$root/target/quarkus-app/quarkus-run.jar" "$root/benchmarks/peers/run-zerocold.sh") ;;
    default)
      port=8080; cwd=$root; warmup=$snap/warmup/requests
      url="http://127.0.0.1:$port/api/predict/image?top_k=1"
      args=(-Dzerocold.recommend.retrain-interval=off)
      plain=(java "${args[@]}" -jar "$root/target/quarkus-app/quarkus-run.jar") ;;
    *) echo "unknown setup $setup" >&2; exit 2 ;;
  esac
  echo "== $setup: taking the snapshot" >&2
  take_env=()
  if [ "${AOT:-0}" = 1 ]; then  # JDK 25 and an AOT cache recorded for this setup (take.sh's AOT_CACHE)
    rm -f "$out/app.aot"
    take_env=(JAVA="${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}" AOT_CACHE="$out/app.aot")
  fi
  (cd "$cwd" && env ${take_env[@]+"${take_env[@]}"} APP=$root/target/quarkus-app PORT=$port WARMUP=$warmup \
    "$snap/take.sh" "$out" -- "${args[@]}") >&2
  probe=(--url "$url" --body "$root/benchmarks/data/fashion-mnist-test-0.png" --ctype image/png)
  check="status == 200 and j['predictions'][0]['label'] == 'ankle boot'"
  : > "$out/lazy.jsonl"; : > "$out/eager.jsonl"
  for r in $(seq "$rounds"); do
    for mode in lazy eager; do
      lazy=1; [ $mode = eager ] && lazy=0
      (cd "$cwd" && /usr/bin/python3 -B "$root/benchmarks/peers/coldstart.py" "${probe[@]}" \
        --check "$check" --name "$setup-$mode" --log "$out/restore.log" -- \
        env LAZY=$lazy NEW_PID_NAMESPACE=1 "$snap/restore.sh" "$out") | tee -a "$out/$mode.jsonl" >&2
      sleep 1
    done
  done
  (cd "$cwd" && /usr/bin/python3 -B "$root/benchmarks/coldstart/first_requests.py" "${probe[@]}" \
    --expect '"ankle boot"' -- env NEW_PID_NAMESPACE=1 "$snap/restore.sh" "$out") | tee "$out/first-requests.json" >&2
  (cd "$cwd" && /usr/bin/python3 -B "$root/benchmarks/coldstart/first_requests.py" "${probe[@]}" \
    --expect '"ankle boot"' -- "${plain[@]}") | tee "$out/first-requests-fast-jar.json" >&2
  if [ "$setup" = peer ]; then  # the control: warmed as take.sh warms its one request, never dumped
    (cd "$cwd" && /usr/bin/python3 -B "$root/benchmarks/coldstart/first_requests.py" "${probe[@]}" --warm 5000 \
      --expect '"ankle boot"' -- env ORT_DISABLE_TELEMETRY=1 MALLOC_ARENA_MAX=2 JAVA_OPTS="$(cat "$snap/jvm.flags")" "${plain[@]}") \
      | tee "$out/first-requests-warmed-fast-jar.json" >&2
  fi
  touch_after=$(first_touch)
  printf 'before: %s\nafter: %s\n' "$touch_before" "$touch_after" > "$out/page-touch.txt"
  note=$(touch_note "$touch_before" "$touch_after")
  summary "$setup, every page first: " "$out/eager.jsonl" "$note" | tee "$out/summary.txt"
  summary "$setup, lazy pages: " "$out/lazy.jsonl" "$note" | tee -a "$out/summary.txt"
  touch_before=$touch_after
done
summary "" "$out/lazy.jsonl" "$(touch_note "$touch_start" "$touch_after")"
