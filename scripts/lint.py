#!/usr/bin/env python3
"""Holds our own sources to our .clang-tidy, in two passes.

1. clang-tidy-19 with every check of .clang-tidy except threadlint's own, on
   the files whose lint result could have changed since the last clean run
   that was kept. A file is clean for a key: the SHA-256 of clang-tidy's
   version, every .clang-tidy in the repository, the file's text and the text
   of every repository header it includes (from the build's dependency
   records). `--all` lints every file; either mode, when everything it linted
   is clean, records the keys in tests/lint/clean-keys.txt, which is
   committed: a later run (CI's) lints only what no clean key covers.
2. threadlint's own checks, through the threadlint CLI (which reads the same
   .clang-tidy, as the parity tests show), on every file, every time: rules
   change often, and this pass costs a fifth of the first.

Any warning fails. Exit 0 clean, 1 findings, 2 usage or tool errors.
"""

import argparse
import concurrent.futures
import hashlib
import json
import os
import re
import shlex
import subprocess
import sys
import time

SOURCES = re.compile(r"^(src|rules|tests)/.*\.cpp$")  # relative to the repository


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def file_digest(path, cache):
    if path not in cache:
        with open(path, "rb") as handle:
            cache[path] = sha256(handle.read())
    return cache[path]


def repository_files(top, pattern):
    listed = subprocess.run(["git", "-C", top, "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], capture_output=True, check=True).stdout
    return sorted(os.path.join(top, name) for name in listed.decode().split("\0")
                  if name and re.search(pattern, name))


def dependencies(build, outputs):
    """Every input ninja recorded for each object file: {output: [paths]}."""
    text = subprocess.run(["ninja", "-C", build, "-t", "deps"] + outputs, capture_output=True,
                          text=True, check=True).stdout
    found, current = {}, None
    for line in text.splitlines():
        if line and not line.startswith(" "):
            current = line.split(":")[0].strip()
            found[current] = []
        elif line.strip() and current is not None:
            found[current].append(os.path.normpath(os.path.join(build, line.strip())))
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", required=True, help="the build directory (Ninja)")
    parser.add_argument("--clang-tidy", default="clang-tidy-19")
    parser.add_argument("--threadlint", help="the threadlint CLI (default: BUILD/bin/threadlint)")
    parser.add_argument("--all", action="store_true", help="lint every file, not only changed ones")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    args = parser.parse_args()

    top = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True,
                         check=True).stdout.strip()
    build = os.path.abspath(args.build)
    threadlint = args.threadlint or os.path.join(build, "bin", "threadlint")
    record = os.path.join(top, "tests", "lint", "clean-keys.txt")
    with open(os.path.join(build, "compile_commands.json")) as handle:
        database = json.load(handle)
    entries = {}
    for entry in database:
        path = os.path.normpath(os.path.join(entry["directory"], entry["file"]))
        if path.startswith(top + os.sep) and SOURCES.search(os.path.relpath(path, top)):
            entries.setdefault(path, entry)
    files = sorted(entries)
    if not files:
        print("lint: the database lists none of our sources", file=sys.stderr)
        return 2

    # What every key shares: the tool and the configuration.
    digests = {}
    version = subprocess.run([args.clang_tidy, "--version"], capture_output=True, text=True,
                             check=True).stdout
    shared = [sha256(version.encode())]
    shared += [file_digest(path, digests) for path in repository_files(top, r"(^|/)\.clang-tidy$")]
    def output_of(entry):
        """The object file, as ninja names it (CMake 3.25 writes no "output")."""
        if entry.get("output"):
            return entry["output"]
        words = entry.get("arguments") or shlex.split(entry.get("command", ""))
        for index, word in enumerate(words[:-1]):
            if word == "-o":
                return words[index + 1]
        return ""

    outputs = {path: output_of(entries[path]) for path in files}
    recorded = dependencies(build, [output for output in outputs.values() if output])
    keys = {}
    for path in files:
        inputs = {path}
        for dependency in recorded.get(outputs[path], []):
            # The build directory's own files (the precompiled header's
            # wrapper, generated headers) name absolute paths: they follow
            # from the repository's files, which the key has.
            if (dependency.startswith(top + os.sep) and not dependency.startswith(build + os.sep)
                    and os.path.exists(dependency)):
                inputs.add(dependency)
        if not recorded.get(outputs[path]):
            keys[path] = None  # never built: no dependency record, always linted
            continue
        # The command too (flags, -D), with the repository's own paths made
        # relative so that a clone elsewhere has the same keys.
        entry = entries[path]
        command = entry.get("arguments") or entry.get("command", "").split()
        parts = shared + [" ".join(command).replace(top + os.sep, "").replace(top, ".")]
        parts += [os.path.relpath(p, top) + ":" + file_digest(p, digests) for p in sorted(inputs)]
        keys[path] = sha256("\n".join(parts).encode())

    clean = set()
    if os.path.exists(record) and not args.all:
        with open(record) as handle:
            clean = {line.split()[0] for line in handle if line.strip()}
    todo = [path for path in files if keys[path] is None or keys[path] not in clean]
    print(f"lint: clang-tidy on {len(todo)} of {len(files)} files "
          f"({'all asked' if args.all else 'the rest have a clean key'})", flush=True)

    started = time.monotonic()

    def lint(path):
        command = [args.clang_tidy, "-p", build, "--quiet", "--warnings-as-errors=*",
                   "--checks=-threadlint-*", path]
        done = subprocess.run(command, capture_output=True, text=True)
        return path, done.returncode, done.stdout + done.stderr

    failed = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for path, status, output in pool.map(lint, todo):
            if status != 0:
                failed.append(path)
                print(output, end="")
                print(f"lint: {os.path.relpath(path, top)} is not clean", flush=True)
    print(f"lint: clang-tidy took {time.monotonic() - started:.0f} s", flush=True)

    started = time.monotonic()
    scan = subprocess.run([threadlint, "-p", build, "--no-cache", "-j", str(args.jobs),
                           "--checks=-*,threadlint-*", "--warnings-as-errors=threadlint-*"] + files,
                          capture_output=True, text=True)
    print(f"lint: threadlint on {len(files)} files took {time.monotonic() - started:.0f} s",
          flush=True)
    if scan.returncode != 0:
        print(scan.stdout + scan.stderr, end="")
        print("lint: threadlint's own checks found something (or a file did not parse)")

    # A key records one file's input linted clean, whatever the others did;
    # keys of files that are gone or changed are dropped.
    kept = clean | {keys[path] for path in todo if keys[path] and path not in failed}
    current = {key for key in keys.values() if key}
    with open(record, "w") as handle:
        handle.write("".join(key + "\n" for key in sorted(kept & current)))
    if failed or scan.returncode != 0:
        return 1
    print(f"lint: clean ({len(files)} files); keys in {os.path.relpath(record, top)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
