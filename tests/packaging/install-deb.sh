#!/usr/bin/env bash
# Builds the .deb with CPack, unpacks it into a scratch root with dpkg -x, and
# runs the installed CLI and the installed clang-tidy plugin from there.
set -euo pipefail
build="$1" work="$2" clang_tidy="$3"
rm -rf "$work" && mkdir -p "$work"
(cd "$work" && cpack -G DEB --config "$build/CPackConfig.cmake" >cpack.log 2>&1) || {
  cat "$work/cpack.log" >&2
  exit 1
}
deb=$(ls "$work"/threadlint_*.deb)
echo "package: $(basename "$deb")"
dpkg-deb -f "$deb" Depends | tee "$work/depends"
grep -q "libclang-cpp19" "$work/depends"

root="$work/root"
dpkg -x "$deb" "$root"
cli="$root/usr/bin/threadlint"
plugin=$(find "$root/usr/lib" -name 'libthreadlint-tidy.so')
test -x "$cli"
test -n "$plugin"
test -f "$root/usr/share/doc/threadlint/rules/threadlint-detached-thread.md"
test -f "$root/usr/share/doc/threadlint/README.md"

"$cli" --version
printf '#include <thread>\nvoid f(std::thread &t) {\n  t.detach();\n}\n' >"$work/detach.cpp"
# The work directory is under the build tree's tests/: not test code here.
printf "CheckOptions:\n  TestFileRegex: '^\$'\n" >"$work/.clang-tidy"
status=0
"$cli" "$work/detach.cpp" -- -std=c++20 >"$work/cli.out" 2>&1 || status=$?
cat "$work/cli.out"
test "$status" -eq 1
grep -q "detach.cpp:3:5: warning: detaching thread 't'" "$work/cli.out"

"$clang_tidy" -load="$plugin" --checks='-*,threadlint-detached-thread' "$work/detach.cpp" \
  -- -std=c++20 >"$work/tidy.out" 2>&1 || true
cat "$work/tidy.out"
grep -q "detach.cpp:3:5: warning: detaching thread 't'.*\[threadlint-detached-thread\]" "$work/tidy.out"
echo ok
