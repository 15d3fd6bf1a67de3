#!/usr/bin/env bash
# Soak: MINUTES (10) of mixed traffic (sentiment BGE and fast, image, recommend, interactions, batch,
# ~20% bad requests; benchmarks/soak.lua) at LOAD (0.8) of the capacity measured first with the same
# mix. Starts the packaged app itself (state in $OUT), samples its RSS and heap every 10 s, and prints
# per minute the req/s, p99 and answers by status, then the RSS slope over the last 8 minutes, the
# 5xx count and the p99 spread. Goal: RSS growth < 5% over the last 8 minutes, zero 5xx, steady p99.
#
# Usage (repo root, port 8080 free): ./mvnw package -DskipTests && benchmarks/soak.sh
#   MINUTES=10 LOAD=0.8 C=8 (connections for the capacity run) DELAY_MS=2 (pacing wait per request)
#   JAVA=java JAR=target/quarkus-app/quarkus-run.jar JAVA_OPTS=...
set -euo pipefail
minutes=${MINUTES:-10} load=${LOAD:-0.8} c=${C:-8}
jar=${JAR:-target/quarkus-app/quarkus-run.jar}
out=${OUT:-/tmp/soak-$(date +%Y%m%d-%H%M%S)}
base=http://localhost:8080
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
[ -f "$jar" ] || { echo "no $jar: build it with ./mvnw package -DskipTests" >&2; exit 1; }
if curl -s -o /dev/null -m 2 "$base/"; then echo "something already answers at $base: stop it first" >&2; exit 1; fi
mkdir -p "$out"

${JAVA:-java} ${JAVA_OPTS:-} -Dzerocold.recommend.journal="$out/interactions.log" -Dzerocold.models.state-dir="$out/state" \
  -Dzerocold.recommend.retrain-interval=off -jar "$jar" > "$out/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 300); do curl -sf -o /dev/null "$base/q/health/ready" && break; sleep 0.2; done
curl -sf -o /dev/null "$base/q/health/ready" || { echo "server not ready; see $out/server.log" >&2; exit 1; }

sample() {  # seconds_since_start rss_mb heap_used_mb
  local rss heap
  rss=$(awk '/VmRSS/ {print int($2 / 1024)}' /proc/$pid/status)
  heap=$(curl -s "$base/q/metrics" | awk '/^jvm_memory_used_bytes\{.*area="heap"/ {s += $NF} END {print int(s / 1048576)}')
  echo "$(( $(date +%s) - start )) $rss $heap"
}

echo "capacity: 20 s warm-up, then 20 s of the mix at c=$c without pacing"
wrk -t2 -c"$c" -d20s -s benchmarks/soak.lua "$base" > /dev/null
wrk -t2 -c"$c" -d20s --latency -s benchmarks/soak.lua "$base" > "$out/capacity.txt"
capacity=$(awk '/Requests\/sec/ {print $2}' "$out/capacity.txt")
# Pace: each connection waits DELAY_MS (whole ms, wrk's delay()) between requests, so it sends about
# 1000 / (delay + latency) req/s; enough connections for LOAD x capacity, measured once and adjusted.
latency=$(awk -v c="$c" -v cap="$capacity" 'BEGIN {print c * 1000 / cap}')
delay=${DELAY_MS:-2}
conns=$(awk -v cap="$capacity" -v load="$load" -v d="$delay" -v l="$latency" 'BEGIN {n = load * cap * (d + l) / 1000; printf "%d", n < 1 ? 1 : n + 0.5}')
DELAY_MS=$delay wrk -t2 -c"$conns" -d15s -s benchmarks/soak.lua "$base" > "$out/calibrate.txt"
paced=$(awk '/Requests\/sec/ {print $2}' "$out/calibrate.txt")
conns=$(awk -v cap="$capacity" -v load="$load" -v n="$conns" -v got="$paced" 'BEGIN {m = n * load * cap / got; printf "%d", m < 2 ? 2 : m + 0.5}')
c=$conns
echo "capacity $capacity req/s; soak at $load of it: $c connections, each waiting $delay ms between requests"

start=$(date +%s)
echo "t_s rss_mb heap_mb" > "$out/memory.txt"
( while kill -0 $pid 2>/dev/null; do sample >> "$out/memory.txt"; sleep 10; done ) &
sampler=$!
printf 'minute\treq_s\tshare\tp99_ms\tstatuses\n' | tee "$out/minutes.tsv"
for m in $(seq 1 "$minutes"); do
  DELAY_MS=$delay wrk -t2 -c"$c" -d60s --latency -s benchmarks/soak.lua "$base" > "$out/minute-$m.txt"
  rps=$(awk '/Requests\/sec/ {print $2}' "$out/minute-$m.txt")
  p99=$(awk '$1 == "99%" {v = $2; if (v ~ /us$/) {sub(/us$/, "", v); v /= 1000} else if (v ~ /ms$/) {sub(/ms$/, "", v)} else if (v ~ /s$/) {sub(/s$/, "", v); v *= 1000}; print v}' "$out/minute-$m.txt")
  st=$(grep '^statuses' "$out/minute-$m.txt" | cut -d' ' -f2-)
  share=$(awk -v r="$rps" -v cap="$capacity" 'BEGIN {printf "%.2f", r / cap}')
  printf '%s\t%s\t%s\t%s\t%s\n' "$m" "$rps" "$share" "$p99" "$st" | tee -a "$out/minutes.tsv"
done
kill $sampler 2>/dev/null || true
sample >> "$out/memory.txt"

awk -v minutes="$minutes" 'NR > 1 { t[NR] = $1; r[NR] = $2; h[NR] = $3; n = NR }
  END {
    from = (minutes - 8) * 60; first = 0
    for (i = 2; i <= n; i++) if (t[i] >= from && !first) first = i
    if (!first) first = 2
    printf "RSS %d MB at %d s -> %d MB at %d s: %+.1f%% over the last %d s; heap %d -> %d MB\n",
      r[first], t[first], r[n], t[n], 100 * (r[n] - r[first]) / r[first], t[n] - t[first], h[first], h[n]
  }' "$out/memory.txt" | tee "$out/summary.txt"
awk -F'\t' 'NR > 1 { n = split($5, kv, " "); for (i = 1; i <= n; i++) { split(kv[i], p, "="); s[p[1]] += p[2] } }
  END { line = "answers:"; for (k in s) line = line " " k "=" s[k]; print line;
        f = 0; for (k in s) if (k >= 500) f += s[k]; print "5xx: " f }' "$out/minutes.tsv" | tee -a "$out/summary.txt"
awk -F'\t' 'NR > 1 { v = $4 + 0; if (min == "" || v < min) min = v; if (v > max) max = v }
  END { printf "p99 per minute: %.1f to %.1f ms\n", min, max }' "$out/minutes.tsv" | tee -a "$out/summary.txt"
echo "files in $out"
