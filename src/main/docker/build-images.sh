#!/usr/bin/env bash
# Builds the project's container images with podman on a machine without a container registry:
#   1. the Debian base (base/build-base.sh: debootstrap minbase, scrubbed, imported), unless BASE names one;
#   2. a JDK 25 build image from the machine's own JDK 25 (JDK25_HOME, default /usr/lib/jvm/temurin-25*),
#      laid out like eclipse-temurin's (/opt/java/openjdk), unless JDK names one;
#   3. the images asked for, from the project's Dockerfiles: jvm (Dockerfile.jvm), jvm-aot
#      (Dockerfile.jvm-aot, on top of jvm), jvm-snapshot (Dockerfile.jvm-snapshot, on top of jvm-aot:
#      a CRIU snapshot taken at build time; needs network for Debian's criu, and privileges).
# Then prints each image's size. With a registry, BASE and JDK can name registry images instead
# (e.g. BASE=docker.io/library/debian:bookworm-slim JDK=docker.io/library/eclipse-temurin:25-jdk).
#
# usage: src/main/docker/build-images.sh [jvm] [jvm-aot] [jvm-snapshot]   (default: all three; as root)
# env:   SKIP_PACKAGE=1 uses target/quarkus-app as it is (else ./mvnw package -DskipTests first)
#        TAG_PREFIX (default localhost/zerocold), BASE, JDK, JDK25_HOME
# needs: podman, buildah, runc, debootstrap; installed with apt-get when missing.
set -euo pipefail
cd "$(dirname "$0")/../../.."
root=$PWD
docker=src/main/docker
images=("$@")
[ ${#images[@]} -gt 0 ] || images=(jvm jvm-aot jvm-snapshot)
prefix=${TAG_PREFIX:-localhost/zerocold}

# shellcheck source=src/main/docker/podman.sh
. "$docker/podman.sh"
podman_tools

if [ "${SKIP_PACKAGE:-0}" != 1 ]; then
  timeout 1200 ./mvnw -B -q package -DskipTests
fi
[ -f target/quarkus-app/quarkus-run.jar ] || { echo "no target/quarkus-app: run ./mvnw package -DskipTests" >&2; exit 1; }

if [ -z "${BASE:-}" ]; then
  BASE=localhost/zerocold-base:bookworm
  podman image exists "$BASE" || "$docker/base/build-base.sh" bookworm
fi
if [ -z "${JDK:-}" ]; then
  JDK=localhost/zerocold-jdk:25
  if ! podman image exists "$JDK"; then
    home=${JDK25_HOME:-$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -1)}
    [ -x "$home/bin/jlink" ] || { echo "no JDK 25 with jlink: set JDK25_HOME or JDK=<a JDK 25 image>" >&2; exit 1; }
    echo "$JDK from $home"
    context=$(mktemp -d)
    cp -rL "$home" "$context/jdk"  # its links (e.g. lib/security/cacerts into /etc) as files
    printf 'FROM %s\nCOPY jdk/ /opt/java/openjdk/\nENV JAVA_HOME=/opt/java/openjdk PATH=/opt/java/openjdk/bin:/usr/sbin:/usr/bin:/sbin:/bin\n' "$BASE" \
      | timeout 600 "${PODMAN[@]}" build -q -f - -t "$JDK" "$context" > /dev/null
    rm -rf "$context"
  fi
fi

# The build machine's apt date checks, for the snapshot image's apt (a frozen mirror needs them off)
apt_opts=$(apt-config dump 2>/dev/null | awk '/^Acquire::Check-(Valid-Until|Date) "false"/ {gsub(/"/, ""); printf "-o %s=false ", $1}')

for image in "${images[@]}"; do
  case "$image" in
    jvm) args=(--network none --build-arg "BASE=$BASE" --build-arg "JDK=$JDK") ;;
    jvm-aot) args=(--network none --build-arg "APP_IMAGE=$prefix:jvm" --build-arg "BASE=$BASE") ;;
    # the dump needs criu's privileges; criu and curl come from Debian
    jvm-snapshot) args=(--network host --cap-add ALL --security-opt seccomp=unconfined
                        --build-arg "APP_IMAGE=$prefix:jvm-aot" --build-arg "BASE=$BASE" --build-arg "APT_OPTS=$apt_opts") ;;
    *) echo "unknown image: $image (jvm, jvm-aot, jvm-snapshot)" >&2; exit 2 ;;
  esac
  echo "building $prefix:$image"
  started=$(date +%s)
  timeout 1200 "${PODMAN[@]}" build "${PODMAN_LIMITS[@]}" --layers -f "$docker/Dockerfile.$image" \
    "${args[@]}" -t "$prefix:$image" "$root" > "target/image-$image.log" 2>&1 \
    || { tail -30 "target/image-$image.log" >&2; exit 1; }
  echo "$prefix:$image built in $(( $(date +%s) - started )) s: $(image_mb "$prefix:$image") MB"
done
