#!/usr/bin/env bash
# What the two default embedding models cost: the memory each adds when it loads (RSS, and its
# anonymous part, which a snapshot restore pays page by page), and the fast-jar cold start with both
# loaded: exec -> first correct /v1/embeddings answer, against the same start with both lazy
# (exec -> first correct sentiment answer), ROUNDS runs each, interleaved. Prints the machine, the
# date and the first-touch cost of fresh memory (benchmarks/peers/page_touch.py, at the start and the
# end) next to the figures.
# Usage: benchmarks/embeddings/memory.sh   (SKIP_BUILD=1 reuses target/quarkus-app; ROUNDS=3; PORT=8098)
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${ROUNDS:-3}
port=${PORT:-8098}
[ "${SKIP_BUILD:-0}" = 1 ] || ./mvnw -B -q package -DskipTests
state=$(mktemp -d)
trap 'rm -rf "$state"' EXIT
common=(-Dquarkus.http.port="$port" -Dquarkus.http.host=127.0.0.1 -Dzerocold.models.state-dir="$state"
        -Dzerocold.recommend.retrain-interval=off)
lazy=(-Dzerocold.models.policy.all-minilm-l6-v2=lazy -Dzerocold.models.policy.bge-small-en-v1.5=lazy)
base=http://127.0.0.1:$port

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GB"
echo "date: $(date -u +%FT%TZ)  commit: $(git rev-parse --short HEAD)  command: $0"
first_touch() { timeout 120 /usr/bin/python3 -B benchmarks/peers/page_touch.py 100 3 || echo "first touch: not measured"; }
touch_ms() { sed -nE 's/.* ([0-9]+) ms per 100 MB.*/\1/p' <<< "$1" | grep . || echo "?"; }
touch_start=$(first_touch); echo "$touch_start"

memory() {  # memory PID LABEL: RSS and its anonymous and file parts, MB
  awk -v label="$2" '/^VmRSS/{r=$2} /^RssAnon/{a=$2} /^RssFile/{f=$2}
    END{printf "%-34s RSS %4.0f MB  anon %4.0f MB  file %4.0f MB\n", label, r/1024, a/1024, f/1024}' "/proc/$1/status"
}
embed() {  # embed MODEL N: N requests of 8 texts
  for i in $(seq 1 "$2"); do
    curl -sf "$base/v1/embeddings" -H 'Content-Type: application/json' -d "{\"model\": \"$1\", \"input\": [
      \"request $i\", \"How do I reset my password?\", \"The train leaves at noon.\", \"vectors for search\",
      \"a somewhat longer sentence about retrieval, embeddings and the cost of memory\", \"short\", \"x y z\",
      \"The quick brown fox jumps over the lazy dog.\"]}" > /dev/null
  done
}

echo "== memory (embedding models lazy, then each loaded by its first request and 50 more)"
java "${common[@]}" "${lazy[@]}" -jar target/quarkus-app/quarkus-run.jar > "$state/app.log" 2>&1 &
pid=$!
for _ in $(seq 1 600); do curl -sf "$base/q/health/ready" > /dev/null && break; sleep 0.1; done
curl -sf "$base/api/predict/sentiment" -H 'Content-Type: application/json' -d '{"text": "warm"}' > /dev/null
memory $pid "ready, no embedding model loaded"
embed all-minilm-l6-v2 50; memory $pid "+ all-minilm-l6-v2"
embed bge-small-en-v1.5 50; memory $pid "+ bge-small-en-v1.5"
kill $pid; wait $pid 2> /dev/null || true

echo "== fast-jar cold start, $rounds rounds interleaved (exec -> first correct answer; RSS of the process then)"
probe=(python3 benchmarks/peers/coldstart.py --runs 1 --timeout 120)
both_ok="status == 200 and len(j['data'][0]['embedding']) == 384"
: > "$state/eager.jsonl"; : > "$state/lazy.jsonl"
for round in $(seq 1 "$rounds"); do
  "${probe[@]}" --name both-eager --url "$base/v1/embeddings" --ctype application/json \
    --body src/main/docker/snapshot/warmup/embeddings-minilm.json --check "$both_ok" \
    -- java "${common[@]}" -jar target/quarkus-app/quarkus-run.jar >> "$state/eager.jsonl"
  "${probe[@]}" --name both-lazy --url "$base/api/predict/sentiment" --ctype application/json \
    --body src/main/docker/snapshot/warmup/sentiment.json --check "status == 200" \
    -- java "${common[@]}" "${lazy[@]}" -jar target/quarkus-app/quarkus-run.jar >> "$state/lazy.jsonl"
done
touch_end=$(first_touch); echo "$touch_end"
python3 - "$state/eager.jsonl" "$state/lazy.jsonl" "$(touch_ms "$touch_start")→$(touch_ms "$touch_end")" <<'PY'
import json, statistics, sys
for path, what in zip(sys.argv[1:3], ["both embedding models loaded at start: first /v1/embeddings answer",
                                      "both lazy (not loaded): first sentiment answer"]):
    runs = [json.loads(l) for l in open(path) if l.strip()]
    ms = [r["ms"] for r in runs if r.get("ms")]; rss = [r["rss_mb"] for r in runs if r.get("ms")]
    print(f"{what}: median {statistics.median(ms):.0f} ms ({min(ms):.0f}…{max(ms):.0f}), RSS {statistics.median(rss):.0f} MB; "
          f"first touch {sys.argv[3]} ms per 100 MB")
PY
