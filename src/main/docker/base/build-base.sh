#!/usr/bin/env bash
# Builds the project's base image on a machine without a container registry: a minimal Debian
# (debootstrap --variant=minbase) imported into podman as localhost/zerocold-base:<suite>. The Debian
# mirror is the one this machine's apt already uses (read from its sources, never written into the
# repository); before the import, the rootfs is scrubbed of that mirror's host name: its apt
# sources point at deb.debian.org and the bootstrap log is removed. Documentation, manuals and
# translations are left out, as in Debian's -slim images. With a registry, the
# Dockerfiles' ARG BASE takes any Debian image instead and this script is not needed.
#
# usage: src/main/docker/base/build-base.sh [suite, default bookworm]   (as root: debootstrap needs it)
# needs: debootstrap, podman (apt-get install -y debootstrap podman buildah runc)
# env:   MIRROR (default: the first Debian URI of /etc/apt/sources.list.d/debian.sources or sources.list)
#        IMAGE (default localhost/zerocold-base:<suite>)
set -euo pipefail
SUITE="${1:-bookworm}"
IMAGE="${IMAGE:-localhost/zerocold-base:$SUITE}"
for tool in debootstrap podman; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install -y debootstrap podman buildah runc" >&2; exit 1; }
done
[ "$(id -u)" = 0 ] || { echo "debootstrap needs root" >&2; exit 1; }
if [ -z "${MIRROR:-}" ]; then
  MIRROR=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$MIRROR" ] || MIRROR=$(awk '$1 == "deb" && $2 !~ /security/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  [ -n "$MIRROR" ] || MIRROR=http://deb.debian.org/debian
fi
host=$(sed -E 's#^[a-z]+://([^/:]+).*#\1#' <<< "$MIRROR")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
echo "debootstrap $SUITE (minbase)"
timeout 900 debootstrap --variant=minbase "$SUITE" "$rootfs" "$MIRROR" > "$work/debootstrap.log" 2>&1 \
  || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
# Scrub the mirror: sources that any user can use, no bootstrap log, no apt lists or caches.
cat > "$rootfs/etc/apt/sources.list" <<SOURCES
deb http://deb.debian.org/debian $SUITE main
deb http://deb.debian.org/debian-security $SUITE-security main
SOURCES
rm -f "$rootfs/etc/apt/sources.list.d/"* "$rootfs/var/log/bootstrap.log"
# Slim, as Debian's -slim images are: no documentation (copyright files stay), manuals or translations,
# now and for packages installed later (dpkg's path excludes).
cat > "$rootfs/etc/dpkg/dpkg.cfg.d/slim" <<'EXCLUDES'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
path-exclude /usr/share/lintian/*
EXCLUDES
find "$rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete
rm -rf "$rootfs/usr/share/man/"* "$rootfs/usr/share/info/"* "$rootfs/usr/share/lintian/"*
find "$rootfs/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} +
rm -rf "$rootfs/var/lib/apt/lists/"* "$rootfs/var/cache/apt/"*.bin "$rootfs/var/cache/apt/archives/"*.deb
if [ "$host" != deb.debian.org ] && grep -rIlsF "$host" "$rootfs/etc" "$rootfs/var" > "$work/left" 2>/dev/null; then
  echo "the mirror's host name is still in: $(tr '\n' ' ' < "$work/left")" >&2
  exit 1
fi
tar -C "$rootfs" -c . | podman import --change 'CMD ["/bin/bash"]' - "$IMAGE" > /dev/null
echo "$IMAGE: $(podman image inspect "$IMAGE" --format '{{.Size}}' | awk '{printf "%.0f MB", $1 / 1e6}')"
