#!/usr/bin/env bash
# Warms a running zerocold with a requests file: each line (PATH CONTENT_TYPE BODY, a file next to the
# requests file) is sent up to COUNT times, two at a time over kept-alive connections, for at most
# SECONDS; {n} in a one-line body becomes the request's number (distinct inputs, so a prediction
# cache does not answer in place of the model). A line that does not answer 200 is skipped with a
# warning (a model that is not served). Used by take.sh before a dump and by
# benchmarks/containers/checkpoint.sh before a container checkpoint.
#
# usage: warm-up.sh BASE_URL REQUESTS_FILE COUNT SECONDS
set -euo pipefail
[ $# -eq 4 ] || { sed -n '2,/^set -/p' "$0" | sed 's/^# \{0,1\}//; $d' >&2; exit 2; }
base=$1 warmup=$2 count=$3 seconds=$4
started=$(date +%s%N)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
kinds=0
while read -r path type body; do
  case $path in ''|'#'*) continue ;; esac
  file=$(dirname "$warmup")/$body
  status=$(timeout 120 curl -s -o /dev/null -w "%{http_code}" -H "Content-Type: $type" --data-binary @"$file" "$base$path" || true)
  if [ "$status" != 200 ]; then
    echo "warm-up: skipping $path ($body): HTTP $status" >&2
    continue
  fi
  kinds=$((kinds + 1))
  awk -v count="$count" -v url="$base$path" -v type="$type" -v file="$file" '
    { gsub(/\\/, "\\\\"); gsub(/"/, "\\\""); body = body $0 }
    END { templated = index(body, "{n}") > 0
          for (i = 1; i <= count; i++) {
            if (templated) { b = body; gsub(/\{n\}/, i, b); data = b } else { data = "@" file }
            printf "next\nurl = \"%s\"\nheader = \"Content-Type: %s\"\ndata-binary = \"%s\"\noutput = \"/dev/null\"\n", url, type, data } }' \
    "$file" > "$work/curl.config"
  timeout "$seconds" curl -s --no-progress-meter --parallel --parallel-max 2 -K "$work/curl.config" || true
done < "$warmup"
[ "$kinds" -gt 0 ] || { echo "no warm-up request of $warmup was answered" >&2; exit 1; }
echo "warm-up: $kinds request kinds, ${seconds} s or $count requests each, in $(( ($(date +%s%N) - started) / 1000000 )) ms"
