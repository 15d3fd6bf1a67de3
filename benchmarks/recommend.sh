#!/usr/bin/env bash
# Load-tests POST /api/predict/recommend with wrk for a known user (personalised) and a cold user
# (popular), at concurrency 1 and 32, and prints a Markdown table of req/s and latency percentiles.
# Then prints the recommender's training time: the figure recorded in models/recommender/1/metrics.json,
# or a fresh timing with TRAIN=1 (runs TrainRecommender into a temporary directory; needs ./mvnw).
#
# Usage: benchmarks/recommend.sh [BASE_URL]     (default http://localhost:8080)
#   DURATION=20s WARMUP=10s TRAIN=1 benchmarks/recommend.sh
# Start the service first, e.g.: ./mvnw -q package -DskipTests && java -jar target/quarkus-app/quarkus-run.jar
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
base=${1:-http://localhost:8080}
duration=${DURATION:-20s}
warmup=${WARMUP:-10s}
source "$here/wrk-table.sh"
require_service "$base"
url="$base/api/predict/recommend"

table_header
for user in known cold; do
  if [ "$user" = known ]; then id=42; else id=bench-cold-user; fi
  export BODY="{\"user_id\": \"$id\", \"limit\": 10}"
  warm_and_measure "recommend, $user user ($id)" "$warmup" "$duration" "$here/post.lua" "$url"
done

echo
recorded=$(awk -F': ' '/"training_seconds"/ {gsub(/[ ,]/, "", $2); print $2}' "$root/models/recommender/1/metrics.json")
printf 'training time (full model, recorded in metrics.json): %.1f s\n' "$recorded"
if [ "${TRAIN:-0}" = 1 ]; then
  out_dir=$(mktemp -d)
  (cd "$root" && ./mvnw -B -q compile exec:java -Dexec.mainClass=dev.zerocold.recommend.TrainRecommender \
      -Dexec.args="models/datasets/movielens $out_dir") | grep -E 'training|holdout'
  rm -rf "$out_dir"
fi
