#!/usr/bin/env bash
# Installs Microsoft's SARIF Multitool from the npm registry into a directory
# of the build tree (once); the validation itself then runs offline.
set -euo pipefail
prefix="$1"
version="5.7.0"
tool="$prefix/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
if [ ! -f "$tool" ]; then
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error \
    "@microsoft/sarif-multitool@$version"
fi
# npm may skip the package's install script that marks the binary executable.
chmod u+x "$tool"
"$tool" --version | head -1
