# shellcheck shell=bash disable=SC2034  # variables are used by the other lib/*.sh
# Shared helpers for infra/infra.sh and infra/lib/<service>.sh.
# Sourced, never executed. Expects `set -euo pipefail` from the caller.

INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_DIR="$(cd "$INFRA_DIR/.." && pwd)"
# Logs, data, pid files: per checkout, git-ignored.
STATE_DIR="${YUQING_INFRA_STATE:-$REPO_DIR/.infra}"
# Downloaded/unpacked artifacts: outside the repo, shared by every clone on
# the machine. As root the default is /var/cache (not /root/.cache) because
# Elasticsearch runs as an unprivileged user that must be able to read it.
if [[ -z "${YUQING_INFRA_CACHE:-}" ]]; then
  if [[ $EUID -eq 0 ]]; then
    YUQING_INFRA_CACHE=/var/cache/yuqing-infra
  else
    YUQING_INFRA_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/yuqing-infra"
  fi
fi
CACHE_DIR="$YUQING_INFRA_CACHE"

# shellcheck source=/dev/null
source "$INFRA_DIR/versions.env"

# ---------------------------------------------------------------- output

if [[ -t 1 ]]; then
  _c_red=$'\e[31m' _c_green=$'\e[32m' _c_yellow=$'\e[33m' _c_dim=$'\e[2m' _c_off=$'\e[0m'
else
  _c_red='' _c_green='' _c_yellow='' _c_dim='' _c_off=''
fi

log()  { printf '%s[infra %s]%s %s\n' "$_c_dim" "$(date +%H:%M:%S)" "$_c_off" "$*"; }
ok()   { printf '%s[infra %s]%s %s%s%s\n' "$_c_dim" "$(date +%H:%M:%S)" "$_c_off" "$_c_green" "$*" "$_c_off"; }
warn() { printf '%s[infra %s] WARNING:%s %s\n' "$_c_yellow" "$(date +%H:%M:%S)" "$_c_off" "$*" >&2; }
err()  { printf '%s[infra %s] ERROR:%s %s\n' "$_c_red" "$(date +%H:%M:%S)" "$_c_off" "$*" >&2; }
die()  { err "$*"; exit 1; }

# show_log_tail NAME FILE [LINES]
show_log_tail() {
  local name=$1 file=$2 lines=${3:-40}
  if [[ -s "$file" ]]; then
    printf -- '----- last %s lines of %s (%s) -----\n' "$lines" "$name" "$file" >&2
    tail -n "$lines" "$file" >&2
    printf -- '----- end of %s -----\n' "$name" >&2
  else
    printf -- '(%s log %s is empty or missing)\n' "$name" "$file" >&2
  fi
}

# ---------------------------------------------------------------- processes

# port_open PORT [HOST]: true if something accepts TCP connections.
port_open() {
  local port=$1 host=${2:-127.0.0.1}
  timeout 2 bash -c "exec 3<>/dev/tcp/$host/$port" 2>/dev/null
}

# port_owner PORT: a human description of who listens on PORT (best effort).
port_owner() {
  ss -ltnpH "sport = :$1" 2>/dev/null | sed -E 's/.*users:\(\((.*)\)\).*/\1/' | head -n1
}

# pid_alive_matching PIDFILE PATTERN: print the pid if the pid file names a
# live process whose command line contains PATTERN (guards against pid reuse).
pid_alive_matching() {
  local pidfile=$1 pattern=$2 pid
  [[ -s "$pidfile" ]] || return 1
  pid=$(tr -dc '0-9' <"$pidfile")
  [[ -n "$pid" ]] || return 1
  [[ -r /proc/$pid/cmdline ]] || return 1
  tr '\0' ' ' </proc/"$pid"/cmdline | grep -qF -- "$pattern" || return 1
  printf '%s\n' "$pid"
}

# stop_pid NAME PID GRACE_SECONDS: SIGTERM, wait, then SIGKILL.
stop_pid() {
  local name=$1 pid=$2 grace=$3 i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < grace * 2; i++)); do
    kill -0 "$pid" 2>/dev/null || { ok "$name stopped (pid $pid, SIGTERM)"; return 0; }
    sleep 0.5
  done
  warn "$name (pid $pid) still running ${grace}s after SIGTERM; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 20; i++)); do
    kill -0 "$pid" 2>/dev/null || { ok "$name killed (pid $pid)"; return 0; }
    sleep 0.5
  done
  die "$name (pid $pid) survived SIGKILL"
}

# rss_of PID: resident set size, human readable.
rss_of() {
  local kb
  kb=$(awk '/^VmRSS:/ {print $2}' /proc/"$1"/status 2>/dev/null) || true
  [[ -n "$kb" ]] && printf '%d MiB' $((kb / 1024)) || printf '?'
}

# ---------------------------------------------------------------- java

# java_major JAVA_BIN: print the feature version (17, 21, 25, ...).
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 |
    awk -F'= ' '/java.specification.version/ {print $2; exit}'
}

# find_java_home MIN_MAJOR [MAX_MAJOR]: print a JAVA_HOME whose version is in
# range. Honours $JAVA_HOME first, then the java on PATH, then /usr/lib/jvm/*.
find_java_home() {
  local min=$1 max=${2:-999} cand major
  local -a cands=()
  [[ -n "${JAVA_HOME:-}" ]] && cands+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    cands+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for cand in /usr/lib/jvm/*; do [[ -d "$cand" && ! -L "$cand" ]] && cands+=("$cand"); done
  for cand in "${cands[@]}"; do
    [[ -x "$cand/bin/java" ]] || continue
    major=$(java_major "$cand/bin/java") || continue
    [[ "$major" =~ ^[0-9]+$ ]] || continue
    if ((major >= min && major <= max)); then
      printf '%s\n' "$cand"
      return 0
    fi
  done
  return 1
}

# ---------------------------------------------------------------- maven

require_cmd() {
  local c
  for c in "$@"; do
    command -v "$c" >/dev/null 2>&1 || die "'$c' is required but not installed"
  done
}

# mvn_quiet ARGS...: run Maven in batch mode; print its output only on failure.
mvn_quiet() {
  require_cmd mvn
  local out rc=0
  out=$(mktemp)
  mvn -B -ntp "$@" >"$out" 2>&1 || rc=$?
  if ((rc != 0)); then
    err "mvn $* failed (exit $rc):"
    grep -E 'ERROR|BUILD|Could not|resolve' "$out" | head -n 30 >&2 || tail -n 30 "$out" >&2
    rm -f "$out"
    return "$rc"
  fi
  rm -f "$out"
}

# ---------------------------------------------------------------- status

# status_line SERVICE STATE [VERSION PID RSS ENDPOINT | free text...]
status_line() {
  local svc=$1 state=$2
  shift 2
  if [[ $state == up ]]; then
    printf '%-14s %-5s version %-8s pid %-7s rss %-9s %s\n' "$svc" "$state" "$1" "$2" "$3" "$4"
  else
    printf '%-14s %-5s %s\n' "$svc" "$state" "$*"
  fi
}

# world_traversable PATH: true if every existing directory on PATH (and PATH
# itself) can be entered by other users (o+x). Missing parts are ignored:
# they will be created with mode 755.
world_traversable() {
  local d
  d=$(readlink -m "$1")
  while [[ -n "$d" && "$d" != / ]]; do
    if [[ -d "$d" ]]; then
      [[ "$(stat -c %A "$d")" == ?????????[xt] ]] || return 1
    fi
    d=$(dirname "$d")
  done
}
