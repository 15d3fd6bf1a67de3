#!/usr/bin/env bash
# Runs parity.mjs against a running zerocold (default http://localhost:8080) with a time limit, and keeps
# its output with the machine, date and command in results/<UTC date>/parity.txt (OUT_DIR, OUT_NAME override).
# usage: benchmarks/embeddings/parity.sh [BASE_URL]     env: PARITY_TIMEOUT (900 s), and parity.mjs's
source "$(dirname "$0")/common.sh"
require_setup
URL="${1:-http://localhost:8080}"
OUT="${OUT_DIR:-$HERE/results/$(date -u +%Y%m%d)}"; NAME="${OUT_NAME:-parity.txt}"
mkdir -p "$OUT"
curl -sf -m 5 -o /dev/null "$URL/v1/models" || { echo "no zerocold answering GET $URL/v1/models" >&2; exit 1; }
{
  echo "# zerocold /v1/embeddings against transformers.js, through the openai Node SDK"
  echo "command: benchmarks/embeddings/parity.sh $URL${LIMIT:+ (LIMIT=$LIMIT)}"
  machine
  echo
} > "$OUT/$NAME"
set +e
timeout "${PARITY_TIMEOUT:-900}" node "$HERE/parity.mjs" "$URL" 2>&1 | tee -a "$OUT/$NAME"
rc=${PIPESTATUS[0]}
set -e
[ "$rc" -ne 124 ] || echo "parity.mjs timed out after ${PARITY_TIMEOUT:-900} s" | tee -a "$OUT/$NAME"
echo "-> $OUT/$NAME (exit $rc)"
exit "$rc"
