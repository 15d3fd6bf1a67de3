#!/usr/bin/env bash
# Builds zerocold's JVM variants and measures their cold start side by side (interleaved runs):
#   fast-jar on JDK 17, fast-jar on JDK 25, and JDK 25 with the Quarkus AOT cache trained by the
#   integration tests (with the default JIT, and with C1 only: -XX:TieredStopAtLevel=1); plus a
#   native executable when NATIVE=path/to/zerocold-runner is given.
# Usage: benchmarks/coldstart/run.sh            (RUNS=5 by default; needs python3 and a free port 8080)
#   SKIP_BUILD=1 reuses the builds of the previous run; APPEND=1 adds rounds to runs.csv instead of
#   starting it afresh (the table then covers all rounds). JDK17 / JDK25 name the JDK homes.
#   The table is followed by the machine's first-touch cost (benchmarks/peers/page_touch.py: ms to
#   touch 100 MB of fresh memory) at the start and the end of the runs, kept in page-touch.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
JDK17=${JDK17:-/usr/lib/jvm/java-17-openjdk-amd64}
JDK25=${JDK25:-$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -n 1)}
RUNS=${RUNS:-5}
[ -x "$JDK25/bin/java" ] || { echo "set JDK25 to a JDK 25 home" >&2; exit 1; }

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "building fast-jar (JDK 17)" >&2
  JAVA_HOME=$JDK17 ./mvnw -B -q package -DskipTests
  rm -rf target/coldstart && mkdir -p target/coldstart && cp -r target/quarkus-app target/coldstart/fast-jar

  echo "building aot-jar and training its AOT cache with the integration tests (JDK 25)" >&2
  # The cache is only used when the run's flags match the recording's: record with the same
  # --enable-native-access the runs below use (ONNX Runtime is a JNI library).
  JAVA_HOME=$JDK25 ./mvnw -B -q verify -Dquarkus.package.jar.aot.enabled=true -Dquarkus.package.jar.aot.type=AOT \
    "-Dquarkus.package.jar.aot.additional-recording-args=--enable-native-access=ALL-UNNAMED" \
    -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
  [ -f target/quarkus-app/app.aot ] || { echo "no AOT cache was produced" >&2; exit 1; }
fi

jdk25="$JDK25/bin/java --enable-native-access=ALL-UNNAMED"
modes=(
  "fast-jar, JDK 17=$JDK17/bin/java -jar target/coldstart/fast-jar/quarkus-run.jar"
  "fast-jar, JDK 25=$jdk25 -jar target/coldstart/fast-jar/quarkus-run.jar"
  "aot-jar + AOT cache, JDK 25=$jdk25 -XX:AOTCache=target/quarkus-app/app.aot -jar target/quarkus-app/quarkus-run.jar"
  "aot-jar + AOT cache + C1 only, JDK 25=$jdk25 -XX:AOTCache=target/quarkus-app/app.aot -XX:TieredStopAtLevel=1 -jar target/quarkus-app/quarkus-run.jar"
)
if [ -n "${NATIVE:-}" ]; then
  modes+=("native=$NATIVE")
fi
image_args=()
if [ -f benchmarks/data/fashion-mnist-test-0.png ]; then
  image_args=(--image benchmarks/data/fashion-mnist-test-0.png)
fi
append_args=()
if [ "${APPEND:-0}" = 1 ]; then
  append_args=(--append)
else
  : > benchmarks/coldstart/page-touch.txt
fi
first_touch() {  # first_touch LABEL: the cost of touching fresh memory here, now, added to page-touch.txt
  echo "$1 ($(date -u +%FT%TZ)): $(timeout 120 /usr/bin/python3 -B benchmarks/peers/page_touch.py \
    || echo 'first touch: not measured')" | tee -a benchmarks/coldstart/page-touch.txt
}
touch_ms() { sed -nE 's/.* ([0-9]+) ms per 100 MB.*/\1/p' <<< "$1" | grep . || echo "?"; }
touch_start=$(first_touch start); echo "$touch_start" >&2
python3 benchmarks/coldstart/measure.py --runs "$RUNS" --out benchmarks/coldstart/runs.csv "${append_args[@]}" \
  "${image_args[@]}" "${modes[@]}"
touch_end=$(first_touch end)
echo "first touch: $(touch_ms "$touch_start")→$(touch_ms "$touch_end") ms per 100 MB of fresh memory (start→end of the runs)"
