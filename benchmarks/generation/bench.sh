#!/usr/bin/env bash
# Generation throughput and latency, side by side in one run, on the same model folder
# (models/tinygpt/1): zerocold with continuous batching (the default), zerocold with it off
# (-Dzerocold.generation.continuous-batching=false: a batch runs to its end before waiting requests
# join), and the transformers.js peer (benchmarks/peers/transformersjs-generation/server.mjs, one
# request at a time). One server at a time (2 cores): start, warm up (WARMUP s at 4 streams), then
# DURATION s at each of CONNS concurrent streams (load.mjs: streamed greedy completions of MAX_TOKENS
# tokens, back to back), then its RSS, then stop. zerocold's per-step metrics (prefill, decode,
# token handling, rows per step) are read from /q/metrics after each zerocold server's runs.
#
# usage: benchmarks/generation/bench.sh    (after setup.sh and ./mvnw package -DskipTests; nothing on the ports)
# env:   SERVERS ("zerocold zerocold-static transformersjs")  CONNS ("1 4 16 32")  WARMUP (10)  DURATION (30)
#        MAX_TOKENS (64)  PORT (8097)  JAR (target/quarkus-app/quarkus-run.jar)  JAVA_OPTS  OUT_DIR
# out:   $OUT_DIR (default results/<UTC date>/) bench.txt (what was printed), load.jsonl, server-*.log
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
W="${GEN_WORK:-/tmp/zerocold-gen}"
SERVERS="${SERVERS:-zerocold zerocold-static transformersjs}"; CONNS="${CONNS:-1 4 16 32}"
WARMUP="${WARMUP:-10}"; DURATION="${DURATION:-30}"; MAX_TOKENS="${MAX_TOKENS:-64}"; PORT="${PORT:-8097}"
JAR="${JAR:-$ROOT/target/quarkus-app/quarkus-run.jar}"
OUT="${OUT_DIR:-$HERE/results/$(date -u +%Y%m%d)}"
[ -d "$W/node_modules/@huggingface/transformers" ] || { echo "run benchmarks/generation/setup.sh first" >&2; exit 1; }
[ -f "$JAR" ] || { echo "no $JAR: ./mvnw package -DskipTests (or set JAR)" >&2; exit 1; }
if curl -s -o /dev/null -m 2 "http://127.0.0.1:$PORT/"; then echo "something answers on port $PORT" >&2; exit 1; fi
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"   # the servers run from another directory
exec > >(tee "$OUT/bench.txt") 2>&1
: > "$OUT/load.jsonl"
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
echo "date: $(date -u '+%F %T UTC')"
echo "machine: $(nproc) CPUs ($cpu), $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo) RAM, Linux $(uname -r); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "software: $(java -version 2>&1 | head -1); node $(node --version); transformers.js $(node -p "require('$W/node_modules/@huggingface/transformers/package.json').version"), onnxruntime-node $(node -p "require('$W/node_modules/onnxruntime-node/package.json').version")"
echo "zerocold checkout: $(git -C "$ROOT" --no-optional-locks log -1 --format='%h %cs %s' | cut -c1-100)"
echo "command: SERVERS='$SERVERS' CONNS='$CONNS' WARMUP=$WARMUP DURATION=$DURATION MAX_TOKENS=$MAX_TOKENS benchmarks/generation/bench.sh"

PID=   # the server, started with setsid: it leads its own process group
stop() {
  [ -n "$PID" ] || return 0
  kill -TERM -- -"$PID" 2>/dev/null || true
  for i in $(seq 300); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- -"$PID" 2>/dev/null || true
  PID=
}
trap stop EXIT
trap 'exit 143' TERM INT
rss_mb() { ps -o rss= -g "$1" 2>/dev/null | awk '{s += $1} END {printf "%.0f", s / 1024}'; }
url="http://127.0.0.1:$PORT/v1/completions"
for s in $SERVERS; do
  case $s in
    zerocold|zerocold-static)
      flags="-Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=$PORT -Dzerocold.models.root=$ROOT/models"
      flags="$flags -Dzerocold.models.scan-interval=off -Dzerocold.recommend.retrain-interval=off"
      [ "$s" = zerocold-static ] && flags="$flags -Dzerocold.generation.continuous-batching=false"
      (cd /tmp && exec setsid java ${JAVA_OPTS:-} $flags -jar "$JAR" > "$OUT/server-$s.log" 2>&1) & ;;
    transformersjs)
      (exec setsid env PORT=$PORT GEN_WORK=$W node "$ROOT/benchmarks/peers/transformersjs-generation/server.mjs" \
        > "$OUT/server-$s.log" 2>&1) & ;;
    *) echo "unknown server $s" >&2; exit 2 ;;
  esac
  PID=$!   # exec: the subshell became the server
  for i in $(seq 1800); do
    curl -sf -m 10 "$url" -H 'Content-Type: application/json' -d '{"model":"tinygpt","prompt":"ready?","max_tokens":2}' \
      2>/dev/null | grep -q '"text_completion"' && break
    kill -0 "$PID" 2>/dev/null || { echo "$s exited; see $OUT/server-$s.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "== $s (pid $PID)"
  timeout $((WARMUP + 120)) node "$HERE/load.mjs" "$url" 4 "$WARMUP" "$MAX_TOKENS" "$s warm-up" > /dev/null
  for c in $CONNS; do
    line=$(timeout $((DURATION + 300)) node "$HERE/load.mjs" "$url" "$c" "$DURATION" "$MAX_TOKENS" "$s")
    echo "$line" | tee -a "$OUT/load.jsonl"
  done
  echo "$s RSS after load: $(rss_mb "$PID") MB"
  if [ "$s" != transformersjs ]; then
    curl -s "http://127.0.0.1:$PORT/q/metrics" | grep -E '^zerocold_generation_(step_seconds_(sum|count)|batch_rows_(sum|count))' \
      | grep 'model="tinygpt"' | sed 's/^/  /'
  fi
  stop
done
node "$HERE/table.mjs" "$OUT/load.jsonl"
