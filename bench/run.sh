#!/usr/bin/env bash
# The scan benchmark of docs/performance.md. Fetches leveldb, spdlog and
# cpp-httplib from Debian's source packages into a scratch directory (never
# into the repository), generates their compilation databases, and measures,
# in one run and side by side:
#   clang++-19 -fsyntax-only              the parse alone: the yardstick
#   clang-tidy-19 + our plugin            every threadlint check
#   clang-tidy-19 concurrency-*           clang-tidy's own concurrency checks
#   threadlint -j1, -j2 (cold, no cache)  and a warm re-scan from the cache
# Each configuration is one process tree timed by GNU time: CPU seconds
# (user + system), wall seconds, and peak resident memory.
#
#   bench/run.sh [build-dir] [scratch-dir]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
build="$(cd "${1:-$repo/build}" && pwd)"
scratch="${2:-${TMPDIR:-/tmp}/threadlint-bench}"
threadlint="$build/bin/threadlint"
plugin="$build/lib/libthreadlint-tidy.so"
mkdir -p "$scratch"
cd "$scratch"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# --- sources -------------------------------------------------------------
need_sources=()
for package in leveldb spdlog cpp-httplib; do
  ls -d "$scratch/$package"-*/ >/dev/null 2>&1 || need_sources+=("$package")
done
if [ ${#need_sources[@]} -gt 0 ]; then
  sources=/etc/apt/sources.list.d/debian.sources
  backup="$scratch/debian.sources.backup"
  as_root cp "$sources" "$backup"
  # Restore the machine's source lists whatever happens next.
  trap 'as_root cp "$backup" "$sources"; as_root apt-get update -qq || true' EXIT
  as_root sed -i 's/^Types: deb$/Types: deb deb-src/' "$sources"
  as_root apt-get update -qq
  apt-get source -qq "${need_sources[@]}"
  as_root cp "$backup" "$sources"
  as_root apt-get update -qq
  trap - EXIT
fi
for package in cmake libfmt-dev catch2 libsnappy-dev time python3; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' ||
    as_root apt-get install -y -qq --no-install-recommends "$package" >/dev/null
done

leveldb=$(ls -d "$scratch"/leveldb-*/ | head -1)
spdlog=$(ls -d "$scratch"/spdlog-*/ | head -1)
httplib=$(ls -d "$scratch"/cpp-httplib-*/ | head -1)

# --- compilation databases -------------------------------------------------
[ -f "$leveldb/build/compile_commands.json" ] ||
  cmake -S "$leveldb" -B "$leveldb/build" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
    -DLEVELDB_BUILD_TESTS=OFF -DLEVELDB_BUILD_BENCHMARKS=OFF >/dev/null
[ -f "$spdlog/build/compile_commands.json" ] ||
  cmake -S "$spdlog" -B "$spdlog/build" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
    -DCMAKE_BUILD_TYPE=Release -DSPDLOG_FMT_EXTERNAL=ON -DSPDLOG_BUILD_TESTS=ON \
    -DSPDLOG_BUILD_EXAMPLE=ON >/dev/null
if [ ! -f "$httplib/compile_commands.json" ]; then
  # A header-only library: its examples and its test, compiled as upstream does.
  (cd "$httplib" && python3 - <<'PY'
import glob, json, os
files = sorted(glob.glob("example/*.cc")) + ["test/test.cc"]
json.dump([{"directory": os.getcwd(), "file": f,
            "arguments": ["c++", "-std=c++17", "-I.", "-c", f]} for f in files],
          open("compile_commands.json", "w"), indent=1)
PY
  )
fi

# --- measurements ------------------------------------------------------------
# Every file of a database through one command, sequentially.
cat >"$scratch/each-file.py" <<'PY'
import json, shlex, subprocess, sys
database, mode = sys.argv[1], sys.argv[2]
entries = json.load(open(database))
for entry in entries:
    if mode == "syntax-only":
        arguments = entry.get("arguments") or shlex.split(entry["command"])
        kept, skip = [], False
        for argument in arguments[1:]:
            if skip:
                skip = False
                continue
            if argument in ("-o", "-c"):
                skip = argument == "-o"
                continue
            kept.append(argument)
        command = ["clang++-19", "-fsyntax-only"] + kept
        subprocess.run(command, cwd=entry["directory"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    else:
        command = sys.argv[3:] + ["-p", database.rsplit("/", 1)[0], entry["file"]]
        subprocess.run(command, cwd=entry["directory"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
PY

measure() { # label, command...
  local label="$1"
  shift
  /usr/bin/time -f "%e %U %S %M" -o "$scratch/time.out" "$@" >/dev/null 2>&1 || true
  # GNU time writes "Command exited with non-zero status N" first when a
  # scan reports findings; the figures are on the last line.
  read -r wall user system rss < <(tail -1 "$scratch/time.out")
  echo "$label $wall $(awk "BEGIN { print $user + $system }") $rss"
}

results="$scratch/results.txt"
: >"$results"
for project in "$leveldb/build" "$spdlog/build" "$httplib"; do
  name=$(basename "$(dirname "$project/compile_commands.json" | sed 's|/build$||')")
  database="$project/compile_commands.json"
  files=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))))" "$database")
  cache="$scratch/cache-$name"
  rm -rf "$cache"
  echo "== $name ($files files)" >&2
  {
    measure "$name syntax-only" python3 "$scratch/each-file.py" "$database" syntax-only
    measure "$name clang-tidy+threadlint" python3 "$scratch/each-file.py" "$database" tidy \
      clang-tidy-19 "-load=$plugin" "--checks=-*,threadlint-*"
    measure "$name clang-tidy-concurrency" python3 "$scratch/each-file.py" "$database" tidy \
      clang-tidy-19 "--checks=-*,concurrency-*"
    measure "$name threadlint-j1" "$threadlint" -p "$project" -j1 --no-cache --quiet
    measure "$name threadlint-j2" "$threadlint" -p "$project" -j2 --no-cache --quiet
    "$threadlint" -p "$project" -j2 --cache-dir="$cache" --quiet >/dev/null 2>&1 || true
    measure "$name threadlint-warm" "$threadlint" -p "$project" -j1 --cache-dir="$cache" --quiet
  } | tee -a "$results" >&2
done

# --- the table -----------------------------------------------------------------
python3 - "$results" <<'PY'
import collections, sys
rows = collections.OrderedDict()
for line in open(sys.argv[1]):
    project, label, wall, cpu, rss = line.split()
    rows.setdefault(project, {})[label] = (float(wall), float(cpu), int(rss))
print("| project | configuration | wall s | CPU s | peak RSS MB | CPU × syntax-only | wall × syntax-only | RSS × syntax-only |")
print("|---|---|---:|---:|---:|---:|---:|---:|")
for project, measured in rows.items():
    base = measured["syntax-only"]
    for label, (wall, cpu, rss) in measured.items():
        print(f"| {project} | {label} | {wall:.2f} | {cpu:.2f} | {rss / 1024:.0f} | "
              f"{cpu / base[1]:.2f} | {wall / base[0]:.2f} | {rss / base[2]:.2f} |")
print()
for project, measured in rows.items():
    j1, j2 = measured["threadlint-j1"], measured["threadlint-j2"]
    print(f"- {project}: -j2 wall speed-up {j1[0] / j2[0]:.2f}x; "
          f"warm/syntax-only CPU {measured['threadlint-warm'][1] / measured['syntax-only'][1]:.3f}")
PY
