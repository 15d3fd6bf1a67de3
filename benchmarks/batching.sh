#!/usr/bin/env bash
# Dynamic batching on vs off for the sentiment model (BGE, "sentiment") at one concurrency, side by side:
# the packaged app is started in turn as A (batching on, the default) and B (batching off), A, B, A, B…
# (interleaved like ab.sh, so that the machine's drift hits both alike). The prediction cache is off in
# BOTH, so that only batching differs. Each start: wait for ready, warm up, measure with wrk; one line per
# run, then the median req/s and p99 per side and the ratios B/A and A/B.
# Requests rotate over TEXTS (8) different one-sentence reviews (texts.lua); non-2xx are counted.
#
# Usage: benchmarks/batching.sh [URL]      (default http://localhost:8080; run from the repo root, no
#        server may be listening on that port: the script starts and stops its own)
#   ROUNDS=3 C=32 WARMUP=10s DURATION=15s TEXTS=8
#   JAVA=java  JAR=target/quarkus-app/quarkus-run.jar  JAVA_OPTS (extra flags for both sides)
#   A = $JAVA $JAVA_OPTS -Dzerocold.serving.model.sentiment.cache.enabled=false -jar $JAR
#   B = A + -Dzerocold.serving.model.sentiment.batching.enabled=false
#   Server logs and wrk's full output go to $OUT (default /tmp/batching-<time>).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/wrk-summary.sh"
base=${1:-http://localhost:8080}
base=${base%/}
url="$base/api/predict/sentiment"
rounds=${ROUNDS:-3} c=${C:-32} warmup=${WARMUP:-10s} duration=${DURATION:-15s}
jar=${JAR:-target/quarkus-app/quarkus-run.jar}
port=$(sed -E 's#^https?://[^/:]+:?([0-9]*).*#\1#' <<<"$base"); port=${port:-80}
out=${OUT:-/tmp/batching-$(date +%Y%m%d-%H%M%S)}
export MODEL=sentiment TEXTS=${TEXTS:-8} UNIQUE=0 RAW="$out/wrk-raw.txt"
unset BATCH
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
[ -f "$jar" ] || { echo "no $jar: build it with ./mvnw package -DskipTests (or set JAR)" >&2; exit 1; }
if curl -s -o /dev/null -m 2 "$base/"; then echo "something already answers at $base: stop it first" >&2; exit 1; fi
mkdir -p "$out"

common=(${JAVA:-java} ${JAVA_OPTS:-} -Dquarkus.http.port="$port" -Dzerocold.serving.model.sentiment.cache.enabled=false)
cmd_a=("${common[@]}" -jar "$jar")
cmd_b=("${common[@]}" -Dzerocold.serving.model.sentiment.batching.enabled=false -jar "$jar")
echo "A (batching on):  ${cmd_a[*]}"
echo "B (batching off): ${cmd_b[*]}"
echo "$rounds rounds, c=$c, warm-up $warmup, measure $duration, $TEXTS texts; logs in $out"

pid=
stop() { [ -n "$pid" ] && { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; }; pid=; }
trap stop EXIT
rps_a=() rps_b=() p99_a=() p99_b=()
for round in $(seq "$rounds"); do
  for side in A B; do
    if [ "$side" = A ]; then "${cmd_a[@]}" > "$out/server-$side-$round.log" 2>&1 & pid=$!
    else "${cmd_b[@]}" > "$out/server-$side-$round.log" 2>&1 & pid=$!; fi
    ready=
    for _ in $(seq 240); do curl -fs "$base/q/health/ready" >/dev/null && { ready=1; break; }; sleep 0.5; done
    [ -n "$ready" ] || { echo "round $round $side: not ready after 120 s, see $out/server-$side-$round.log" >&2; exit 1; }
    wrk_run "warm-up" "$c" "$warmup" "$url" >/dev/null
    wrk_run "round $round $side" "$c" "$duration" "$url" >/dev/null
    echo "$SUMMARY, mean batch size $(mean_batch "$base") (whole run, from /q/metrics)"
    if [ "$side" = A ]; then rps_a+=("$RPS"); p99_a+=("$P99"); else rps_b+=("$RPS"); p99_b+=("$P99"); fi
    stop
  done
done

ma=$(median "${rps_a[@]}") mb=$(median "${rps_b[@]}") pa=$(median "${p99_a[@]}") pb=$(median "${p99_b[@]}")
echo "median A (batching on):  $ma req/s, p99 $pa ms"
echo "median B (batching off): $mb req/s, p99 $pb ms"
awk -v ma="$ma" -v mb="$mb" -v pa="$pa" -v pb="$pb" 'BEGIN {
  printf "req/s B/A %.2f, A/B %.2f; p99 B/A %.2f, A/B %.2f\n",
    (ma > 0 ? mb / ma : 0), (mb > 0 ? ma / mb : 0), (pa > 0 ? pb / pa : 0), (pb > 0 ? pa / pb : 0) }'
