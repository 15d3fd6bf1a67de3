# Sourced by the image scripts: how containers run on the project's build machines.
# - runc, not crun: Debian's crun 1.8 refuses these machines' hybrid cgroups.
# - explicit ulimits: these machines withhold CAP_SYS_RESOURCE, so a container cannot be given
#   more than the current hard limit, which podman would otherwise ask for.
# - the host network (run only): no container network plugin is needed.
# shellcheck shell=bash

PODMAN=(podman --runtime runc)
PODMAN_LIMITS=(--ulimit "nofile=$(ulimit -Hn):$(ulimit -Hn)" --ulimit nproc=32768:32768)

# podman_tools: installs podman, buildah, runc and debootstrap with apt-get when one is missing.
podman_tools() {
  local missing=()
  for tool in podman buildah runc debootstrap; do
    command -v "$tool" > /dev/null || missing+=("$tool")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || { echo "missing ${missing[*]}: apt-get install -y podman buildah runc debootstrap" >&2; return 1; }
  echo "installing ${missing[*]}"
  timeout 300 apt-get update -qq > /dev/null
  DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq podman buildah runc debootstrap > /dev/null
}

# image_mb IMAGE: the image's size in MB (uncompressed, as podman images shows it)
image_mb() {
  podman image inspect "$1" --format '{{.Size}}' | awk '{printf "%.0f", $1 / 1e6}'
}
