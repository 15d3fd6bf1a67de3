# Shared by the benchmark scripts (source it): wrk_row LABEL CONCURRENCY URL runs wrk with
# post.lua ($BODY) for $duration and prints one Markdown row: req/s, p50/p90/p99 ms, non-2xx.
wrk_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[^m]s$/) n *= 1000; printf "%.2f", n }'; }

wrk_row() {
  local label=$1 c=$2 url=$3 threads out rps p50 p90 p99 errors
  threads=$(( c < 2 ? 1 : 2 ))
  out=$(wrk -t"$threads" -c"$c" -d"$duration" --latency -s "$here/post.lua" "$url")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p90=$(awk '$1=="90%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  echo "| $label | $c | $rps | $(wrk_ms "$p50") | $(wrk_ms "$p90") | $(wrk_ms "$p99") | ${errors:-0} |"
}
