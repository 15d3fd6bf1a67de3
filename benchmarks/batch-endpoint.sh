#!/usr/bin/env bash
# The batch endpoint against single requests, on a running server, for the sentiment model:
#   singles: POST /api/predict/sentiment, one text per request, rotating over 32 distinct review
#            sentences, at c=32 (32 requests in flight): items/s = req/s;
#   batch:   POST /api/predict/batch {"texts": [the same 32 sentences], "model": "sentiment"}, at c=1
#            and c=4: items/s = 32 x req/s, and p50/p99 are per batch request (= per 32 items).
# One line per run (req/s, p50, p99, non-2xx, socket errors), then items/s for each and the time 32
# items take: for singles at c=32, 32 / req/s (throughput; each single's own latency is its p50);
# for a batch at c=1, its p50.
# Start the server with the prediction cache off, or both sides mostly measure the cache (the same 32
# texts repeat):  java -Dzerocold.serving.model.sentiment.cache.enabled=false -jar target/quarkus-app/quarkus-run.jar
# The script warns if /q/metrics shows sentiment cache hits during the runs.
#
# Usage: benchmarks/batch-endpoint.sh [BASE_URL]     (default http://localhost:8080)
#   WARMUP=10s (per endpoint) DURATION=15s (per run) MODEL=sentiment
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/wrk-table.sh"     # require_service
source "$here/wrk-summary.sh"
base=${1:-http://localhost:8080}
base=${base%/}
warmup=${WARMUP:-10s} duration=${DURATION:-15s}
export MODEL=${MODEL:-sentiment} TEXTS=32 UNIQUE=0
unset BATCH RAW
require_service "$base"

check=$(mktemp); trap 'rm -f "$check"' EXIT
# one request each first: a clear message beats a run of non-2xx
for ep in sentiment batch; do
  if [ "$ep" = batch ]; then b=$(printf '{"texts": ["Great value.", "It broke at once."], "model": "%s"}' "$MODEL")
  else b=$(printf '{"text": "Great value.", "model": "%s"}' "$MODEL"); fi
  code=$(curl -s -o "$check" -w '%{http_code}' "$base/api/predict/$ep" -H 'Content-Type: application/json' -d "$b")
  [ "$code" = 200 ] || { echo "POST /api/predict/$ep answered $code: $(head -c 300 "$check")" >&2; exit 1; }
done

read -r hits0 _ < <(cache_counts "$base" "$MODEL")
unset BATCH
wrk_run "warm-up singles" 32 "$warmup" "$base/api/predict/sentiment" >/dev/null
wrk_run "singles /api/predict/sentiment" 32 "$duration" "$base/api/predict/sentiment"
singles_rps=$RPS
export BATCH=32
wrk_run "warm-up batch" 4 "$warmup" "$base/api/predict/batch" >/dev/null
wrk_run "batch of 32 /api/predict/batch" 1 "$duration" "$base/api/predict/batch"
b1_rps=$RPS b1_p50=$P50 b1_p99=$P99
wrk_run "batch of 32 /api/predict/batch" 4 "$duration" "$base/api/predict/batch"
b4_rps=$RPS
read -r hits1 _ < <(cache_counts "$base" "$MODEL")

awk -v s="$singles_rps" -v b1="$b1_rps" -v b4="$b4_rps" -v p50="$b1_p50" -v p99="$b1_p99" 'BEGIN {
  printf "items/s: singles c=32 %.0f | batch c=1 %.0f | batch c=4 %.0f  (batch c=1 / singles = %.2f)\n",
    s, 32 * b1, 32 * b4, (s > 0 ? 32 * b1 / s : 0)
  printf "32 items: singles at c=32 %.1f ms (32 / req/s) | one batch at c=1 p50 %.1f ms, p99 %.1f ms\n",
    (s > 0 ? 32000 / s : 0), p50, p99 }'
if [ "$hits0" != - ] && [ "$hits1" != - ] && [ "$hits1" -gt "$hits0" ]; then
  echo "warning: $((hits1 - hits0)) $MODEL cache hits during the runs: restart the server with -Dzerocold.serving.model.$MODEL.cache.enabled=false" >&2
fi
