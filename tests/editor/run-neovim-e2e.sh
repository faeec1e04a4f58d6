#!/usr/bin/env bash
# Runs Neovim headless with its built-in LSP client against `threadlint lsp`.
set -euo pipefail
threadlint="$1" source="$2" work="$3"
rm -rf "$work" && mkdir -p "$work"
cp "$source/fixture.cpp" "$work/fixture.cpp"
# The work directory is under the build tree's tests/: the fixture stands for
# production code, where every rule reports.
printf "CheckOptions:\n  TestFileRegex: '^\$'\n" >"$work/.clang-tidy"
export THREADLINT="$threadlint" FIXTURE="$work/fixture.cpp"
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_STATE_HOME="$work/state"
timeout 180 nvim --headless --clean -u NONE -c "luafile $source/neovim-e2e.lua" 2>&1
