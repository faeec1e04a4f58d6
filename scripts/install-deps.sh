#!/usr/bin/env bash
# Installs every Debian package threadlint needs to build, test and run its
# demo. Idempotent: packages already present are not touched, and apt is not
# consulted at all when nothing is missing.
set -euo pipefail

packages=(
  llvm-19-dev libclang-19-dev libclang-cpp19-dev clang-19 clang-tidy-19 clang-tools-19
  libc++-19-dev libc++abi-19-dev
  nlohmann-json3-dev libgtest-dev libgmock-dev
  cmake ninja-build make g++ ccache git
  python3 python3-jsonschema neovim libclang-rt-19-dev graphviz
  catch2 doctest-dev libboost-test-dev bear meson
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$package")
  fi
done

# The SARIF validator comes from the npm registry; any Node.js with npm will
# do (a machine may carry NodeSource's instead of Debian's).
if ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "threadlint: installing missing packages: ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "threadlint: need root or sudo to install: ${missing[*]}" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -q
"${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
