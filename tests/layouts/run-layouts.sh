#!/usr/bin/env bash
# Scans that depend neither on -j, nor on the working directory, nor on the
# build system that wrote the compilation database.
#
#   run-layouts.sh THREADLINT CLANG_TIDY PLUGIN WORK_DIR [LAYOUT...]
#
# Generates odd but real project layouts under WORK_DIR (each one afresh):
#
#   build-dirs        eight files, each compiled in its own build directory with
#                     a relative -I (-Iinc or -I../inc) to a header generated
#                     there; relative and absolute "file" entries
#   relative-args     `threadlint -p build src/a.cpp ...` from the project root
#   bear-make         a recursive make ($(MAKE) -C sub, two levels deep) built
#                     with g++ and recorded by `bear -- make -j2`
#   meson             a Meson project, three targets in subdirectories, a
#                     configure_file header found through meson's relative -I
#   cmake-per-target  a CMake project, add_subdirectory per target, configured
#                     with Ninja and with Unix Makefiles (per-target directories)
#
# and scans each with `--format=json --no-cache --quiet` at -j1, -j2 and -j8
# (and from other working directories). Every report must be byte-identical,
# exit 1, list no errors and hold exactly the findings the sources mark with
# `// expect: <check>`; clang-tidy-19 with the plugin, run over each file, must
# find the same (file, line, check) triples. Prints "PASS <layout>" or
# "FAIL <layout>: <reason>" per layout and "N passed, N failed" at the end;
# exits 1 if any layout failed. WORK_DIR/<layout>/log has each layout's story.
set -euo pipefail

if [ $# -lt 4 ]; then
  echo "usage: $0 THREADLINT CLANG_TIDY PLUGIN WORK_DIR [LAYOUT...]" >&2
  exit 2
fi
all_layouts=(build-dirs relative-args bear-make meson cmake-per-target)
threadlint=$(realpath "$1")
clang_tidy=$(command -v "$2" || true)
plugin=$(realpath "$3")
mkdir -p "$4"
work=$(realpath "$4")
shift 4
layouts=("$@")
[ ${#layouts[@]} -gt 0 ] || layouts=("${all_layouts[@]}")
checker="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/layout_check.py"

for tool in "$threadlint" "$plugin"; do
  [ -e "$tool" ] || { echo "$0: $tool does not exist" >&2; exit 2; }
done
[ -n "$clang_tidy" ] || { echo "$0: clang-tidy not found: $2" >&2; exit 2; }

# ---------------------------------------------------------------- helpers ----

# Writes stdin to a file, creating its directory.
put() {
  mkdir -p "$(dirname "$1")"
  cat >"$1"
}

# Writes a Makefile from stdin: a leading "> " stands for the recipe tab.
makefile() {
  mkdir -p "$(dirname "$1")"
  sed 's/^> /\t/' >"$1"
}

# Every project carries its own .clang-tidy (no InheritParentConfig), so
# neither front end picks up the configuration of whatever directory the work
# directory happens to sit in; and a work directory under a `tests/` path
# must not make the projects' sources test code.
project_config() {
  put "$1/.clang-tidy" <<'EOF'
Checks: '-*,threadlint-*'
CheckOptions:
  TestFileRegex: '^$'
EOF
}

# A header that the finding's code needs: without it the file does not parse.
# header PATH NAMESPACE
header() {
  put "$1" <<EOF
#pragma once
#include <future>
#include <thread>

namespace $2 {
inline int step() noexcept { return 1; }
} // namespace $2
EOF
}

# C++ for one finding of KIND, using NAMESPACE::step from a header.
# finding KIND NAMESPACE FUNCTION
finding() {
  case "$1" in
    detach) cat <<EOF

void $3() {
  std::thread worker($2::step);
  worker.detach(); // expect: threadlint-detached-thread
}
EOF
      ;;
    async) cat <<EOF

void $3() {
  std::async(std::launch::async, $2::step); // expect: threadlint-discarded-async
}
EOF
      ;;
    wait) cat <<EOF

int $3(std::future<int> &pending, std::chrono::milliseconds timeout) {
  return pending.get() + $2::step(); // expect: threadlint-untimed-wait
}
EOF
      ;;
    *) echo "unknown finding kind $1" >&2; return 1 ;;
  esac
}

# Every C++ file under the given directories, into the array `marked` (the
# checker reads the `// expect:` marks from them).
sources_under() {
  mapfile -t marked < <(find "$@" -type f \( -name '*.cpp' -o -name '*.h' \) -print | sort)
}

fail() {
  echo "$*" >"$dir/reason"
  echo "FAILED: $*"
  exit 1
}

# One threadlint scan. scan LABEL CWD ARG... writes reports/LABEL.json,
# .stderr and .rc and remembers LABEL; the first label is the reference.
scan() {
  local label="$1" cwd="$2" rc=0
  shift 2
  echo "+ (cd $cwd && threadlint $* --format=json --no-cache --quiet)"
  (cd "$cwd" && exec "$threadlint" "$@" --format=json --no-cache --quiet) \
    >"$dir/reports/$label.json" 2>"$dir/reports/$label.stderr" || rc=$?
  echo "$rc" >"$dir/reports/$label.rc"
  echo "  exit $rc: $(python3 "$checker" describe "$root" "$dir/reports/$label.json")"
  head -n 20 "$dir/reports/$label.stderr" | sed 's/^/  stderr: /'
  labels+=("$label")
}

# Checks every remembered scan: exit 1, no errors, exactly COUNT findings
# (those the sources mark), byte-identical to the first scan.
# verify_scans COUNT SOURCE...
verify_scans() {
  local count="$1" reference="${labels[0]}" label rc problem
  local -A runs_with=()
  local problems=()
  shift
  for label in "${labels[@]}"; do
    rc=$(cat "$dir/reports/$label.rc")
    problem=$(python3 "$checker" report "$root" "$dir/reports/$label.json" "$count" "$@") || true
    if [ "$rc" != 1 ]; then
      problem="exit $rc${problem:+, $problem}"
    fi
    if [ -z "$problem" ] && [ "$label" != "$reference" ] &&
       ! cmp -s "$dir/reports/$reference.json" "$dir/reports/$label.json"; then
      problem="report differs from $reference's: $(cmp "$dir/reports/$reference.json" \
        "$dir/reports/$label.json" 2>&1 | sed 's/.*differ: //')"
    fi
    if [ -n "$problem" ]; then
      # Runs that went wrong the same way share one message.
      [ -n "${runs_with[$problem]:-}" ] || problems+=("$problem")
      runs_with[$problem]="${runs_with[$problem]:-}${runs_with[$problem]:+, }$label"
    fi
  done
  if [ ${#problems[@]} -gt 0 ]; then
    for problem in "${problems[@]}"; do
      printf '%s: %s | ' "${runs_with[$problem]}" "$problem"
    done | sed 's/ | $//' >"$dir/reason.scans"
    fail "$(cat "$dir/reason.scans")"
  fi
  echo "ok: ${#labels[@]} scans agree, $count findings"
}

# One clang-tidy run with the plugin. tidy CWD BUILD_DIR FILE
tidy() {
  local cwd="$1" build="$2" file="$3" n rc=0
  n=$(printf '%03d' "$tidy_runs")
  tidy_runs=$((tidy_runs + 1))
  mkdir -p "$dir/reports/tidy"
  echo "+ (cd $cwd && clang-tidy -load=plugin -checks='-*,threadlint-*' -p $build $file)"
  (cd "$cwd" && exec "$clang_tidy" "-load=$plugin" '-checks=-*,threadlint-*' -p "$build" "$file") \
    >"$dir/reports/tidy/$n.out" 2>"$dir/reports/tidy/$n.err" || rc=$?
  # clang-tidy prints paths as the compile command names them: relative ones
  # are relative to that command's directory, which the checker looks up.
  (cd "$cwd" && realpath "$build" && realpath "$file") >"$dir/reports/tidy/$n.where"
  sed 's/^/  /' "$dir/reports/tidy/$n.out"
  if [ "$rc" != 0 ]; then
    fail "clang-tidy exit $rc on $file: $(grep -m1 -E 'error:' "$dir/reports/tidy/$n.err" \
      "$dir/reports/tidy/$n.out" || head -n1 "$dir/reports/tidy/$n.err")"
  fi
}

# clang-tidy's findings against the marks and the reference scan.
verify_tidy() {
  local problem
  if ! problem=$(python3 "$checker" tidy "$root" "$dir/reports/${labels[0]}.json" \
                   "$dir/reports/tidy" "$@"); then
    fail "$problem"
  fi
  echo "ok: clang-tidy agrees ($tidy_runs runs)"
}

# ---------------------------------------------------------------- layouts ----

# (a) Eight files, eight build directories, relative includes. Odd units are
# compiled in out/modN/obj with -I../inc and a relative "file"; even ones in
# out/modN with -Iinc and an absolute "file". Each header exists only in its
# own build directory (as generated headers do) and has its own name, so a
# scan that resolves -I against any other directory cannot parse the file.
# out/compile_commands.json merges the eight per-directory databases.
layout_build_dirs() {
  local kinds=(detach async wait detach async wait detach async) i entry merged=()
  local bdirs=() includes=() files=()
  for i in 1 2 3 4 5 6 7 8; do
    { echo "#include \"mod${i}_config.h\""; finding "${kinds[$((i - 1))]}" "mod$i" "mod${i}_run"; } \
      | put "$root/src/mod$i.cpp"
    header "$root/out/mod$i/inc/mod${i}_config.h" "mod$i"
    if ((i % 2 == 1)); then
      bdirs[i]="$root/out/mod$i/obj" includes[i]="-I../inc" files[i]="../../../src/mod$i.cpp"
    else
      bdirs[i]="$root/out/mod$i" includes[i]="-Iinc" files[i]="$root/src/mod$i.cpp"
    fi
    mkdir -p "${bdirs[i]}"
    if ((i % 4 == 3)); then
      entry="{\"directory\": \"${bdirs[i]}\", \"file\": \"${files[i]}\", \"command\": \"c++ -std=c++20 ${includes[i]} -pthread -c ${files[i]} -o mod$i.o\"}"
    else
      entry="{\"directory\": \"${bdirs[i]}\", \"file\": \"${files[i]}\", \"arguments\": [\"c++\", \"-std=c++20\", \"${includes[i]}\", \"-pthread\", \"-c\", \"${files[i]}\", \"-o\", \"mod$i.o\"]}"
    fi
    printf '[\n  %s\n]\n' "$entry" >"${bdirs[i]}/compile_commands.json"
    merged+=("$entry")
  done
  { echo "["; printf '  %s,\n' "${merged[@]}" | sed '$ s/,$//'; echo "]"; } \
    >"$root/out/compile_commands.json"

  echo "--- the database is right: each entry compiles where it says"
  for i in 1 2 3 4 5 6 7 8; do
    (cd "${bdirs[i]}" && g++ -std=c++20 "${includes[i]}" -fsyntax-only "${files[i]}")
  done

  echo "--- threadlint"
  local j
  for j in 1 2 8; do
    scan "root-j$j" "$root" -p out "--source-root=$root" -j "$j"
  done
  for j in 1 2 8; do
    scan "slash-j$j" / -p "$root/out" "--source-root=$root" -j "$j"
  done
  sources_under "$root/src"
  verify_scans 8 "${marked[@]}"

  echo "--- clang-tidy, each file from its own build directory"
  for i in 1 2 3 4 5 6 7 8; do
    tidy / "${bdirs[i]}" "$root/src/mod$i.cpp"
  done
  verify_tidy "${marked[@]}"
}

# (b) Relative file arguments: `threadlint -p build src/a.cpp ...` from the
# project root, five of the database's six files (f.cpp has a finding that
# must not be reported). The database names files relative to build/.
layout_relative_args() {
  local kinds=(detach async wait detach async detach) names=(a b c d e f) i name entries=()
  header "$root/include/project.h" project
  for i in 0 1 2 3 4 5; do
    name=${names[$i]}
    mkdir -p "$root/src"
    { echo '#include "project.h"'; finding "${kinds[$i]}" project "run_$name"; } \
      | put "$root/src/$name.cpp"
    entries+=("{\"directory\": \"$root/build\", \"file\": \"../src/$name.cpp\", \"arguments\": [\"c++\", \"-std=c++20\", \"-I../include\", \"-c\", \"../src/$name.cpp\", \"-o\", \"$name.o\"]}")
  done
  mkdir -p "$root/build"
  { echo "["; printf '  %s,\n' "${entries[@]}" | sed '$ s/,$//'; echo "]"; } \
    >"$root/build/compile_commands.json"
  (cd "$root/build" && g++ -std=c++20 -I../include -fsyntax-only ../src/a.cpp)

  local args=(src/a.cpp src/b.cpp src/c.cpp src/d.cpp src/e.cpp)
  echo "--- threadlint"
  for j in 1 2 8; do
    scan "j$j" "$root" -p build "--source-root=$root" -j "$j" "${args[@]}"
  done
  marked=()
  for name in "${args[@]}"; do marked+=("$root/$name"); done
  verify_scans 5 "${marked[@]}"

  echo "--- clang-tidy"
  for name in "${args[@]}"; do
    tidy "$root" build "$name"
  done
  verify_tidy "${marked[@]}"
}

# (c) A GCC-built recursive make recorded by bear. The top Makefile runs
# $(MAKE) -C for each subdirectory, libstore runs one more level
# (libstore/backend); every directory compiles with relative -I flags and
# its own header, and the compile lines carry GCC's -MMD -MP and two of its
# warnings clang does not know (-Wlogical-op, -Wduplicated-cond).
layout_bear_make() {
  command -v bear >/dev/null || fail "bear is not installed"
  command -v g++ >/dev/null || fail "g++ is not installed"
  header "$root/include/common.h" common
  makefile "$root/Makefile" <<'EOF'
SUBDIRS := libnet libstore app

.PHONY: all clean $(SUBDIRS)
all: $(SUBDIRS)

$(SUBDIRS):
> $(MAKE) -C $@

app: libnet libstore

clean:
> for dir in $(SUBDIRS); do $(MAKE) -C $$dir clean; done
EOF
  makefile "$root/rules.mk" <<'EOF'
# Shared compile rules; each sub-Makefile sets CPPFLAGS and OBJS first.
CXXFLAGS += -std=c++20 -O1 -g -Wall -Wextra -Wlogical-op -Wduplicated-cond -pthread -MMD -MP

%.o: %.cpp
> $(CXX) $(CPPFLAGS) $(CXXFLAGS) -c $< -o $@

-include $(OBJS:.o=.d)
EOF
  # libnet: two objects, an archive.
  header "$root/libnet/include/net_detail.h" net
  { echo '#include "common.h"'; echo '#include "net_detail.h"'; finding detach net open_socket; } \
    | put "$root/libnet/socket.cpp"
  { echo '#include "net_detail.h"'; finding async net poll_once; } | put "$root/libnet/poller.cpp"
  makefile "$root/libnet/Makefile" <<'EOF'
CPPFLAGS := -I../include -Iinclude
OBJS := socket.o poller.o

libnet.a: $(OBJS)
> $(AR) rcs $@ $^

clean:
> rm -f libnet.a *.o *.d

include ../rules.mk
EOF
  # libstore: one object here, one in a sub-make two levels down.
  header "$root/libstore/include/store_detail.h" store
  { echo '#include "store_detail.h"'; finding wait store load; } | put "$root/libstore/store.cpp"
  makefile "$root/libstore/Makefile" <<'EOF'
CPPFLAGS := -I../include -Iinclude
OBJS := store.o

.PHONY: all backend clean
all: libstore.a

backend:
> $(MAKE) -C backend

libstore.a: $(OBJS) backend
> $(AR) rcs $@ $(OBJS) backend/*.o

clean:
> $(MAKE) -C backend clean
> rm -f libstore.a *.o *.d

include ../rules.mk
EOF
  header "$root/libstore/backend/disk/disk_detail.h" disk
  { echo '#include "common.h"'; echo '#include "store_detail.h"'; echo '#include "disk_detail.h"'
    finding detach disk flush_async; finding wait disk flush_sync; } \
    | put "$root/libstore/backend/disk.cpp"
  makefile "$root/libstore/backend/Makefile" <<'EOF'
CPPFLAGS := -I../../include -I../include -Idisk
OBJS := disk.o

all: $(OBJS)

clean:
> rm -f *.o *.d

include ../../rules.mk
EOF
  # app: links both libraries.
  header "$root/app/app_detail.h" app
  { echo '#include "app_detail.h"'; echo '#include "net_detail.h"'; finding async app serve
    printf '\nint main() {\n  serve();\n  return 0;\n}\n'; } | put "$root/app/main.cpp"
  makefile "$root/app/Makefile" <<'EOF'
CPPFLAGS := -I. -I../libnet/include
OBJS := main.o

server: $(OBJS)
> $(CXX) -pthread -o $@ $(OBJS) ../libstore/libstore.a ../libnet/libnet.a

clean:
> rm -f server *.o *.d

include ../rules.mk
EOF

  echo "--- bear -- make -j2"
  (cd "$root" && bear --output compile_commands.json -- make -j2 CXX=g++)
  local entries
  entries=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' \
    "$root/compile_commands.json")
  [ "$entries" = 5 ] || fail "bear recorded $entries compilations, expected 5"
  python3 - "$root/compile_commands.json" <<'PY'
import json, sys
dirs = sorted({entry["directory"] for entry in json.load(open(sys.argv[1]))})
print("directories:", *dirs, sep="\n  ")
PY

  echo "--- threadlint"
  for j in 1 2 8; do
    scan "j$j" "$root" -p . "--source-root=$root" -j "$j"
  done
  scan "libnet-j2" "$root/libnet" -p .. "--source-root=$root" -j 2
  sources_under "$root"
  verify_scans 6 "${marked[@]}"

  echo "--- clang-tidy"
  local file
  for file in libnet/socket.cpp libnet/poller.cpp libstore/store.cpp libstore/backend/disk.cpp \
              app/main.cpp; do
    tidy "$root" . "$root/$file"
  done
  verify_tidy "${marked[@]}"
}

# (d) Meson: three targets in subdirectories. Meson writes one database in
# builddir, with files relative to it ("../libqueue/queue.cpp") and relative
# -I flags, among them the build directory's twin of each source directory
# where configure_file puts libqueue's generated queue_config.h.
layout_meson() {
  command -v meson >/dev/null || fail "meson is not installed"
  put "$root/meson.build" <<'EOF'
project('layouts-meson', 'cpp', default_options: ['cpp_std=c++20', 'warning_level=2'])
threads = dependency('threads')
common_inc = include_directories('include')
subdir('libqueue')
subdir('libpool')
subdir('app')
EOF
  header "$root/include/common.h" common
  put "$root/libqueue/meson.build" <<'EOF'
queue_conf = configuration_data()
queue_conf.set('QUEUE_DEPTH', 64)
configure_file(output: 'queue_config.h', configuration: queue_conf)
queue_lib = static_library('queue', 'queue.cpp',
  include_directories: [common_inc, include_directories('include')],
  dependencies: threads)
EOF
  header "$root/libqueue/include/queue_detail.h" queue
  { echo '#include "queue_config.h"'; echo '#include "queue_detail.h"'
    echo 'static_assert(QUEUE_DEPTH == 64);'; finding async queue drain; } \
    | put "$root/libqueue/queue.cpp"
  put "$root/libpool/meson.build" <<'EOF'
pool_lib = static_library('pool', 'pool.cpp', 'pool_wait.cpp',
  include_directories: common_inc, dependencies: threads)
EOF
  header "$root/libpool/pool_detail.h" pool
  { echo '#include "common.h"'; echo '#include "pool_detail.h"'; finding detach pool spawn; } \
    | put "$root/libpool/pool.cpp"
  { echo '#include "pool_detail.h"'; finding wait pool join_one; } | put "$root/libpool/pool_wait.cpp"
  put "$root/app/meson.build" <<'EOF'
executable('app', 'main.cpp', include_directories: common_inc,
  link_with: [queue_lib, pool_lib], dependencies: threads)
EOF
  { echo '#include "common.h"'; finding detach common start; finding async common kick
    printf '\nint main() {\n  start();\n  kick();\n  return 0;\n}\n'; } | put "$root/app/main.cpp"

  echo "--- meson setup"
  (cd "$root" && CXX=g++ meson setup builddir)
  [ -f "$root/builddir/libqueue/queue_config.h" ] || fail "meson did not generate queue_config.h"
  meson compile -C "$root/builddir" -j 2

  echo "--- threadlint"
  for j in 1 2 8; do
    scan "j$j" "$root" -p builddir "--source-root=$root" -j "$j"
  done
  scan "builddir-j2" "$root/builddir" -p . "--source-root=$root" -j 2
  sources_under "$root"
  verify_scans 5 "${marked[@]}"

  echo "--- clang-tidy"
  local file
  for file in libqueue/queue.cpp libpool/pool.cpp libpool/pool_wait.cpp app/main.cpp; do
    tidy "$root" builddir "$file"
  done
  verify_tidy "${marked[@]}"
}

# (e) CMake, one directory per target (libs/net, libs/store, apps/server),
# configured twice: Ninja (every command runs in the top build directory) and
# Unix Makefiles (each target compiles in its own binary directory). Each
# target also gets its generated header through a -I relative to wherever its
# generator compiles, as projects that add raw -I options do.
layout_cmake_per_target() {
  put "$root/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.20)
project(layouts_cmake CXX)
set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)
find_package(Threads REQUIRED)

# Generates <name>_config.h into this directory's gen/ and adds it to TARGET
# with a relative -I: relative to where the generator runs the compiler.
function(layout_generated_header target name)
  file(WRITE "${CMAKE_CURRENT_BINARY_DIR}/gen/${name}_config.h"
       "#pragma once\n#define ${name}_generated 1\n")
  if(CMAKE_GENERATOR MATCHES "Ninja")
    file(RELATIVE_PATH gen "${CMAKE_BINARY_DIR}" "${CMAKE_CURRENT_BINARY_DIR}/gen")
  else()
    set(gen gen)
  endif()
  target_compile_options(${target} PRIVATE "-I${gen}")
endfunction()

add_subdirectory(libs/net)
add_subdirectory(libs/store)
add_subdirectory(apps/server)
EOF
  put "$root/libs/net/CMakeLists.txt" <<'EOF'
add_library(net STATIC socket.cpp)
target_include_directories(net PUBLIC include)
target_link_libraries(net PUBLIC Threads::Threads)
layout_generated_header(net net)
EOF
  header "$root/libs/net/include/net/net.h" net
  { echo '#include "net/net.h"'; echo '#include "net_config.h"'; finding detach net listen; } \
    | put "$root/libs/net/socket.cpp"
  put "$root/libs/store/CMakeLists.txt" <<'EOF'
add_library(store STATIC store.cpp flush.cpp)
target_include_directories(store PUBLIC include)
target_link_libraries(store PUBLIC net)
layout_generated_header(store store)
EOF
  header "$root/libs/store/include/store/store.h" store
  { echo '#include "store/store.h"'; echo '#include "store_config.h"'; finding wait store get; } \
    | put "$root/libs/store/store.cpp"
  { echo '#include "store/store.h"'; echo '#include "net/net.h"'; finding async store flush; } \
    | put "$root/libs/store/flush.cpp"
  put "$root/apps/server/CMakeLists.txt" <<'EOF'
add_executable(server main.cpp)
target_link_libraries(server PRIVATE store)
layout_generated_header(server server)
EOF
  { echo '#include "server_config.h"'; echo '#include "store/store.h"'
    finding detach store background; finding async store refresh
    printf '\nint main() {\n  background();\n  refresh();\n  return 0;\n}\n'; } \
    | put "$root/apps/server/main.cpp"

  echo "--- cmake (Ninja and Unix Makefiles), built with -j2"
  cmake -S "$root" -B "$root/build-ninja" -G Ninja -DCMAKE_CXX_COMPILER=g++
  cmake --build "$root/build-ninja" -j 2
  cmake -S "$root" -B "$root/build-make" -G "Unix Makefiles" -DCMAKE_CXX_COMPILER=g++
  cmake --build "$root/build-make" -j 2
  python3 - "$root/build-ninja/compile_commands.json" "$root/build-make/compile_commands.json" <<'PY'
import json, sys
for path in sys.argv[1:]:
    dirs = sorted({entry["directory"] for entry in json.load(open(path))})
    print(path, "directories:", *dirs, sep="\n  ")
PY

  echo "--- threadlint"
  local build j
  for build in build-ninja build-make; do
    for j in 1 2 8; do
      scan "$build-j$j" "$root" -p "$build" "--source-root=$root" -j "$j"
    done
  done
  sources_under "$root/libs" "$root/apps"
  verify_scans 5 "${marked[@]}"

  echo "--- clang-tidy"
  local file
  for build in build-ninja build-make; do
    for file in libs/net/socket.cpp libs/store/store.cpp libs/store/flush.cpp apps/server/main.cpp; do
      tidy "$root" "$build" "$file"
    done
  done
  verify_tidy "${marked[@]}"
}

# ------------------------------------------------------------------- main ----

passed=0 failed=0
for layout in "${layouts[@]}"; do
  case " ${all_layouts[*]} " in
    *" $layout "*) ;;
    *) echo "FAIL $layout: no such layout (have: ${all_layouts[*]})"; failed=$((failed + 1)); continue ;;
  esac
  dir="$work/$layout"
  rm -rf "$dir"
  mkdir -p "$dir/reports"
  set +e
  (
    set -eEuo pipefail
    trap 'echo "command failed (exit $?): $BASH_COMMAND" >"$dir/reason"' ERR
    root="$dir/project" labels=() tidy_runs=0
    mkdir -p "$root"
    project_config "$root"
    "layout_${layout//-/_}"
  ) >"$dir/log" 2>&1
  rc=$?
  set -e
  if [ "$rc" -eq 0 ]; then
    echo "PASS $layout"
    passed=$((passed + 1))
  else
    reason=$(cat "$dir/reason" 2>/dev/null || echo "exit $rc")
    echo "FAIL $layout: $reason"
    echo "  (log: $dir/log; last lines:)" >&2
    tail -n 15 "$dir/log" | sed 's/^/    /' >&2
    failed=$((failed + 1))
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
