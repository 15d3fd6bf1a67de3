#!/usr/bin/env bash
# Builds the Node.js peer's image (benchmarks/peers/node/Containerfile) with podman on a machine
# without a container registry, the way src/main/docker/build-images.sh builds the project's:
#   1. the Debian base localhost/zerocold-base:bookworm (src/main/docker/base/build-base.sh), unless
#      BASE names one or it exists;
#   2. a Node image holding only the machine's node binary (NODE_BIN, default `node` on PATH) at
#      /usr/local/bin/node, localhost/zerocold-node:<major>, unless NODE names one (with a registry:
#      NODE=docker.io/library/node:20-bookworm-slim, and BASE may be that image too);
#   3. the peer: a build context staged from benchmarks/peers (server.js, package*.json), the model
#      ($PEERS_WORK/data/fmnist_cnn.onnx) and node_modules from `npm ci` (benchmarks/peers/setup-node.sh;
#      reused from $PEERS_WORK/node when its package-lock.json is the peer's), with onnxruntime-node's
#      binaries for other operating systems and CPUs left out, as the project's image leaves out
#      other platforms' native libraries.
# Then prints the image's size and its layers.
#
# usage: benchmarks/containers/build-node-image.sh        (from anywhere; as root, like build-images.sh)
# env:   TAG (default localhost/zerocold-peer-node:<node's major>), BASE, NODE, NODE_BIN,
#        PEERS_WORK (default /tmp/peers), PEERS_DATA_SRC (benchmarks/peers/common.sh)
# needs: podman, buildah, runc (installed with apt-get when missing), node >= 20 and npm
set -euo pipefail
cd "$(dirname "$0")/../.."
docker=src/main/docker
peers=benchmarks/peers

# shellcheck source=src/main/docker/podman.sh
. "$docker/podman.sh"
podman_tools
# shellcheck source=benchmarks/peers/common.sh
. "$peers/common.sh"   # WORK, DATA, prepare_data

node_bin=${NODE_BIN:-$(command -v node || true)}
major=20
if [ -n "$node_bin" ]; then
  major=$(timeout 30 "$node_bin" -p 'process.versions.node.split(".")[0]')
fi
tag=${TAG:-localhost/zerocold-peer-node:$major}

if [ -z "${BASE:-}" ]; then
  BASE=localhost/zerocold-base:bookworm
  timeout 60 podman image exists "$BASE" || "$docker/base/build-base.sh" bookworm
fi

context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT

if [ -z "${NODE:-}" ]; then
  [ -n "$node_bin" ] || { echo "no node on PATH: set NODE_BIN, or NODE=<a Node image>" >&2; exit 1; }
  [ "$major" -ge 20 ] || { echo "node $major is too old: Fastify 5 needs Node >= 20" >&2; exit 1; }
  NODE=localhost/zerocold-node:$major
  if ! timeout 60 podman image exists "$NODE"; then
    echo "$NODE from $node_bin ($(timeout 30 "$node_bin" --version))"
    mkdir "$context/node"
    cp -L "$node_bin" "$context/node/node"
    printf 'FROM %s\nCOPY node /usr/local/bin/node\n' "$BASE" \
      | timeout 600 "${PODMAN[@]}" build -q -f - -t "$NODE" "$context/node" > /dev/null
    rm -rf "$context/node"
  fi
fi

# node_modules exactly as the peer's lock file says (npm ci), installed by setup-node.sh unless there
if [ -d "$WORK/node/node_modules" ] && cmp -s "$HERE/node/package-lock.json" "$WORK/node/package-lock.json"; then
  echo "node_modules: $WORK/node/node_modules (npm ci of the peer's package-lock.json)"
  prepare_data
else
  timeout 900 "$peers/setup-node.sh"
fi

echo "staging the build context"
mkdir "$context/peer"
cp "$HERE/node/server.js" "$HERE/node/package.json" "$HERE/node/package-lock.json" "$DATA/fmnist_cnn.onnx" "$context/peer/"
cp -a "$WORK/node/node_modules" "$context/peer/"
# onnxruntime-node ships its runtime for darwin, win32 and linux (x64 and arm64): keep only this one
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64) arch=arm64 ;;
  *) arch=$(uname -m) ;;
esac
for napi in "$context"/peer/node_modules/onnxruntime-node/bin/napi-v*; do
  [ -d "$napi/linux/$arch" ] || { echo "onnxruntime-node has no linux/$arch binaries in $napi" >&2; exit 1; }
  find "$napi" -mindepth 1 -maxdepth 1 -not -name linux -exec rm -rf {} +
  find "$napi/linux" -mindepth 1 -maxdepth 1 -not -name "$arch" -exec rm -rf {} +
done
echo "node_modules staged: $(du -sm "$context/peer/node_modules" | cut -f1) MB (of $(du -sm "$WORK/node/node_modules" | cut -f1) MB)"

echo "building $tag (BASE=$BASE NODE=$NODE)"
log=$(mktemp)
started=$(date +%s)
timeout 900 "${PODMAN[@]}" build "${PODMAN_LIMITS[@]}" --network none --layers -f "$HERE/node/Containerfile" \
  --build-arg "BASE=$BASE" --build-arg "NODE=$NODE" -t "$tag" "$context/peer" > "$log" 2>&1 \
  || { tail -30 "$log" >&2; rm -f "$log"; exit 1; }
rm -f "$log"
echo "$tag built in $(( $(date +%s) - started )) s: $(image_mb "$tag") MB"
echo "layers (newest first):"
timeout 60 podman history --format '{{.Size}}\t{{.CreatedBy}}' "$tag" | cut -c1-150
