#!/usr/bin/env bash
# Load-tests POST /api/predict/sentiment with wrk, for both sentiment models at concurrency 1 and 32,
# and prints a Markdown table of req/s and latency percentiles.
#
# Usage: benchmarks/sentiment.sh [BASE_URL]     (default http://localhost:8080)
#   DURATION=20s WARMUP=10s benchmarks/sentiment.sh
# Start the service first, e.g.: ./mvnw -q package -DskipTests && java -jar target/quarkus-app/quarkus-run.jar
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
base=${1:-http://localhost:8080}
duration=${DURATION:-20s}
warmup=${WARMUP:-10s}
url="$base/api/predict/sentiment"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
curl -fsS "$base/q/health/ready" >/dev/null || { echo "service at $base is not ready" >&2; exit 1; }

text="The food was great and the staff were friendly, but the wait was far too long."
echo "| model | concurrency | req/s | p50 ms | p90 ms | p99 ms | non-2xx |"
echo "|---|---|---|---|---|---|---|"
for model in sentiment sentiment-fast; do
  export BODY="{\"text\": \"$text\", \"model\": \"$model\"}"
  wrk -t2 -c32 -d"$warmup" -s "$here/post.lua" "$url" >/dev/null
  for c in 1 32; do
    threads=$(( c < 2 ? 1 : 2 ))
    out=$(wrk -t"$threads" -c"$c" -d"$duration" --latency -s "$here/post.lua" "$url")
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1=="50%" {print $2}' <<<"$out")
    p90=$(awk '$1=="90%" {print $2}' <<<"$out")
    p99=$(awk '$1=="99%" {print $2}' <<<"$out")
    errors=$(awk '/Non-2xx/ {print $5}' <<<"$out")
    ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[^m]s$/) n *= 1000; printf "%.2f", n }'; }
    echo "| $model | $c | $rps | $(ms "$p50") | $(ms "$p90") | $(ms "$p99") | ${errors:-0} |"
  done
done
