#!/usr/bin/env bash
# Heap bytes allocated per request, for one build of zerocold or two side by side. Each run starts a
# fresh JVM as the peer harness does (peers/run-zerocold.sh: only the Fashion-MNIST CNN `fmnist`, from
# $PEERS_WORK/zerocold/models, port 8090; G1, the default) with a GC log (-Xlog:gc), warms it up with
# wrk, then runs wrk for DURATION at CONNS connections (peers/load.sh: every answer checked). The heap
# allocated in that window is what the heap holds at its end minus at its start (jcmd GC.heap_info),
# plus what each collection in it freed (GC log: heap before minus after each pause) -- the same as
# summing each collection's "before" minus the previous one's "after", with both window edges counted.
# Without jcmd it is that sum alone, from the last collection before the window to the last in it.
# Divided by the requests wrk completed.
#
# Usage: benchmarks/alloc.sh [JAR_A [JAR_B]]
#   JAR_A defaults to $JAR, else target/quarkus-app/quarkus-run.jar (run from the project's root).
#   With JAR_B: ROUNDS rounds, A B, B A, A B … (a fresh JVM each), then the median per jar.
#   env: DURATION (20s)  WARMUP (10s)  CONNS (32)  ROUNDS (3 with two jars, else 1)
#        REQUEST: image (default; the peers' PNG to /api/predict/image?top_k=1&model=fmnist)
#                 | v2 (the same image as an FP32 tensor to /v2/models/fmnist/infer)
#                 | sentiment (one fixed review to /api/predict/sentiment, with the checkout's own
#                   models/ and the sentiment cache off)
#        JAVA, JAVA_OPTS (added to the JVM's flags)  PEERS_WORK (/tmp/peers; run peers/setup-zerocold.sh first)
# prints one line per run and, for several runs, the medians:
#   jar=… requests=N alloc_mb=M bytes_per_req=B gcs=G gc_pause_ms=P
# out: $PEERS_WORK/results/alloc-<stamp>/{runs.tsv,gc-*.log,server-*.log}
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/peers/common.sh"     # WORK, PY
home=${ZEROCOLD_HOME:-$PWD}
DURATION=${DURATION:-20s} WARMUP=${WARMUP:-10s} CONNS=${CONNS:-32} REQUEST=${REQUEST:-image}
jars=("$(readlink -f "${1:-${JAR:-$home/target/quarkus-app/quarkus-run.jar}}")")
[ $# -lt 2 ] || jars+=("$(readlink -f "$2")")
ROUNDS=${ROUNDS:-$([ ${#jars[@]} = 2 ] && echo 3 || echo 1)}
secs() { case $1 in *m) echo $((${1%m} * 60)) ;; *s) echo "${1%s}" ;; *) echo "$1" ;; esac; }
budget=$(($(secs "$WARMUP") + $(secs "$DURATION") + 180))   # one run, start to kill (seconds)

for j in "${jars[@]}"; do [ -f "$j" ] || { echo "no jar $j (./mvnw package -DskipTests)" >&2; exit 1; }; done
[ -f "$WORK/zerocold/models/fmnist/1/model.yaml" ] || { echo "run benchmarks/peers/setup-zerocold.sh first" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 1; }
$PY -B "$here/peers/make_bodies.py" 0 >/dev/null
label_name=$(cat "$WORK/bodies/label_name")
port=${ZEROCOLD_PORT:-8090}
case $REQUEST in
  image) url="http://127.0.0.1:$port/api/predict/image?top_k=1&model=fmnist"; body="$WORK/bodies/zerocold.png"
         ctype=image/png; expect="\"label\":\"$label_name\"" ;;
  v2)    url="http://127.0.0.1:$port/v2/models/fmnist/infer"; body="$WORK/bodies/v2.json"
         ctype=application/json; expect="\"$label_name\"" ;;
  sentiment)
         url="http://127.0.0.1:$port/api/predict/sentiment"; body="$WORK/bodies/sentiment.json"
         ctype=application/json; expect='"sentiment":"positive"'
         echo '{"text": "Works great, the battery lasts all day and the screen is sharp."}' > "$body" ;;
  *) echo "REQUEST is image, v2 or sentiment" >&2; exit 2 ;;
esac
java=${JAVA:-java}
jcmd="$(dirname "$(readlink -f "$(command -v "$java")")")/jcmd"
[ -x "$jcmd" ] || { echo "note: no jcmd beside $java; allocation is summed from the GC log alone" >&2; jcmd=""; }
OUT="$WORK/results/alloc-$(date +%Y%m%d-%H%M%S)"; mkdir -p "$OUT"
printf 'jar\tround\trequests\talloc_mb\tbytes_per_req\tgcs\tgc_pause_ms\tbad\n' > "$OUT/runs.tsv"
echo "== $REQUEST, warm-up $WARMUP, then $DURATION at c=$CONNS; $ROUNDS round(s) -> $OUT"

heap_used_kb() {  # heap in use now, in KB (jcmd GC.heap_info), or empty
  [ -n "$jcmd" ] || return 0
  timeout 30 "$jcmd" "$1" GC.heap_info 2>/dev/null | awk '/ heap .*used/ { for (i = 1; i <= NF; i++) if ($i == "used") { sub(/K,?$/, "", $(i + 1)); print $(i + 1); exit } }'
}

srv=""   # the running server's process group, stopped on any exit
trap '[ -z "$srv" ] || kill -TERM -- -"$srv" 2>/dev/null || true' EXIT
run() {  # run JAR ROUND: one fresh JVM, one measured window; prints and records one line
  local jar=$1 r=$2 tag log jpid used0 used1 n0 n1 line
  tag=$([ "$jar" = "${jars[0]}" ] && echo A || echo B); log="$OUT/gc-$tag-r$r.log"
  local opts="${JAVA_OPTS:-} -Xlog:gc:file=$log -Dzerocold.models.scan-interval=off"
  if [ "$REQUEST" = sentiment ]; then   # the checkout's own models; cache off, so every request is computed
    setsid timeout "$budget" bash -c 'cd "$1/zerocold" && exec "$2" $3 -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$4" \
      -Dzerocold.models.root="$5/models" -Dzerocold.serving.model.sentiment.cache.enabled=false \
      -Dzerocold.recommend.retrain-interval=off -jar "$6"' _ "$WORK" "$java" "$opts" "$port" "$home" "$jar" \
      >> "$OUT/server-$tag.log" 2>&1 & srv=$!
  else
    ZEROCOLD_APP=$jar JAVA=$java JAVA_OPTS=$opts setsid timeout "$budget" "$here/peers/run-zerocold.sh" \
      >> "$OUT/server-$tag.log" 2>&1 & srv=$!
  fi
  for _ in $(seq 600); do   # ready = first correct answer (max 60 s)
    curl -sf -m 5 -X POST "$url" -H "Content-Type: $ctype" --data-binary @"$body" 2>/dev/null | grep -qF "$expect" && break
    sleep 0.1
  done
  jpid=$(pgrep -P "$srv" | head -1 || true)
  [ -z "$jcmd" ] || [ -z "$jpid" ] || timeout 30 "$jcmd" "$jpid" VM.version >/dev/null 2>&1 || true   # attach once before measuring
  export BODY=$body EXPECT=$expect
  CONNS=$CONNS DURATION=$WARMUP timeout $(($(secs "$WARMUP") + 60)) "$here/peers/load.sh" "$url" "$body" "$ctype" > /dev/null
  used0=$(heap_used_kb "$jpid"); n0=$(wc -l < "$log")
  line=$(CONNS=$CONNS DURATION=$DURATION timeout $(($(secs "$DURATION") + 60)) "$here/peers/load.sh" "$url" "$body" "$ctype")
  used1=$(heap_used_kb "$jpid"); n1=$(wc -l < "$log")
  kill -TERM -- -"$srv" 2>/dev/null; wait "$srv" 2>/dev/null || true; srv=""
  awk -v n0="$n0" -v n1="$n1" -v u0="$used0" -v u1="$used1" -v wrk="$line" -v jar="$jar" -v r="$r" -v out="$OUT/runs.tsv" '
    function mb(v) { return v ~ /K$/ ? v / 1024 : v ~ /G$/ ? v * 1024 : v + 0 }
    / Pause / && match($0, /[0-9]+[KMG]->[0-9]+[KMG]\(/) {
      split(substr($0, RSTART, RLENGTH - 1), s, "->"); before = mb(s[1]); after = mb(s[2])
      if (NR > n0 && NR <= n1) {
        gcs++; freed += before - after; sum += before - (seen ? prev : 0)
        if (match($0, /[0-9.]+ms$/)) pause += substr($0, RSTART, RLENGTH - 2)
      }
      if (NR <= n1) { prev = after; seen = 1 }
    }
    END {
      split(wrk, f, " "); for (i in f) { split(f[i], kv, "="); w[kv[1]] = kv[2] }
      alloc = (u0 != "" && u1 != "") ? (u1 - u0) / 1024 + freed : sum
      bad = w["non2xx"] + w["sock_err"] + w["bad"]
      printf "jar=%s round=%s requests=%d alloc_mb=%.0f bytes_per_req=%.0f gcs=%d gc_pause_ms=%.1f%s\n", jar, r, w["requests"],
             alloc, w["requests"] ? alloc * 1048576 / w["requests"] : 0, gcs, pause, bad ? " errors=" bad : ""
      printf "%s\t%s\t%d\t%.1f\t%.0f\t%d\t%.1f\t%d\n", jar, r, w["requests"], alloc,
             w["requests"] ? alloc * 1048576 / w["requests"] : 0, gcs, pause, bad >> out
    }' "$log"
  sleep 2
}

for r in $(seq 1 "$ROUNDS"); do
  if [ $((r % 2)) = 1 ]; then order=("${jars[@]}"); else mapfile -t order < <(printf '%s\n' "${jars[@]}" | tac); fi
  for j in "${order[@]}"; do run "$j" "$r"; done
done
if [ "$ROUNDS" -gt 1 ]; then
  $PY -B - "$OUT/runs.tsv" "${jars[@]}" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
med = {}
for tag, jar in zip("AB", sys.argv[2:]):
    rs = [r for r in rows if r["jar"] == jar]
    m = {k: statistics.median(float(r[k]) for r in rs)
         for k in ("requests", "alloc_mb", "bytes_per_req", "gcs", "gc_pause_ms")}
    med[tag] = m
    print(f"median {tag}: jar={jar} requests={m['requests']:.0f} alloc_mb={m['alloc_mb']:.0f} "
          f"bytes_per_req={m['bytes_per_req']:.0f} gcs={m['gcs']:.0f} gc_pause_ms={m['gc_pause_ms']:.1f} ({len(rs)} runs)")
if len(med) == 2 and med["A"]["bytes_per_req"]:
    print(f"B/A bytes_per_req: {med['B']['bytes_per_req'] / med['A']['bytes_per_req']:.3f}")
PY
fi
