#!/usr/bin/env bash
# The dogfood mechanism in miniature (CI runs the whole of `make lint`): two of
# our own sources are clean under the repository's .clang-tidy with our plugin
# loaded, and a control file that breaks both a clang-tidy rule and one of
# ours is caught by the same command.
set -euo pipefail
clang_tidy="$1" plugin="$2" source="$3" build="$4" work="$5"
rm -rf "$work" && mkdir -p "$work"
lint() {
  "$clang_tidy" -p "$build" -load="$plugin" --config-file="$source/.clang-tidy" --quiet \
    --warnings-as-errors='*' "$@"
}
lint "$source/src/engine/Diagnostic.cpp" "$source/rules/names/PerKeyMutexRule.cpp"

# The control stands outside the source tree: under tests/ it would be test
# code, where threadlint's production-code rules stay quiet.
control=$(mktemp -d)
trap 'rm -rf "$control"' EXIT
cat >"$control/control.cpp" <<'CPP'
#include <thread>
void Start_worker(std::thread &worker) { worker.detach(); }
CPP
if lint "$control/control.cpp" -- -std=c++20 >"$work/control.log" 2>&1; then
  echo "the control file passed: the lint checks nothing" >&2
  exit 1
fi
grep -q "readability-identifier-naming" "$work/control.log"
grep -q "threadlint-detached-thread" "$work/control.log"
echo "ok: our sources are clean and the control is caught"
