#!/usr/bin/env bash
# Embeddings throughput, zerocold against the transformers.js peer (benchmarks/peers/transformersjs-
# embeddings/server.mjs) on the same ONNX models, side by side in one run. Both servers are started
# here and stay up for the whole run (an idle one takes no CPU); for each model and texts per request,
# each server in turn gets WARMUP at 32 connections, then DURATION at each of CONNS connections
# (wrk, one thread, keep-alive, `rotate.lua`: the bodies of bodies.mjs in turn, real sentences, every
# answer checked). Prints texts/s, p50/p99 per request and the zerocold/transformers.js ratios, then
# each server's RSS after the run. Every wrk run and the whole script are bounded with `timeout`.
#
# usage: benchmarks/embeddings/bench.sh     (after setup.sh and ./mvnw package -DskipTests; nothing
#        may listen on the two ports)
# env:   MODELS ("all-minilm-l6-v2 bge-small-en-v1.5")  SIZES (texts per request, "1 32")  CONNS ("1 32")
#        WARMUP (10s)  DURATION (20s)  ZEROCOLD_PORT (8095)  PEER_PORT (5003)
#        JAR (target/quarkus-app/quarkus-run.jar)  JAVA (java)  JAVA_OPTS  ZEROCOLD_OPTS (extra -D flags)
#        ORT_THREADS (the peer's intra-op threads; unset = ONNX Runtime's default)  OUT_DIR
# out:   $OUT_DIR (default results/<UTC date>/) bench.txt (what was printed), load.tsv, wrk-raw.txt,
#        server-*.log
source "$(dirname "$0")/common.sh"
require_setup
MODELS="${MODELS:-all-minilm-l6-v2 bge-small-en-v1.5}"; SIZES="${SIZES:-1 32}"; CONNS="${CONNS:-1 32}"
WARMUP="${WARMUP:-10s}"; DURATION="${DURATION:-20s}"
ZPORT="${ZEROCOLD_PORT:-8095}"; PPORT="${PEER_PORT:-5003}"
JAR="${JAR:-$ROOT/target/quarkus-app/quarkus-run.jar}"
OUT="${OUT_DIR:-$HERE/results/$(date -u +%Y%m%d)}"
secs() { sed -E 's/s$//' <<< "$1"; }
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
[ -f "$JAR" ] || { echo "no $JAR: ./mvnw package -DskipTests (or set JAR)" >&2; exit 1; }
for port in "$ZPORT" "$PPORT"; do
  if curl -s -o /dev/null -m 2 "http://127.0.0.1:$port/"; then echo "something answers on port $port: stop it first" >&2; exit 1; fi
done
mkdir -p "$OUT" "$W/zerocold"
node "$HERE/bodies.mjs" "$W/bodies" $SIZES > /dev/null

declare -A URL PID
URL[zerocold]="http://127.0.0.1:$ZPORT"; URL[transformersjs]="http://127.0.0.1:$PPORT"
# zerocold from its packaged jar, the checkout's models/, working directory outside the repository
ZCMD=(${JAVA:-java} ${JAVA_OPTS:-} -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$ZPORT"
      -Dzerocold.models.root="$ROOT/models" -Dzerocold.recommend.retrain-interval=off ${ZEROCOLD_OPTS:-} -jar "$JAR")
PCMD=(env PORT="$PPORT" EMBED_WORK="$W" ${ORT_THREADS:+ORT_THREADS=$ORT_THREADS} node "$ROOT/benchmarks/peers/transformersjs-embeddings/server.mjs")

stop() { for s in "${!PID[@]}"; do kill -TERM -- -"${PID[$s]}" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop EXIT
rss_mb() { ps -o rss= -s "$1" 2>/dev/null | awk '{s += $1} END {printf "%.0f", s / 1024}'; }
ready() {   # every model answers one embedding (max 180 s)
  local url=$1 m i
  for m in $MODELS; do
    for i in $(seq 1800); do
      curl -sf -m 5 "$url/v1/embeddings" -H 'Content-Type: application/json' \
        -d "{\"model\":\"$m\",\"input\":\"ready?\"}" 2>/dev/null | grep -qF '"embedding"' && continue 2
      sleep 0.1
    done
    echo "$url: $m did not answer within 180 s" >&2; return 1
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
  echo "# zerocold /v1/embeddings against transformers.js (same ONNX models), texts/s and latency"
  echo "command: benchmarks/embeddings/bench.sh (MODELS=\"$MODELS\" SIZES=\"$SIZES\" CONNS=\"$CONNS\" WARMUP=$WARMUP DURATION=$DURATION)"
  machine
  /usr/bin/python3 -B "$ROOT/benchmarks/peers/page_touch.py"
  echo "zerocold: ${ZCMD[*]}  (jar built $(date -u -r "$JAR" '+%F %T UTC'))"
  echo "transformers.js: ${PCMD[*]}"
  echo "wrk $(wrk -v 2>&1 | head -1 | cut -d' ' -f2): -t1 --timeout 30s --latency, bodies rotated (bodies.mjs: base64 answers, as the openai SDK asks by default)"
} | tee "$OUT/bench.txt"

START=$(date +%s)
for s in zerocold transformersjs; do
  if [ $s = zerocold ]; then (cd "$W/zerocold" && exec setsid "${ZCMD[@]}") >> "$OUT/server-$s.log" 2>&1 &
  else setsid "${PCMD[@]}" >> "$OUT/server-$s.log" 2>&1 & fi
  PID[$s]=$!
done
for s in zerocold transformersjs; do
  ready "${URL[$s]}" || { tail -20 "$OUT/server-$s.log" >&2; exit 1; }
  echo "$s ready $(( $(date +%s) - START )) s after both were started; RSS $(rss_mb "${PID[$s]}") MB" | tee -a "$OUT/bench.txt"
done

printf 'server\tmodel\ttexts_per_request\tconns\treq_s\tp50_ms\tp99_ms\trequests\tnon2xx\tsock_err\tbad\n' > "$OUT/load.tsv"
for m in $MODELS; do
  for n in $SIZES; do
    for s in zerocold transformersjs; do
      load $s "$m" "$n" 32 "$WARMUP" > /dev/null   # warm-up
      for c in $CONNS; do
        line=$(load $s "$m" "$n" "$c" "$DURATION")
        printf '%s\t%s\t%s\t%s\t%s\n' "$s" "$m" "$n" "$c" "$line" >> "$OUT/load.tsv"
        echo "$s $m n=$n c=$c: $(cut -f1-3,5-7 <<< "$line" | awk -F'\t' -v n="$n" '{printf "%.1f texts/s, p50 %s ms, p99 %s ms, errors %d", $1 * n, $2, $3, $4 + $5 + $6}')" | tee -a "$OUT/bench.txt"
      done
    done
  done
done

echo
for s in zerocold transformersjs; do echo "RSS after the run, $s: $(rss_mb "${PID[$s]}") MB"; done | tee -a "$OUT/bench.txt"
node "$HERE/table.mjs" "$OUT/load.tsv" | tee -a "$OUT/bench.txt"
echo "-> $OUT"
