#!/usr/bin/env bash
# Load-tests POST /api/predict/image with wrk and a real 28x28 PNG (a Fashion-MNIST test image) as a
# raw image/png body, at concurrency 1 and 32, and prints a Markdown table (images/s = req/s).
#
# Usage: benchmarks/image.sh [BASE_URL]     (default http://localhost:8080)
#   DURATION=20s WARMUP=10s IMAGE=path/to.png benchmarks/image.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
base=${1:-http://localhost:8080}
duration=${DURATION:-20s}
warmup=${WARMUP:-10s}
export IMAGE=${IMAGE:-$here/data/fashion-mnist-test-0.png}
url="$base/api/predict/image?top_k=1"
source "$here/wrk-table.sh"
require_service "$base"

table_header
warm_and_measure "image (28x28 PNG)" "$warmup" "$duration" "$here/image.lua" "$url"
