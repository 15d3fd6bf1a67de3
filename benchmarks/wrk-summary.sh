# Sourced by batching.sh, batch-endpoint.sh and cache.sh: runs wrk with texts.lua and prints one summary
# line per run; reads zerocold's Prometheus counters; medians.

# wrk_run LABEL CONCURRENCY DURATION URL: wrk --latency with texts.lua (its env: MODEL TEXTS UNIQUE RUN_ID
# BATCH). Prints "LABEL: c=C, R req/s, p50 X ms, p99 Y ms, non-2xx N, socket errors S" and sets that line
# as SUMMARY, and RPS P50 P99 NON2XX SOCKERR. RAW=file appends wrk's full output there.
# Call it directly (not in $(…) or a pipe), or the variables are lost; redirect it to hide the line.
wrk_run() {
  local label=$1 c=$2 duration=$3 url=$4 threads out
  threads=$(( c < 2 ? 1 : 2 ))
  out=$(wrk -t"$threads" -c"$c" -d"$duration" --latency -s "$(dirname "${BASH_SOURCE[0]}")/texts.lua" "$url")
  [ -n "${RAW:-}" ] && printf '## %s\n%s\n' "$label" "$out" >> "$RAW"
  read -r RPS P50 P99 NON2XX SOCKERR < <(awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /m$/) return v * 60000; return v * 1000 }
    $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
    /^Requests\/sec/ { rps = $2 }
    /^non2xx:/ { non2xx = $2 }
    /Socket errors/ { gsub(",", ""); se = $4 + $6 + $8 + $10 }
    END { printf "%.1f %.2f %.2f %d %d\n", rps, p50, p99, non2xx, se }' <<<"$out")
  SUMMARY="$label: c=$c, $RPS req/s, p50 $P50 ms, p99 $P99 ms, non-2xx $NON2XX, socket errors $SOCKERR"
  echo "$SUMMARY"
}

# cache_counts BASE_URL [MODEL]: prints "HITS MISSES" of zerocold_cache_requests_total for MODEL (default
# sentiment), summed over versions; "- -" when the server exports no such counter.
cache_counts() {
  curl -fsS "$1/q/metrics" 2>/dev/null | awk -v model="${2:-sentiment}" '
    /^zerocold_cache_requests_total\{/ && index($0, "model=\"" model "\"") {
      found = 1
      if (index($0, "result=\"hit\"")) hit += $NF
      else if (index($0, "result=\"miss\"")) miss += $NF
    }
    END { if (found) printf "%d %d\n", hit, miss; else print "- -" }'
}

# mean_batch BASE_URL [MODEL]: zerocold_batch_size sum/count for MODEL (default sentiment), or "n/a"
mean_batch() {
  curl -fsS "$1/q/metrics" 2>/dev/null | awk -v model="${2:-sentiment}" '
    /^zerocold_batch_size_(sum|count)\{/ && index($0, "model=\"" model "\"") {
      if ($1 ~ /^zerocold_batch_size_sum/) s += $NF; else n += $NF
    }
    END { if (n > 0) printf "%.2f\n", s / n; else print "n/a" }'
}

# median V1 V2 …: the median (mean of the two middle values for an even count)
median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
