#!/usr/bin/env bash
# Installs CRIU 4.2 from Debian sid into a private prefix, without touching the system: a private apt
# state (its own sources list, package lists and cache) resolves criu's dependencies in sid,
# downloads them and unpacks them with `dpkg -x` into $CRIU_HOME. The `criu` script next to this one
# runs that criu through the prefix's own loader and libraries (sid's libc), so the system's libc is
# never upgraded. Why sid: bookworm's criu 3.17 fails this kernel's vDSO check and trixie's 4.1 cannot
# dump TCP sockets on it; sid's 4.2.1 checks "Looks good", lazy pages included.
#
# It also writes $CRIU_HOME/bin/criu, a shim with both absolute paths baked in, for programs that find
# criu on the PATH: podman's runc runs it for `podman container checkpoint/restore` with another HOME,
# where the `criu` script would look in the wrong prefix. Use: PATH=$CRIU_HOME/bin:$PATH podman ...
#
# Usage: install-criu.sh        (CRIU_HOME, default ~/.cache/zerocold/criu; needs root for criu itself
#                                and network access to deb.debian.org or DEBIAN_MIRROR; APT_OPTS are
#                                more apt options, e.g. -o Acquire::Check-Valid-Until=false for a
#                                mirror that serves a frozen copy of the archive)
set -euo pipefail
prefix=${CRIU_HOME:-$HOME/.cache/zerocold/criu}
case $prefix in /*) ;; *) prefix=$PWD/$prefix ;; esac
wrapper=$(cd "$(dirname "$0")" && pwd)/criu
shim() {
  mkdir -p "$prefix/bin"
  printf '#!/bin/sh\n# written by install-criu.sh\nCRIU_HOME=%s exec %s "$@"\n' "'$prefix'" "'$wrapper'" > "$prefix/bin/criu"
  chmod +x "$prefix/bin/criu"
  echo "criu for the PATH (podman): $prefix/bin"
}
if [ -x "$prefix/usr/sbin/criu" ]; then
  echo "criu already in $prefix"
  shim
  exit 0
fi
state=$(mktemp -d)
trap 'rm -rf "$state"' EXIT
mkdir -p "$state/lists/partial" "$state/cache/archives/partial" "$state/debs"
: > "$state/status"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] ${DEBIAN_MIRROR:-http://deb.debian.org/debian} sid main" \
  > "$state/sources.list"
apt=(-o "Dir::Etc::SourceList=$state/sources.list" -o Dir::Etc::SourceParts=/nonexistent
     -o "Dir::State::Lists=$state/lists" -o "Dir::Cache=$state/cache" -o "Dir::State::status=$state/status"
     -o Debug::NoLocking=1 -o APT::Sandbox::User=root ${APT_OPTS:-})
apt-get "${apt[@]}" -qq update
# With an empty status file nothing counts as installed: the closure is every library criu needs.
mapfile -t packages < <(apt-cache "${apt[@]}" depends --recurse --no-recommends --no-suggests \
  --no-conflicts --no-breaks --no-replaces --no-enhances criu | grep -v '^[ <]' | sort -u)
(cd "$state/debs" && apt-get "${apt[@]}" -qq download "${packages[@]}")
rm -rf "$prefix.partial" && mkdir -p "$prefix.partial"
for deb in "$state"/debs/*.deb; do
  dpkg -x "$deb" "$prefix.partial"
done
rm -rf "$prefix" && mv "$prefix.partial" "$prefix"
"$wrapper" --version
shim
