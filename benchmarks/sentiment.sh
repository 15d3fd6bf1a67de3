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
source "$here/wrk.sh"
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
    wrk_row "$model" "$c" "$url"
  done
done
