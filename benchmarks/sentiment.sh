#!/usr/bin/env bash
# Load-tests POST /api/predict/sentiment with wrk, for both sentiment models at concurrency 1 and 32,
# and prints a Markdown table of req/s and latency percentiles.
#
# Usage: benchmarks/sentiment.sh [BASE_URL]     (default http://localhost:8080)
#   DURATION=20s WARMUP=10s benchmarks/sentiment.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
base=${1:-http://localhost:8080}
duration=${DURATION:-20s}
warmup=${WARMUP:-10s}
url="$base/api/predict/sentiment"
source "$here/wrk-table.sh"
require_service "$base"

text="The food was great and the staff were friendly, but the wait was far too long."
table_header
for model in sentiment sentiment-fast; do
  export BODY="{\"text\": \"$text\", \"model\": \"$model\"}"
  warm_and_measure "sentiment, model $model (16 words)" "$warmup" "$duration" "$here/post.lua" "$url"
done
