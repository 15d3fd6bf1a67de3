#!/bin/sh
# Writes the root filesystem the runtime images start from (Dockerfile.jvm's `FROM scratch`): only
# what the JVM and the app's native libraries load from the operating system, taken from the Debian
# base this runs in. ldd lists it for every program and library under the given folders; plus dash as
# /bin/sh (the images' entrypoint), the users (root, zerocold 1001 in group 0), a world-writable /tmp,
# the state volume's folder owned by 1001, and the loader's cache. No package manager, coreutils or
# other shell: a shell in the image runs `exec java`, nothing else (docs/containers.md).
#
# Usage: runtime-root.sh ROOTFS DIR...   (e.g. /rootfs /opt/jre /deployments/native)
set -eu
root=$1
shift
mkdir -p "$root/usr/bin" "$root/usr/lib/x86_64-linux-gnu" "$root/usr/lib64" "$root/etc" \
  "$root/tmp" "$root/deployments/data"
# Debian's merged /usr layout, so that the paths the loader and binaries name all resolve
ln -s usr/bin "$root/bin"
ln -s usr/lib "$root/lib"
ln -s usr/lib64 "$root/lib64"
chmod 1777 "$root/tmp"
chown 1001:0 "$root/deployments/data"
chmod 770 "$root/deployments/data"

# The system's libraries only (the JDK's and the app's own come with their folders), dash's included
{
  for dir in "$@"; do
    find "$dir" -type f \( -name '*.so*' -o -perm -u+x \) -exec ldd {} \; 2>/dev/null
  done
  ldd /usr/bin/dash
} | awk '$2 == "=>" && $3 ~ /^\// { print $3 }' | sort -u | while read -r lib; do
  case $(readlink -f "$lib") in
    /usr/lib/x86_64-linux-gnu/*|/lib/x86_64-linux-gnu/*) cp -L "$lib" "$root/usr/lib/x86_64-linux-gnu/" ;;
  esac
done
# The loader, by the name every binary asks for
cp -L /lib64/ld-linux-x86-64.so.2 "$root/usr/lib64/ld-linux-x86-64.so.2"
cp -L /usr/bin/dash "$root/usr/bin/dash"
ln -s dash "$root/usr/bin/sh"
printf 'root:x:0:0:root:/root:/bin/sh\nzerocold:x:1001:0:zerocold:/deployments:/bin/sh\n' > "$root/etc/passwd"
printf 'root:x:0:\n' > "$root/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$root/etc/nsswitch.conf"
printf '/usr/lib/x86_64-linux-gnu\n' > "$root/etc/ld.so.conf"
ldconfig -r "$root"
echo "runtime root: $(du -sm "$root" | cut -f1) MB, $(ls "$root/usr/lib/x86_64-linux-gnu" | wc -l) libraries"
