#!/usr/bin/env bash
# Speed of a prepared ORT-format model against its ONNX form (OrtFormatBench.java): why convolutional
# networks stay ONNX when the build prepares them (runtime/onnx/PreparedModels.hasConvolutions).
# usage: benchmarks/prepared-models/run.sh MODEL.onnx [RUNS]    (after ./mvnw package; the
#        ORT-format copy is written to target/prepared-bench/ first, as the build would prepare it)
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -ge 1 ] || { sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
mkdir -p target/prepared-bench
jar=$(ls target/quarkus-app/lib/main/com.microsoft.onnxruntime.onnxruntime-*.jar)
timeout 600 java -Donnxruntime.native.path=target/quarkus-app/native/onnxruntime -cp "$jar" \
  benchmarks/prepared-models/OrtFormatBench.java "$1" "target/prepared-bench/$(basename "$1").ort" "${2:-2000}"
