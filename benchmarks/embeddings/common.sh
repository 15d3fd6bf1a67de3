# Sourced by the embeddings scripts: paths, and the machine line every result file starts with.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
W="${EMBED_WORK:-/tmp/zerocold-embed}"
export EMBED_WORK="$W"

require_setup() {
  [ -d "$W/node_modules/@huggingface/transformers" ] && [ -d "$W/node_modules/openai" ] \
    && [ -s "$W/models/bge-small-en-v1.5/onnx/model_quantized.onnx" ] \
    && [ -s "$W/models/all-minilm-l6-v2/onnx/model_quantized.onnx" ] \
    || { echo "run benchmarks/embeddings/setup.sh first (EMBED_WORK=$W)" >&2; exit 1; }
}

machine() {   # what the figures were measured on
  local cpu; cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
  echo "date: $(date -u '+%F %T UTC')"
  echo "machine: $(nproc) CPUs ($cpu), $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo) RAM, Linux $(uname -r); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "software: $(java -version 2>&1 | head -1); node $(node --version);" \
       "transformers.js $(node -p "require('$W/node_modules/@huggingface/transformers/package.json').version")," \
       "onnxruntime-node $(node -p "require('$W/node_modules/onnxruntime-node/package.json').version")," \
       "openai $(node -p "require('$W/node_modules/openai/package.json').version")"
  echo "zerocold checkout: $(git -C "$ROOT" --no-optional-locks log -1 --format='%h %cs %s' 2>/dev/null | cut -c1-100 || echo unknown)"
}
