#!/usr/bin/env bash
# Makes sure a Chromium browser is installed for the browser tests (ChatPageTest) and prints its path.
# On PATH already: prints it. Otherwise, as root on a system with apt-get (Debian, Ubuntu), installs
# Debian's chromium package. Otherwise exits non-zero saying how to install it.
set -euo pipefail

if path="$(command -v chromium)"; then
  echo "$path"
  exit 0
fi

if [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null 2>&1; then
  echo "chromium not found; installing it with apt-get" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >&2
  if path="$(command -v chromium)"; then
    echo "$path"
    exit 0
  fi
  echo "apt-get installed chromium but it is not on PATH" >&2
  exit 1
fi

echo "chromium is not installed. Install it (Debian/Ubuntu: sudo apt-get install chromium;" \
  "elsewhere your package manager's chromium package) and make sure 'chromium' is on PATH." >&2
exit 1
