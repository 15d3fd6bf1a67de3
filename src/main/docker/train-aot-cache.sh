#!/usr/bin/env bash
# Records a JDK 25 AOT cache (app.aot) for the packaged app in this directory: starts it once with
# -XX:AOTCacheOutput, waits until it is ready, sends one request to each task endpoint (sentiment,
# image, recommend, embeddings, a completion, a streamed chat), and stops it; the JVM writes the cache as it exits. Run it where the app will run (Dockerfile.jvm-aot
# runs it at image build time): the cache holds absolute paths and the JVM's exact build, and it is
# only used when the run has the same flags (here $JAVA_OPTS).
#
# Usage: train-aot-cache.sh [SAMPLE_PNG]    (default training/sample.png)
set -euo pipefail
cd "$(dirname "$0")"
sample=${1:-training/sample.png}
port=${TRAINING_PORT:-8080}
java ${JAVA_OPTS:-} -Dquarkus.http.port="$port" -XX:AOTCacheOutput=app.aot -jar quarkus-run.jar &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT

# request METHOD PATH CONTENT_TYPE [BODY_FILE]: prints the HTTP status (bash /dev/tcp: no curl needed)
request() {
  local length=0
  [ -n "${4:-}" ] && length=$(wc -c < "$4")
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf '%s %s HTTP/1.1\r\nHost: localhost\r\nContent-Type: %s\r\nContent-Length: %s\r\nConnection: close\r\n\r\n' \
    "$1" "$2" "$3" "$length" >&3
  [ -n "${4:-}" ] && cat "$4" >&3
  local status
  read -r _ status _ <&3 || status=000
  exec 3>&-
  echo "$status"
}

for _ in $(seq 120); do
  [ "$(request GET /q/health/ready text/plain 2>/dev/null || true)" = 200 ] && break
  sleep 0.5
done
body=$(mktemp)
echo '{"text": "Training the cache with a real request."}' > "$body"
echo "sentiment: $(request POST /api/predict/sentiment application/json "$body")"
echo "image:     $(request POST '/api/predict/image?top_k=3' image/png "$sample")"
echo '{"user_id": "1", "limit": 5}' > "$body"
echo "recommend: $(request POST /api/predict/recommend application/json "$body")"
echo '{"model": "bge-small-en-v1.5", "input": "Training the cache."}' > "$body"
echo "embedding: $(request POST /v1/embeddings application/json "$body")"
echo '{"model": "tinygpt", "prompt": "The kernel", "max_tokens": 8}' > "$body"
echo "completion: $(request POST /v1/completions application/json "$body")"
echo '{"model": "tinygpt", "messages": [{"role": "user", "content": "Hello"}], "max_tokens": 8, "stream": true}' > "$body"
echo "chat: $(request POST /v1/chat/completions application/json "$body")"
rm -f "$body"

kill -TERM "$pid"
wait "$pid" || true
trap - EXIT
[ -s app.aot ] || { echo "no AOT cache was written" >&2; exit 1; }
echo "AOT cache written: $(pwd)/app.aot"
