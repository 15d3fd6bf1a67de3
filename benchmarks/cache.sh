#!/usr/bin/env bash
# The prediction cache under a mixed sentiment workload, on a running server: half of the requests
# repeat a small set of fixed review texts (TEXTS=16), half are unique (a sentence with a counter, made
# per request in texts.lua, never sent before). c=32 for DURATION after a WARMUP; one summary line
# (req/s, p50, p99, non-2xx), then the cache hit rate of the measured run, from the difference of
# zerocold_cache_requests_total{model="sentiment",result="hit"|"miss"} (summed over versions) in
# /q/metrics before and after it. Expected with the cache on: about UNIQUE's complement, i.e. ~50 %.
#
# Usage: benchmarks/cache.sh [BASE_URL]     (default http://localhost:8080)
#   DURATION=20s WARMUP=10s C=32 TEXTS=16 UNIQUE=0.5 MODEL=sentiment
#   CACHE_OFF=1: the same load, labelled "cache off", for comparison. It does not start a server:
#     start it yourself with the cache off,
#     java -Dzerocold.serving.model.sentiment.cache.enabled=false -jar target/quarkus-app/quarkus-run.jar
#     (the script warns if the counters still show hits).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/wrk-table.sh"     # require_service
source "$here/wrk-summary.sh"
base=${1:-http://localhost:8080}
base=${base%/}
duration=${DURATION:-20s} warmup=${WARMUP:-10s} c=${C:-32}
export MODEL=${MODEL:-sentiment} TEXTS=${TEXTS:-16} UNIQUE=${UNIQUE:-0.5}
unset BATCH RAW
label=$([ "${CACHE_OFF:-0}" = 1 ] && echo "cache off" || echo "cache on")
require_service "$base"

stamp=$(date +%s%N)   # unique texts are new in every run, warm-up included
[ "$warmup" = 0 ] || [ "$warmup" = 0s ] || RUN_ID="w$stamp" wrk_run "warm-up" "$c" "$warmup" "$base/api/predict/sentiment" >/dev/null
read -r hit0 miss0 < <(cache_counts "$base" "$MODEL")
RUN_ID="m$stamp" wrk_run "$label, $MODEL, $(awk -v u="$UNIQUE" 'BEGIN { printf "%g", 100 * u }')% unique / $TEXTS repeated texts" \
  "$c" "$duration" "$base/api/predict/sentiment"
read -r hit1 miss1 < <(cache_counts "$base" "$MODEL")

if [ "$hit0" = - ] || [ "$hit1" = - ]; then
  echo "cache hit rate: n/a (no zerocold_cache_requests_total{model=\"$MODEL\"} in $base/q/metrics)"
else
  hits=$((hit1 - hit0)) misses=$((miss1 - miss0))
  awk -v h="$hits" -v m="$misses" -v r="$RPS" 'BEGIN {
    printf "cache hit rate (measured run): %s hits, %s misses = %.1f %% | %s req/s\n", h, m, (h + m > 0 ? 100 * h / (h + m) : 0), r }'
  echo "since the server started: $hit1 hits, $miss1 misses"
  if [ "${CACHE_OFF:-0}" = 1 ] && [ "$hits" -gt 0 ]; then
    echo "warning: CACHE_OFF=1 but the server counted $hits hits: is it running with -Dzerocold.serving.model.$MODEL.cache.enabled=false?" >&2
  fi
fi
