#!/usr/bin/env bash
# The browser test's set-up: Debian's Chromium (installed when missing, as
# root or through sudo) and puppeteer-core from the npm registry, into a
# directory of the build tree. Nothing is downloaded by puppeteer itself: it
# drives the system's /usr/bin/chromium.
set -euo pipefail
prefix="$1"
if ! command -v chromium >/dev/null 2>&1; then
  echo "installing Debian's chromium for the browser test" >&2
  as_root=()
  if [ "$(id -u)" -ne 0 ]; then as_root=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get install -y -q --no-install-recommends chromium >/dev/null ||
    { "${as_root[@]}" apt-get update -q >/dev/null &&
      "${as_root[@]}" apt-get install -y -q --no-install-recommends chromium >/dev/null; }
fi
if [ ! -d "$prefix/node_modules/puppeteer-core" ]; then
  mkdir -p "$prefix"
  PUPPETEER_SKIP_DOWNLOAD=1 npm install --prefix "$prefix" --no-audit --no-fund \
    --loglevel=error puppeteer-core@24
fi
chromium --version
