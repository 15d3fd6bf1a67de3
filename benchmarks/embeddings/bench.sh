#!/usr/bin/env bash
# Embeddings throughput, zerocold against the transformers.js peer (benchmarks/peers/transformersjs-
# embeddings/server.mjs) on the same ONNX models, side by side in one run. Both servers are started
# here and stay up for the whole run (an idle one takes no CPU); for each model and texts per request,
# each server in turn gets WARMUP at 32 connections, then DURATION at each of CONNS connections
# (wrk, one thread, keep-alive, `rotate.lua`: the bodies of bodies.mjs in turn, real sentences, every
# answer checked). When wrk stops, the requests it had in flight are still being worked off: before
# each measurement the script waits until the server's CPU use drops under 10 % of a core. Prints texts/s, p50/p99 per request and the zerocold/transformers.js ratios, then
# each server's RSS after the run. Every wrk run and the whole script are bounded with `timeout`.
#
# usage: benchmarks/embeddings/bench.sh     (after setup.sh and ./mvnw package -DskipTests; nothing
#        may listen on the two ports)
# env:   SERVERS ("zerocold transformersjs"; also zerocold-1thread: zerocold with the config below)
#        MODELS ("all-minilm-l6-v2 bge-small-en-v1.5")  SIZES (texts per request, "1 32")  CONNS ("1 32")
#        WARMUP (10s)  DURATION (20s, in seconds)  ZEROCOLD_PORT (8095; zerocold-1thread: +1)  PEER_PORT (5003)
#        JAR (target/quarkus-app/quarkus-run.jar)  JAVA (java)  JAVA_OPTS  ZEROCOLD_OPTS (extra -D flags)
#        ORT_THREADS (the peer's intra-op threads; unset = ONNX Runtime's default)  OUT_DIR
# zerocold-1thread = zerocold + -Dzerocold.onnx.intra-op-threads=1 and, for both embedding models,
#        batching.instances=2, batching.max-batch-size=8: configuration only, no code change
# out:   $OUT_DIR (default results/<UTC date>/) bench.txt (what was printed), load.tsv, wrk-raw.txt,
#        server-*.log
source "$(dirname "$0")/common.sh"
require_setup
MODELS="${MODELS:-all-minilm-l6-v2 bge-small-en-v1.5}"; SIZES="${SIZES:-1 32}"; CONNS="${CONNS:-1 32}"
WARMUP="${WARMUP:-10s}"; DURATION="${DURATION:-20s}"
SERVERS="${SERVERS:-zerocold transformersjs}"
ZPORT="${ZEROCOLD_PORT:-8095}"; PPORT="${PEER_PORT:-5003}"
JAR="${JAR:-$ROOT/target/quarkus-app/quarkus-run.jar}"
OUT="${OUT_DIR:-$HERE/results/$(date -u +%Y%m%d)}"
secs() { sed -E 's/s$//' <<< "$1"; }
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
[ -f "$JAR" ] || { echo "no $JAR: ./mvnw package -DskipTests (or set JAR)" >&2; exit 1; }
for port in "$ZPORT" "$((ZPORT + 1))" "$PPORT"; do
  if curl -s -o /dev/null -m 2 "http://127.0.0.1:$port/"; then echo "something answers on port $port: stop it first" >&2; exit 1; fi
done
mkdir -p "$OUT" "$W/zerocold"
node "$HERE/bodies.mjs" "$W/bodies" $SIZES > /dev/null

declare -A URL PID CMD
# zerocold from its packaged jar, the checkout's models/, working directory outside the repository
zerocold_cmd() {   # port, extra flags...
  local port=$1; shift
  echo "${JAVA:-java} ${JAVA_OPTS:-} -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=$port" \
       "-Dzerocold.models.root=$ROOT/models -Dzerocold.models.scan-interval=off -Dzerocold.recommend.retrain-interval=off ${ZEROCOLD_OPTS:-} $* -jar $JAR"
}
TUNED=(-Dzerocold.onnx.intra-op-threads=1)
for m in all-minilm-l6-v2 '"bge-small-en-v1.5"'; do
  TUNED+=("-Dzerocold.serving.model.$m.batching.instances=2" "-Dzerocold.serving.model.$m.batching.max-batch-size=8")
done
for s in $SERVERS; do
  case $s in
    zerocold) URL[$s]="http://127.0.0.1:$ZPORT"; CMD[$s]=$(zerocold_cmd "$ZPORT") ;;
    zerocold-1thread) URL[$s]="http://127.0.0.1:$((ZPORT + 1))"; CMD[$s]=$(zerocold_cmd "$((ZPORT + 1))" "${TUNED[@]}") ;;
    transformersjs) URL[$s]="http://127.0.0.1:$PPORT"
      CMD[$s]="env PORT=$PPORT EMBED_WORK=$W ${ORT_THREADS:+ORT_THREADS=$ORT_THREADS} node $ROOT/benchmarks/peers/transformersjs-embeddings/server.mjs" ;;
    *) echo "unknown server $s" >&2; exit 2 ;;
  esac
done
rotate() { local -a p=($SERVERS); local n=${#p[@]} i; for ((i = 0; i < n; i++)); do echo "${p[(i + $1) % n]}"; done; }

stop() { for s in "${!PID[@]}"; do kill -TERM -- -"${PID[$s]}" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop EXIT
trap 'exit 143' TERM INT   # still stops the servers (EXIT)
rss_mb() { ps -o rss= -s "$1" 2>/dev/null | awk '{s += $1} END {printf "%.0f", s / 1024}'; }
ready() {   # every model answers one embedding (max 180 s), while process $2 lives
  local url=$1 pid=$2 m i
  for m in $MODELS; do
    for i in $(seq 1800); do
      kill -0 "$pid" 2>/dev/null || return 1
      curl -sf -m 5 "$url/v1/embeddings" -H 'Content-Type: application/json' \
        -d "{\"model\":\"$m\",\"input\":\"ready?\"}" 2>/dev/null | grep -qF '"embedding"' && continue 2
      sleep 0.1
    done
    echo "$url: $m did not answer within 180 s" >&2; return 1
  done
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
settle() {   # waits (max 120 s) until the server has stopped working off requests wrk left behind
  local pid=${PID[$1]} a b i
  for i in $(seq 240); do
    a=$(cpu_ticks "$pid"); sleep 0.5; b=$(cpu_ticks "$pid")
    [ $((b - a)) -gt 5 ] || return 0   # under 10 % of a core
  done
}
load() {   # server model size conns duration -> "rps p50_ms p99_ms requests non2xx sock_err bad"
  local out d; d=$(secs "$5")
  out=$(BODIES="$W/bodies/$2-$3.jsonl" EXPECT=$([ "$3" = 1 ] && echo '"embedding"' || echo "\"index\":$(($3 - 1))") \
        timeout $((d + 60)) wrk -t1 -c"$4" -d"$5" --timeout 30s --latency -s "$HERE/rotate.lua" "${URL[$1]}/v1/embeddings")
  printf '## %s %s n=%s c=%s %s\n%s\n' "$1" "$2" "$3" "$4" "$5" "$out" >> "$OUT/wrk-raw.txt"
  awk 'function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /m$/) return v*60000; return v*1000 }
    $1=="50%" {p50=ms($2)} $1=="99%" {p99=ms($2)} /requests in/ {n=$1} /^Requests\/sec/ {rps=$2}
    /Non-2xx/ {non2xx=$NF} /Socket errors/ {gsub(",",""); se=$4+$6+$8+$10} /^bad_responses/ {bad=$2}
    END {printf "%.2f\t%.2f\t%.2f\t%d\t%d\t%d\t%d\n", rps, p50, p99, n, non2xx, se, bad}' <<< "$out"
}

{
  echo "# zerocold /v1/embeddings against transformers.js (same ONNX models), texts/s and latency: $SERVERS"
  echo "command: benchmarks/embeddings/bench.sh (SERVERS=\"$SERVERS\" MODELS=\"$MODELS\" SIZES=\"$SIZES\" CONNS=\"$CONNS\" WARMUP=$WARMUP DURATION=$DURATION)"
  machine
  /usr/bin/python3 -B "$ROOT/benchmarks/peers/page_touch.py"
  echo "zerocold jar: $JAR (built $(date -u -r "$JAR" '+%F %T UTC'))"
  for srv in $SERVERS; do echo "$srv: ${CMD[$srv]}"; done
  echo "wrk $(wrk -v 2>&1 | head -1 | cut -d' ' -f2): -t1 --timeout 30s --latency, bodies rotated (bodies.mjs: base64 answers, as the openai SDK asks by default)"
} | tee "$OUT/bench.txt"

start() {   # starts server $1 (in its own session) and waits for it; a start that dies is retried twice
  local s=$1 try t0
  for try in 1 2 3; do
    t0=$(date +%s)
    # shellcheck disable=SC2086  # CMD holds a whole command line without quoted spaces
    (cd "$W/zerocold" && exec setsid ${CMD[$s]}) >> "$OUT/server-$s.log" 2>&1 &
    PID[$s]=$!
    if ready "${URL[$s]}" "${PID[$s]}"; then
      echo "$s ready in $(( $(date +%s) - t0 )) s; RSS $(rss_mb "${PID[$s]}") MB" | tee -a "$OUT/bench.txt"; return 0
    fi
    echo "$s did not start (try $try), its log: $OUT/server-$s.log" | tee -a "$OUT/bench.txt"
    kill -TERM -- -"${PID[$s]}" 2>/dev/null || true; sleep 2
  done
  exit 1
}
for s in $SERVERS; do start "$s"; done

printf 'server\tmodel\ttexts_per_request\tconns\treq_s\tp50_ms\tp99_ms\trequests\tnon2xx\tsock_err\tbad\n' > "$OUT/load.tsv"
k=0
for m in $MODELS; do
  for n in $SIZES; do
    k=$((k + 1))
    for s in $(rotate $k); do
      load $s "$m" "$n" 32 "$WARMUP" > /dev/null   # warm-up
      settle $s
      for c in $CONNS; do
        line=$(load $s "$m" "$n" "$c" "$DURATION")
        settle $s
        printf '%s\t%s\t%s\t%s\t%s\n' "$s" "$m" "$n" "$c" "$line" >> "$OUT/load.tsv"
        echo "$s $m n=$n c=$c: $(cut -f1-3,5-7 <<< "$line" | awk -F'\t' -v n="$n" '{printf "%.1f texts/s, p50 %s ms, p99 %s ms, errors %d", $1 * n, $2, $3, $4 + $5 + $6}')" | tee -a "$OUT/bench.txt"
      done
    done
  done
done

echo
for s in $SERVERS; do echo "RSS after the run, $s: $(rss_mb "${PID[$s]}") MB"; done | tee -a "$OUT/bench.txt"
node "$HERE/table.mjs" "$OUT/load.tsv" | tee -a "$OUT/bench.txt"
echo "-> $OUT"
