#!/usr/bin/env bash
# ANN benchmark of Lucene's HNSW vectors on disk (no server): recall@10 against brute force,
# single-thread query p50/p99, build time, bytes per vector; see benchmarks/ann/README.md.
#
# Compiles only src/test/java/dev/zerocold/search/bench/AnnBenchmark.java (javac against the
# project's test classpath, resolved offline by Maven), so it needs no build of the app.
# Usage: benchmarks/ann/run.sh [name=value ...]   e.g. sizes=10000 queries=200
# Env: TIMEOUT (default 1200 s for the whole Java run), JAVA (default java), HEAP (default 2g).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
out_dir="benchmarks/ann/results/$(date -u +%Y%m%d)"
classes=target/ann-bench-classes
mkdir -p "$out_dir" "$classes"

cp_file=target/ann-bench-classpath.txt
timeout 300 ./mvnw -o -q dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$root/$cp_file" >/dev/null
cp="$(cat "$cp_file")"
timeout 120 javac -d "$classes" -cp "$cp" src/test/java/dev/zerocold/search/bench/AnnBenchmark.java

log="$out_dir/run.txt"
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "commit: $(git rev-parse --short HEAD)$([ -z "$(git status --porcelain -- src/test/java/dev/zerocold/search/bench)" ] || echo " (benchmark source differs from the commit)")"
  echo "machine: $(nproc) vCPU $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GB RAM, $(uname -sr)"
  echo "java: $(${JAVA:-java} -version 2>&1 | head -1), -Xmx${HEAP:-2g}, Lucene 9.12.3"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "command: benchmarks/ann/run.sh $*"
} | tee "$log"
timeout "${TIMEOUT:-1200}" "${JAVA:-java}" -Xms"${HEAP:-2g}" -Xmx"${HEAP:-2g}" -cp "$classes:$cp" \
  dev.zerocold.search.bench.AnnBenchmark out="$out_dir" "$@" 2>&1 | tee -a "$log"
echo "results: $out_dir/ann.csv, log $log"
