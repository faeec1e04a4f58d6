#!/usr/bin/env bash
# The CI recipes of docs/ci.md, run as scripts: scripts/ci/threadlint-ci.sh on
# a local "remote" (a bare repository) and clones of it made the way GitHub
# Actions and GitLab CI make them, as push and as merge-request pipelines.
#
#   run-recipes.sh THREADLINT WORK_DIR
#
# The project: src/worker.cpp with two detached threads (both in the committed
# baseline) and src/queue.cpp without findings. The feature branch adds a third
# detached thread to queue.cpp and edits a line of worker.cpp without a finding;
# after the branch left, main edits the line of one of worker.cpp's findings
# (and adds lines above both), as a colleague's concurrent change would.
#
# Prints "PASS name" or "FAIL name: why" per case, then "N passed, N failed";
# exits 1 if any case failed.
set -euo pipefail
shopt -s inherit_errexit

[[ $# -eq 2 ]] || { echo "usage: $0 THREADLINT WORK_DIR" >&2; exit 2; }
threadlint=$(realpath "$1")
work=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
script=$(realpath "$here/../../scripts/ci/threadlint-ci.sh")
[[ -x $threadlint ]] || { echo "not executable: $threadlint" >&2; exit 2; }

rm -rf "$work"
mkdir -p "$work/logs"
work=$(realpath "$work")

# Nothing from the CI running this test may leak into the pipelines simulated
# here, nor from the user's git configuration.
while read -r var; do unset "$var"; done < <(compgen -e | grep -E '^(CI|CI_.*|GITLAB_.*|GITHUB_.*|GIT_.*)$' || true)
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL="$work/gitconfig"
git config --global user.name "CI recipes"
git config --global user.email "ci-recipes@example.invalid"
git config --global init.defaultBranch main
git config --global advice.detachedHead false
git config --global commit.gpgsign false
export XDG_CACHE_HOME="$work/cache"   # threadlint's result cache, as a CI cache would keep it

remote="file://$work/remote.git"

# --- the project ------------------------------------------------------------

# compile_commands.json for a checkout (written by hand, as CMake would), in
# its build/ or in the build directory given.
write_database() {
  local root=$1 build=${2:-$1/build}
  mkdir -p "$build"
  cat >"$build/compile_commands.json" <<EOF
[
  {"directory": "$build", "file": "$root/src/worker.cpp",
   "arguments": ["clang++", "-std=c++20", "-c", "$root/src/worker.cpp", "-o", "worker.o"]},
  {"directory": "$build", "file": "$root/src/queue.cpp",
   "arguments": ["clang++", "-std=c++20", "-c", "$root/src/queue.cpp", "-o", "queue.o"]}
]
EOF
}

checks=(--checks='-*,threadlint-detached-thread')

seed=$work/seed
git init -q "$seed"
mkdir -p "$seed/src"
cat >"$seed/.gitignore" <<'EOF'
/build/
/threadlint*.json
!/threadlint-baseline.json
/threadlint*.sarif
EOF
# The project's own configuration: it does not inherit the .clang-tidy of
# whatever tree holds the work directory, and a work directory under a
# `tests/` path does not make its sources test code.
cat >"$seed/.clang-tidy" <<'EOF'
Checks: '-*,threadlint-*'
CheckOptions:
  TestFileRegex: '^$'
EOF
cat >"$seed/src/worker.cpp" <<'EOF'
#include <thread>

void poll_sensors();
void flush_logs();

void start_sensor_poller() {
  std::thread poller(poll_sensors);
  poller.detach();
}

void start_log_flusher() {
  std::thread flusher(flush_logs);
  flusher.detach();
}
EOF
cat >"$seed/src/queue.cpp" <<'EOF'
#include <mutex>
#include <vector>

std::mutex jobs_mutex;
std::vector<int> jobs;

void push_job(int job) {
  std::lock_guard<std::mutex> lock(jobs_mutex);
  jobs.push_back(job);
}
EOF
write_database "$seed"
(cd "$seed" && "$threadlint" -p build "${checks[@]}" --quiet --no-cache --fail-on=none \
   --report=json:threadlint-baseline.json >/dev/null)
git -C "$seed" add .gitignore src threadlint-baseline.json
git -C "$seed" commit -qm "Workers and a job queue; threadlint baseline"
base_sha=$(git -C "$seed" rev-parse HEAD)

# The feature branch: a new finding in queue.cpp (two commits, so a depth-1
# clone lacks part of the branch too), and an edit near worker.cpp's findings.
git -C "$seed" checkout -qb feature
sed -i '2a #include <thread>' "$seed/src/queue.cpp"
cat >>"$seed/src/queue.cpp" <<'EOF'

void drain_jobs();

void start_drainer() {
  std::thread drainer(drain_jobs);
  drainer.detach();
}
EOF
git -C "$seed" commit -qam "Drain the job queue in the background"
sed -i 's|^void start_sensor_poller() {$|void start_sensor_poller() {  // every 100 ms|' "$seed/src/worker.cpp"
git -C "$seed" commit -qam "Document the poll interval"

# main moves on: lines above both findings, and the line of one of them.
git -C "$seed" checkout -q main
sed -i '1i // Background workers.\n// Each runs for the life of the process.' "$seed/src/worker.cpp"
sed -i 's/\bflusher\b/log_flusher/' "$seed/src/worker.cpp"
git -C "$seed" commit -qam "Rename the log flusher"

# GitHub's refs/pull/1/merge (the branch merged into the target, first parent
# the target) and refs/pull/1/head; GitLab's refs/merge-requests/1/head.
git -C "$seed" checkout -q --detach main
git -C "$seed" merge -q --no-ff -m "Merge feature into main" feature
git -C "$seed" update-ref refs/pull/1/merge HEAD
git -C "$seed" update-ref refs/pull/1/head feature
git -C "$seed" update-ref refs/merge-requests/1/head feature
git -C "$seed" checkout -q main
git clone -q --mirror "$seed" "$work/remote.git"

# Where the findings are (asserted exactly below):
#   feature: src/worker.cpp:8 and :13 (baselined), src/queue.cpp:17 (new)
#   main:    src/worker.cpp:10 (baselined, moved), src/worker.cpp:15 (edited line)
#   the pull request's merge: main's two and src/queue.cpp:17

# --- checkouts, the way each CI makes them ----------------------------------

checkout() {  # NAME git-commands...: a fresh clone under $work/NAME
  local dir=$work/$1; shift
  "$@" "$dir"
  write_database "$dir"
}
clone() { git clone -q "$@"; }
gitlab_branch() {  # GitLab: the branch's commit, detached; only that branch fetched
  local branch=$1 depth=$2 dir=$3
  git clone -q --single-branch --branch "$branch" ${depth:+--depth "$depth"} "$remote" "$dir"
  git -C "$dir" checkout -q --detach
}
github_ref() {  # actions/checkout: init, fetch one ref (fetch-depth 0 or 1), detach
  local ref=$1 depth=$2 dir=$3
  git init -q "$dir"
  git -C "$dir" remote add origin "$remote"
  if [[ $depth == 0 ]]; then
    git -C "$dir" fetch -q --no-tags origin '+refs/heads/*:refs/remotes/origin/*' "+$ref:refs/remotes/ci/checkout"
  else
    git -C "$dir" fetch -q --no-tags --depth="$depth" origin "+$ref:refs/remotes/ci/checkout"
  fi
  git -C "$dir" checkout -q --detach refs/remotes/ci/checkout
}

# --- running and checking ---------------------------------------------------

passed=0 failed=0
name='' dir='' rc=0 out='' fails=()

# run NAME CHECKOUT [VAR=VALUE...] -- SCRIPT-ARGS...: the script in the
# checkout (or the directory under it given as CHECKOUT/sub), with only the
# given CI variables.
run() {
  name=$1 dir=$work/$2; shift 2
  local vars=()
  while [[ $1 != -- ]]; do vars+=("$1"); shift; done
  shift
  local root=$dir
  [[ -d $root/.git ]] || root=$(git -C "$dir" rev-parse --show-toplevel)
  rm -f "$root"/threadlint.json "$root"/threadlint.sarif
  rc=0
  out=$(cd "$dir" && env "${vars[@]}" THREADLINT="$threadlint" nice -n 19 "$script" "$@" 2>&1) || rc=$?
  printf '%s\n' "$out" >"$work/logs/$name.log"
  fails=()
}
standard=(--build build --json threadlint.json --sarif threadlint.sarif)

# The findings of a JSON report as "file:line ..." (repository-relative, sorted).
findings() {
  python3 - "$1" <<'PY'
import json, os, sys
report = json.load(open(sys.argv[1]))
root = report["sourceRoot"]
print(" ".join(sorted(f'{os.path.relpath(d["file"], root)}:{d["line"]}'
                      for d in report["diagnostics"])))
PY
}
# Every artifact location of a SARIF file, and the %SRCROOT% it is relative to.
sarif_locations() {
  python3 - "$1" <<'PY'
import json, sys
sarif = json.load(open(sys.argv[1]))
seen = set()  # a result and its notes' related locations name one file once
def walk(node):
    if isinstance(node, dict):
        if "artifactLocation" in node:
            loc = node["artifactLocation"]
            line = f'{loc.get("uriBaseId", "-")} {loc["uri"]}'
            if line not in seen:
                seen.add(line)
                print(line)
        for value in node.values():
            walk(value)
    elif isinstance(node, list):
        for value in node:
            walk(value)
for run in sarif["runs"]:
    walk(run.get("results", []))
    walk(run.get("invocations", []))
    print("SRCROOT", run.get("originalUriBaseIds", {}).get("%SRCROOT%", {}).get("uri", "-"))
PY
}

expect_rc() { [[ $rc == "$1" ]] || fails+=("exit code $rc, expected $1"); }
expect_findings() {  # REPORT "file:line ..."
  local got
  if [[ ! -f $1 ]]; then fails+=("no report $1"); return; fi
  got=$(findings "$1") || { fails+=("unreadable report $1"); return; }
  [[ $got == "$2" ]] || fails+=("findings [$got], expected [$2]")
}
expect_log() { grep -qF -- "$1" <<<"$out" || fails+=("output lacks '$1'"); }
expect_no_log() { ! grep -qF -- "$1" <<<"$out" || fails+=("output has '$1'"); }
verdict() {
  if [[ ${#fails[@]} -eq 0 ]]; then
    echo "PASS $name"
    passed=$((passed + 1))
  else
    local why
    why=$(IFS=';'; echo "${fails[*]}")
    echo "FAIL $name: $why"
    sed 's/^/    | /' "$work/logs/$name.log"
    failed=$((failed + 1))
  fi
}

# --- GitLab CI --------------------------------------------------------------

# A push pipeline on main. The merge-request variables are defined but empty,
# as the old recipe saw them: no `origin/` revision, a full scan against the
# baseline; the edited line is new, the moved finding is not.
checkout gitlab-push-main clone --branch main "$remote"
run gitlab-push-main gitlab-push-main CI_MERGE_REQUEST_TARGET_BRANCH_NAME= CI_MERGE_REQUEST_DIFF_BASE_SHA= \
    GITLAB_CI=true CI_PIPELINE_SOURCE=push -- "${standard[@]}" -- "${checks[@]}"
expect_rc 1
expect_findings "$work/gitlab-push-main/threadlint.json" "src/worker.cpp:15"
expect_log "mode: full scan (push pipeline"
expect_log "threadlint-baseline.json"
expect_no_log "--changed-since"
expect_no_log "origin/"
verdict

# A merge-request pipeline: only the branch's new finding, not the line main
# changed since the branch left (the reported bug), nor the findings of the
# branch's other edited file. GitLab fetched only the source branch.
gitlab_branch feature '' "$work/gitlab-mr" && write_database "$work/gitlab-mr"
run gitlab-mr gitlab-mr GITLAB_CI=true CI_PIPELINE_SOURCE=merge_request_event \
    CI_MERGE_REQUEST_TARGET_BRANCH_NAME=main CI_MERGE_REQUEST_DIFF_BASE_SHA="$base_sha" \
    -- "${standard[@]}" -- "${checks[@]}"
expect_rc 1
expect_findings "$work/gitlab-mr/threadlint.json" "src/queue.cpp:17"
expect_log "mode: changed lines (GitLab merge-request pipeline"
expect_log "--changed-since=$base_sha"
verdict

# The same pipeline run from inside the build directory: the same findings,
# and SARIF locations relative to the repository, identical to the run above.
cp "$work/gitlab-mr/threadlint.sarif" "$work/gitlab-mr-from-root.sarif"
run gitlab-mr-from-build-dir gitlab-mr/build GITLAB_CI=true \
    CI_MERGE_REQUEST_TARGET_BRANCH_NAME=main CI_MERGE_REQUEST_DIFF_BASE_SHA="$base_sha" \
    -- --build . --json ../threadlint.json --sarif ../threadlint.sarif -- "${checks[@]}"
expect_rc 1
expect_findings "$work/gitlab-mr/threadlint.json" "src/queue.cpp:17"
from_root=$(sarif_locations "$work/gitlab-mr-from-root.sarif")
from_build=$(sarif_locations "$work/gitlab-mr/threadlint.sarif")
[[ $from_root == "$from_build" ]] ||
  fails+=("SARIF locations differ: [${from_root//$'\n'/, }] vs [${from_build//$'\n'/, }]")
[[ $from_build == $'%SRCROOT% src/queue.cpp\nSRCROOT file://'"$work"'/gitlab-mr/' ]] ||
  fails+=("SARIF locations not repository-relative: [${from_build//$'\n'/, }]")
verdict

# threadlint itself, run from the build directory without --source-root: its
# default source root is the repository above the build directory, not the
# current directory, so the SARIF is the same.
name=cli-source-root-default rc=0 fails=()
rm -f "$work/gitlab-mr/threadlint.sarif"
out=$(cd "$work/gitlab-mr/build" && nice -n 19 "$threadlint" -p . "${checks[@]}" \
        --changed-since="$base_sha" --report=sarif:../threadlint.sarif 2>&1) || rc=$?
printf '%s\n' "$out" >"$work/logs/$name.log"
expect_rc 1
from_cli=$(sarif_locations "$work/gitlab-mr/threadlint.sarif" 2>&1)
[[ $from_cli == "$from_root" ]] ||
  fails+=("SARIF locations differ: [${from_root//$'\n'/, }] vs [${from_cli//$'\n'/, }]")
verdict

# A build directory outside the checkout (cmake -B ../build), the job in the
# checkout: the script takes the repository from the current directory, so
# the SARIF locations are still repository-relative.
write_database "$work/gitlab-mr" "$work/gitlab-mr-build"
run gitlab-mr-out-of-tree-build gitlab-mr GITLAB_CI=true \
    CI_MERGE_REQUEST_TARGET_BRANCH_NAME=main CI_MERGE_REQUEST_DIFF_BASE_SHA="$base_sha" \
    -- --build ../gitlab-mr-build --json threadlint.json --sarif threadlint.sarif -- "${checks[@]}"
expect_rc 1
expect_findings "$work/gitlab-mr/threadlint.json" "src/queue.cpp:17"
from_outside=$(sarif_locations "$work/gitlab-mr/threadlint.sarif")
[[ $from_outside == "$from_root" ]] ||
  fails+=("SARIF locations differ: [${from_root//$'\n'/, }] vs [${from_outside//$'\n'/, }]")
verdict

# Only the target branch's name (no diff base): the script fetches the target
# branch, which this clone lacks, and diffs from the merge base.
gitlab_branch feature '' "$work/gitlab-mr-target-only" && write_database "$work/gitlab-mr-target-only"
run gitlab-mr-target-branch-only gitlab-mr-target-only GITLAB_CI=true \
    CI_MERGE_REQUEST_TARGET_BRANCH_NAME=main -- "${standard[@]}" -- "${checks[@]}"
expect_rc 1
expect_findings "$work/gitlab-mr-target-only/threadlint.json" "src/queue.cpp:17"
expect_log "fetching origin/main"
expect_log "--changed-since=origin/main"
verdict

# --fail-on passes through: the same finding, exit 0.
run gitlab-mr-fail-on-none gitlab-mr GITLAB_CI=true CI_MERGE_REQUEST_TARGET_BRANCH_NAME=main \
    CI_MERGE_REQUEST_DIFF_BASE_SHA="$base_sha" -- "${standard[@]}" --fail-on none -- "${checks[@]}"
expect_rc 0
expect_findings "$work/gitlab-mr/threadlint.json" "src/queue.cpp:17"
expect_log "--fail-on=none"
verdict

# --- GitHub Actions ---------------------------------------------------------

checkout github-push-main github_ref refs/heads/main 0
run github-push-main github-push-main GITHUB_ACTIONS=true GITHUB_EVENT_NAME=push GITHUB_REF=refs/heads/main \
    -- "${standard[@]}" -- "${checks[@]}"
expect_rc 1
expect_findings "$work/github-push-main/threadlint.json" "src/worker.cpp:15"
expect_log "mode: full scan (push pipeline"
expect_no_log "--changed-since"
verdict

# A push to the branch: the whole scan against the baseline finds the new one.
checkout github-push-feature github_ref refs/heads/feature 0
run github-push-feature github-push-feature GITHUB_ACTIONS=true GITHUB_EVENT_NAME=push \
    GITHUB_REF=refs/heads/feature -- "${standard[@]}" -- "${checks[@]}"
expect_rc 1
expect_findings "$work/github-push-feature/threadlint.json" "src/queue.cpp:17"
verdict

# Without the baseline every finding counts; arguments after -- reach
# threadlint (a line filter leaving out worker.cpp: nothing left, exit 0).
run github-push-no-baseline github-push-main GITHUB_ACTIONS=true GITHUB_EVENT_NAME=push \
    -- "${standard[@]}" --no-baseline -- "${checks[@]}"
expect_rc 1
expect_findings "$work/github-push-main/threadlint.json" "src/worker.cpp:10 src/worker.cpp:15"
expect_log "no baseline"
verdict
run github-push-passthrough github-push-main GITHUB_ACTIONS=true GITHUB_EVENT_NAME=push \
    -- "${standard[@]}" --no-baseline -- "${checks[@]}" '--line-filter=[{"name":"src/queue.cpp"}]'
expect_rc 0
expect_findings "$work/github-push-main/threadlint.json" ""
verdict

# A pull request as actions/checkout checks it out with fetch-depth: 0: the
# test merge refs/pull/1/merge. Its merge base with origin/main is main's tip.
checkout github-pr-merge github_ref refs/pull/1/merge 0
run github-pr-merge github-pr-merge GITHUB_ACTIONS=true GITHUB_EVENT_NAME=pull_request \
    GITHUB_BASE_REF=main GITHUB_HEAD_REF=feature -- "${standard[@]}" -- "${checks[@]}"
expect_rc 1
expect_findings "$work/github-pr-merge/threadlint.json" "src/queue.cpp:17"
expect_log "mode: changed lines (GitHub pull request"
expect_log "--changed-since=origin/main"
verdict

# The pull request's head commit checked out instead (ref: head.sha).
checkout github-pr-head github_ref refs/pull/1/head 0
run github-pr-head github-pr-head GITHUB_ACTIONS=true GITHUB_EVENT_NAME=pull_request \
    GITHUB_BASE_REF=main -- "${standard[@]}" -- "${checks[@]}"
expect_rc 1
expect_findings "$work/github-pr-head/threadlint.json" "src/queue.cpp:17"
verdict

# --- shallow clones ---------------------------------------------------------
# The script deepens a shallow clone that lacks the merge base (one
# `git fetch --unshallow`), unless --no-fetch: then it fails, exit 2, saying
# how to clone deeper.

gitlab_branch feature 1 "$work/shallow-gitlab-mr" && write_database "$work/shallow-gitlab-mr"
run shallow-gitlab-mr shallow-gitlab-mr GITLAB_CI=true CI_MERGE_REQUEST_TARGET_BRANCH_NAME=main \
    CI_MERGE_REQUEST_DIFF_BASE_SHA="$base_sha" -- "${standard[@]}" -- "${checks[@]}"
expect_rc 1
expect_findings "$work/shallow-gitlab-mr/threadlint.json" "src/queue.cpp:17"
expect_log "shallow clone without the merge base: fetching the whole history"
[[ $(git -C "$work/shallow-gitlab-mr" rev-parse --is-shallow-repository) == false ]] ||
  fails+=("the clone is still shallow")
verdict

checkout shallow-github-pr github_ref refs/pull/1/merge 1
run shallow-github-pr shallow-github-pr GITHUB_ACTIONS=true GITHUB_EVENT_NAME=pull_request \
    GITHUB_BASE_REF=main -- "${standard[@]}" -- "${checks[@]}"
expect_rc 1
expect_findings "$work/shallow-github-pr/threadlint.json" "src/queue.cpp:17"
expect_log "fetching origin/main"
expect_log "shallow clone without the merge base"
verdict

gitlab_branch feature 1 "$work/shallow-no-fetch" && write_database "$work/shallow-no-fetch"
run shallow-no-fetch shallow-no-fetch GITLAB_CI=true CI_MERGE_REQUEST_TARGET_BRANCH_NAME=main \
    CI_MERGE_REQUEST_DIFF_BASE_SHA="$base_sha" -- "${standard[@]}" --no-fetch -- "${checks[@]}"
expect_rc 2
expect_log "is not in this clone"
expect_log "GIT_DEPTH: 0"
expect_no_log "running:"
[[ ! -e $work/shallow-no-fetch/threadlint.json ]] || fails+=("a report was written")
verdict

# threadlint itself in a shallow clone that has both tips but no merge base:
# exit 2 and a message about fetching more history.
gitlab_branch feature 1 "$work/shallow-cli" && write_database "$work/shallow-cli"
git -C "$work/shallow-cli" fetch -q --depth=1 origin +refs/heads/main:refs/remotes/origin/main
name=shallow-cli-direct rc=0 fails=()
out=$(cd "$work/shallow-cli" && nice -n 19 "$threadlint" -p build "${checks[@]}" --changed-since=origin/main 2>&1) || rc=$?
printf '%s\n' "$out" >"$work/logs/$name.log"
expect_rc 2
expect_log "fetch more history"
verdict

# --- errors of the script's own ---------------------------------------------

run bad-fail-on gitlab-push-main -- "${standard[@]}" --fail-on sometimes
expect_rc 2
expect_log "--fail-on must be warning, error or none"
verdict

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
