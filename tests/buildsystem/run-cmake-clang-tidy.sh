#!/usr/bin/env bash
# Configures and builds tests/buildsystem/project with threadlint as
# CMAKE_CXX_CLANG_TIDY and checks the warning shows up in the build output,
# with and without --fail-on deciding whether the build fails.
set -euo pipefail
threadlint="$1" source="$2" work="$3"
rm -rf "$work"

build() {
  local dir="$1" tidy="$2"
  cmake -S "$source" -B "$dir" -G Ninja -DCMAKE_CXX_COMPILER=g++ \
    "-DCMAKE_CXX_CLANG_TIDY=$tidy" >/dev/null
  cmake --build "$dir" 2>&1
}

echo "--- warnings do not fail the build with --fail-on=none"
output=$(build "$work/lenient" "$threadlint;--fail-on=none;--checks=-*,threadlint-detached-thread")
echo "$output"
grep -q "main.cpp:7:10: warning: detaching thread 'worker'" <<<"$output"
grep -q "\[threadlint-detached-thread\]" <<<"$output"
test -x "$work/lenient/worker"

echo "--- the default policy fails the build on a finding"
if output=$(build "$work/strict" "$threadlint;--checks=-*,threadlint-detached-thread"); then
  echo "the build should have failed on the finding" >&2
  exit 1
fi
echo "$output"
grep -q "main.cpp:7:10: warning: detaching thread 'worker'" <<<"$output"
echo "ok"
