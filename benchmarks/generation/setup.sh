#!/usr/bin/env bash
# Sets up the reference side of the generation checks, outside the repository, in $GEN_WORK
# (default /tmp/zerocold-gen); running it again changes nothing that is already in place.
#  1. npm packages (versions pinned below): @huggingface/transformers (transformers.js, with its
#     onnxruntime-node; ONNXRUNTIME_NODE_INSTALL=skip: the CPU runtime ships inside the npm package,
#     the postinstall would only fetch the CUDA provider) and openai (the official Node SDK).
#  2. $GEN_WORK/models/tinygpt: a link to the repository's models/tinygpt/1, the folder zerocold
#     serves, laid out as transformers.js reads a local model.
# Needs node >= 20 and npm.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
W="${GEN_WORK:-/tmp/zerocold-gen}"
TRANSFORMERS_VERSION=4.3.1
OPENAI_VERSION=7.55.0

mkdir -p "$W/models"
command -v node >/dev/null || { echo "node is missing (benchmarks/peers/setup-node.sh installs it)" >&2; exit 1; }
have() { [ "$(node -p "try { require('$W/node_modules/$1/package.json').version } catch { '' }")" = "$2" ]; }
if ! have @huggingface/transformers "$TRANSFORMERS_VERSION" || ! have openai "$OPENAI_VERSION"; then
  [ -f "$W/package.json" ] || echo '{"name": "zerocold-generation-reference", "private": true}' > "$W/package.json"
  (cd "$W" && ONNXRUNTIME_NODE_INSTALL=skip timeout 600 npm install --no-audit --no-fund --loglevel=error \
     "@huggingface/transformers@$TRANSFORMERS_VERSION" "openai@$OPENAI_VERSION")
fi
ln -sfn "$ROOT/models/tinygpt/1" "$W/models/tinygpt"
echo "node $(node --version) | transformers.js $(node -p "require('$W/node_modules/@huggingface/transformers/package.json').version")" \
     "| onnxruntime-node $(node -p "require('$W/node_modules/onnxruntime-node/package.json').version")" \
     "| openai $(node -p "require('$W/node_modules/openai/package.json').version")"
echo "ready: $W"
