# Shared by the benchmark scripts: checks the service, runs wrk and prints Markdown table rows.

# require_service BASE_URL: exits unless wrk is installed and the service at BASE_URL is ready
require_service() {
  command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
  curl -fsS "$1/q/health/ready" >/dev/null || { echo "service at $1 is not ready" >&2; exit 1; }
}

# warm_and_measure LABEL WARMUP DURATION LUA_SCRIPT URL: a warm-up run at c=32, then rows at c=1 and 32
warm_and_measure() {
  wrk -t2 -c32 -d"$2" -s "$4" "$5" >/dev/null
  for c in 1 32; do
    table_row "$1" "$c" "$3" "$4" "$5"
  done
}
table_header() {
  echo "| workload | concurrency | req/s | p50 ms | p90 ms | p99 ms | non-2xx |"
  echo "|---|---|---|---|---|---|---|"
}

# table_row LABEL CONCURRENCY DURATION LUA_SCRIPT URL
table_row() {
  local label=$1 c=$2 duration=$3 script=$4 url=$5 threads out
  threads=$(( c < 2 ? 1 : 2 ))
  out=$(wrk -t"$threads" -c"$c" -d"$duration" --latency -s "$script" "$url")
  ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[^m]s$/) n *= 1000; printf "%.2f", n }'; }
  local rps p50 p90 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p90=$(awk '$1=="90%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  echo "| $label | $c | $rps | $(ms "$p50") | $(ms "$p90") | $(ms "$p99") | ${errors:-0} |"
}
