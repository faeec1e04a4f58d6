#!/usr/bin/env bash
# threadlint-ci.sh: run threadlint in a CI job, choosing what to report from
# the CI environment. docs/ci.md's GitHub Actions and GitLab CI recipes call
# this script, and tests/ci-recipes/run-recipes.sh runs it on a local
# repository as each kind of pipeline.
#
#   merge-request pipeline   GitLab: CI_MERGE_REQUEST_DIFF_BASE_SHA or
#                            CI_MERGE_REQUEST_TARGET_BRANCH_NAME is set.
#                            GitHub: GITHUB_EVENT_NAME=pull_request and
#                            GITHUB_BASE_REF is set.
#                            -> findings on the lines the branch changed
#                            (threadlint --changed-since, which diffs against
#                            the merge base of the target branch and HEAD).
#   push pipeline            neither of the above.
#                            -> the whole scan, against the baseline file if
#                            the repository has one.
#
# Usage: threadlint-ci.sh [options] [-- threadlint options...]
#
#   --build DIR          build directory with compile_commands.json (default: build)
#   --sarif FILE         also write a SARIF report
#   --json FILE          also write a JSON report
#   --text FILE          also write a text report
#   --fail-on LEVEL      warning (default) | error | none, passed to threadlint
#   --baseline FILE      baseline for push pipelines (default:
#                        threadlint-baseline.json at the source root, used
#                        only if it exists; a named file must exist)
#   --no-baseline        push pipelines scan without a baseline
#   --source-root DIR    the repository (default: the git top level above the
#                        current directory, else above the build directory)
#   --remote NAME        the remote to fetch a missing base from (default: origin)
#   --no-fetch           never fetch: fail if the base is not in the clone
#   -h, --help
#
# THREADLINT names the binary (default: threadlint on PATH).
#
# Exit code: threadlint's (0 clean, 1 findings per --fail-on, 2 usage or
# configuration error, 3 a file did not parse); 2 also when this script cannot
# work out what to compare against (bad arguments, not a git repository, a
# shallow clone it may not or cannot deepen).
set -euo pipefail
shopt -s inherit_errexit

me='threadlint-ci'
say() { printf '%s: %s\n' "$me" "$*" >&2; }
die() { printf '%s: error: %s\n' "$me" "$*" >&2; exit 2; }
usage() { sed -n '/^# Usage:/,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0"; }

threadlint=${THREADLINT:-threadlint}
build=build
sarif='' json='' text='' fail_on=''
baseline='' use_baseline=auto
source_root='' remote=origin fetch=yes
extra=()

need_value() { [[ $# -ge 2 && -n $2 ]] || die "$1 needs a value"; }
while [[ $# -gt 0 ]]; do
  case $1 in
    --build|--sarif|--json|--text|--fail-on|--baseline|--source-root|--remote)
      need_value "$@"; opt=${1#--}; value=$2; shift 2 ;;
    --build=*|--sarif=*|--json=*|--text=*|--fail-on=*|--baseline=*|--source-root=*|--remote=*)
      opt=${1%%=*}; opt=${opt#--}; value=${1#*=}; shift
      [[ -n $value ]] || die "--$opt needs a value" ;;
    --no-baseline) use_baseline=no; shift; continue ;;
    --no-fetch) fetch=no; shift; continue ;;
    -h|--help) usage; exit 0 ;;
    --) shift; extra=("$@"); break ;;
    *) die "unknown argument '$1' (threadlint's own options go after --; see --help)" ;;
  esac
  case $opt in
    build) build=$value ;;
    sarif) sarif=$value ;;
    json) json=$value ;;
    text) text=$value ;;
    fail-on)
      case $value in warning|error|none) fail_on=$value ;;
        *) die "--fail-on must be warning, error or none, not '$value'" ;; esac ;;
    baseline) baseline=$value; use_baseline=yes ;;
    source-root) source_root=$value ;;
    remote) remote=$value ;;
  esac
done

command -v "$threadlint" >/dev/null 2>&1 ||
  die "threadlint not found ('$threadlint'); put it on PATH or set THREADLINT"
[[ -d $build ]] || die "build directory '$build' does not exist (--build)"

# The repository: the job's checkout, i.e. the current directory's (which is
# also right when the build directory lies outside the checkout), else the
# build directory's. Passed to threadlint as --source-root, so the reports'
# paths and the changed lines are relative to the same tree.
if [[ -z $source_root ]]; then
  source_root=$(git rev-parse --show-toplevel 2>/dev/null) ||
    source_root=$(git -C "$build" rev-parse --show-toplevel 2>/dev/null) ||
    die "neither the current directory nor '$build' is in a git repository git can use" \
        "(--source-root); git says: $(git rev-parse --show-toplevel 2>&1 | head -n 4)"
fi
git_error=$(git -C "$source_root" rev-parse --git-dir 2>&1 >/dev/null) ||
  die "'$source_root' is not in a git repository git can use; git says: $git_error"
g() { git -C "$source_root" "$@"; }

has_remote() { g remote | grep -qxF "$remote"; }
is_commit() { g cat-file -e "$1^{commit}" 2>/dev/null; }
has_merge_base() { g merge-base "$1" HEAD >/dev/null 2>&1; }

# Fetch a branch into refs/remotes/<remote>/<branch> (explicitly, because a
# CI clone's configured refspec often names only the branch being built).
fetch_branch() {
  local branch=$1
  has_remote || return 1
  say "fetching $remote/$branch"
  g fetch --quiet --no-tags "$remote" "+refs/heads/$branch:refs/remotes/$remote/$branch"
}

# Prints the first of the revisions that is in the clone and has a merge base
# with HEAD; fails if none has.
usable() {
  local candidate
  for candidate in "$@"; do
    if [[ -n $candidate ]] && is_commit "$candidate" && has_merge_base "$candidate"; then
      [[ $candidate == "$1" ]] || say "$1 is not usable in this clone; using $candidate"
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

# Make sure `git merge-base <rev> HEAD` works: fetch the target branch if the
# revision is missing, deepen a shallow clone if the merge base is missing.
# Prints the revision to use. $1: the revision wanted, $2: the target branch
# it belongs to (may be empty), $3: a fallback revision (may be empty).
resolve_base() {
  local rev=$1 branch=$2 fallback=$3
  usable "$rev" "$fallback" && return
  [[ $fetch == yes ]] || die "$(missing "$rev") and --no-fetch was given"
  has_remote || die "$(missing "$rev") and there is no remote '$remote' to fetch it from"
  if [[ -n $branch ]]; then
    fetch_branch "$branch" || die "could not fetch $branch from $remote"
  fi
  usable "$rev" "$fallback" && return
  if [[ $(g rev-parse --is-shallow-repository) == true ]]; then
    say "shallow clone without the merge base: fetching the whole history" \
        "(set fetch-depth: 0 / GIT_DEPTH: 0 to clone it in the first place)"
    local refspec=()
    [[ -n $branch ]] && refspec=("+refs/heads/$branch:refs/remotes/$remote/$branch")
    g fetch --quiet --no-tags --unshallow "$remote" "${refspec[@]}" ||
      die "could not deepen the shallow clone from $remote"
  fi
  usable "$rev" "$fallback" && return
  die "$(missing "$rev"), even after fetching"
}
missing() {
  local what
  if is_commit "$1"; then
    what="'$1' and HEAD have no merge base in this clone"
  else
    what="the base revision '$1' is not in this clone"
  fi
  if [[ $(g rev-parse --is-shallow-repository) == true ]]; then
    what+=" (a shallow clone: clone the whole history, fetch-depth: 0 on GitHub, GIT_DEPTH: 0 on GitLab)"
  fi
  echo "$what"
}

# Which pipeline is this?
mode='' why='' since=''
if [[ -n ${CI_MERGE_REQUEST_DIFF_BASE_SHA:-} || -n ${CI_MERGE_REQUEST_TARGET_BRANCH_NAME:-} ]]; then
  mode=changed
  target=${CI_MERGE_REQUEST_TARGET_BRANCH_NAME:-}
  base_sha=${CI_MERGE_REQUEST_DIFF_BASE_SHA:-}
  if [[ -n $base_sha ]]; then
    why="GitLab merge-request pipeline: CI_MERGE_REQUEST_DIFF_BASE_SHA=$base_sha${target:+, target branch $target}"
    say "mode: changed lines ($why)"
    since=$(resolve_base "$base_sha" "$target" "${target:+$remote/$target}")
  else
    why="GitLab merge-request pipeline: CI_MERGE_REQUEST_TARGET_BRANCH_NAME=$target"
    say "mode: changed lines ($why)"
    since=$(resolve_base "$remote/$target" "$target" '')
  fi
elif [[ ${GITHUB_EVENT_NAME:-} == pull_request && -n ${GITHUB_BASE_REF:-} ]]; then
  mode=changed
  why="GitHub pull request: GITHUB_EVENT_NAME=pull_request, GITHUB_BASE_REF=$GITHUB_BASE_REF"
  say "mode: changed lines ($why)"
  since=$(resolve_base "$remote/$GITHUB_BASE_REF" "$GITHUB_BASE_REF" '')
else
  mode=full
  why="push pipeline: no CI_MERGE_REQUEST_DIFF_BASE_SHA or CI_MERGE_REQUEST_TARGET_BRANCH_NAME"
  why+=", GITHUB_EVENT_NAME=${GITHUB_EVENT_NAME:-(unset)}"
  say "mode: full scan ($why)"
fi

args=(-p "$build" --source-root="$source_root")
[[ -n $fail_on ]] && args+=(--fail-on="$fail_on")
[[ -n $sarif ]] && args+=(--report="sarif:$sarif")
[[ -n $json ]] && args+=(--report="json:$json")
[[ -n $text ]] && args+=(--report="text:$text")

if [[ $mode == changed ]]; then
  merge_base=$(g merge-base "$since" HEAD)
  say "reporting findings on lines changed since $since: the working tree against its merge base with HEAD, ${merge_base:0:12}"
  args+=(--changed-since="$since")
else
  if [[ $use_baseline == auto ]]; then
    if [[ -f $source_root/threadlint-baseline.json ]]; then
      baseline=$source_root/threadlint-baseline.json; use_baseline=yes
    else
      use_baseline=no
    fi
  fi
  if [[ $use_baseline == yes ]]; then
    [[ -f $baseline ]] || die "baseline '$baseline' does not exist"
    say "reporting findings not in the baseline $baseline"
    args+=(--baseline="$baseline")
  else
    say "reporting every finding (no baseline)"
  fi
fi

say "running: $threadlint ${args[*]}${extra[*]:+ ${extra[*]}}"
rc=0
"$threadlint" "${args[@]}" "${extra[@]}" || rc=$?
case $rc in
  0) say "threadlint exited 0: nothing that fails the job" ;;
  1) say "threadlint exited 1: findings that fail the job (--fail-on)" ;;
  2) say "threadlint exited 2: usage or configuration error" ;;
  3) say "threadlint exited 3: a file did not parse" ;;
  *) say "threadlint exited $rc" ;;
esac
exit "$rc"
