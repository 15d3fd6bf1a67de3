#!/usr/bin/env bash
# Side-by-side throughput of two ways to run the service (two builds, or one build with two sets of
# JVM flags), interleaved A, B, A, B… so that the machine's drift hits both alike. Each start: wait
# for ready, warm up at the concurrency, then measure with wrk; prints one line per run.
#
# Usage: benchmarks/ab.sh URL LUA_SCRIPT "COMMAND A" "COMMAND B"
#   ROUNDS=2 C=32 WARMUP=6s DURATION=10s; BODY (post.lua) or IMAGE (image.lua) as for the scripts.
# Examples (copy the first build aside before building the second):
#   BODY='{"user_id": "42", "limit": 10}' benchmarks/ab.sh http://localhost:8080/api/predict/recommend \
#     benchmarks/post.lua "java -jar /tmp/before/quarkus-run.jar" "java -jar target/quarkus-app/quarkus-run.jar"
#   (JIT: the same jar twice, the second with -XX:TieredStopAtLevel=1)
set -euo pipefail
url=$1 script=$2
commands=("$3" "$4")
rounds=${ROUNDS:-2} c=${C:-32}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
base=$(sed -E 's#(https?://[^/]+).*#\1#' <<<"$url")
threads=$(( c < 2 ? 1 : 2 ))
for round in $(seq "$rounds"); do
  for n in 0 1; do
    label=$([ "$n" = 0 ] && echo A || echo B)
    ${commands[$n]} >/dev/null 2>&1 &
    pid=$!
    for _ in $(seq 240); do curl -fs "$base/q/health/ready" >/dev/null && break; sleep 0.5; done
    wrk -t"$threads" -c"$c" -d"${WARMUP:-6s}" -s "$script" "$url" >/dev/null 2>&1
    out=$(wrk -t"$threads" -c"$c" -d"${DURATION:-10s}" --latency -s "$script" "$url" 2>/dev/null)
    echo "round $round $label: $(awk '/Requests\/sec/ {print $2}' <<<"$out") req/s, p50 $(awk '$1=="50%" {print $2}' <<<"$out")"
    kill "$pid"
    wait "$pid" 2>/dev/null || true
  done
done
