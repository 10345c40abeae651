# shellcheck shell=bash
# Logging, dry-run aware command execution, waiting, ports and background processes for network.sh.
# Bash 3.2 compatible (macOS): no associative arrays, no mapfile, no ${var,,}.

DRY_RUN=${DRY_RUN:-0}
VERBOSE=${VERBOSE:-0}
WAIT_SECONDS=${SCENECHAIN_WAIT_SECONDS:-120}

if [ -t 2 ]; then
  C_RED=$'\033[31m' C_GREEN=$'\033[32m' C_YELLOW=$'\033[33m' C_RESET=$'\033[0m'
else
  C_RED='' C_GREEN='' C_YELLOW='' C_RESET=''
fi

info() { printf '%s==> %s%s\n' "$C_GREEN" "$*" "$C_RESET" >&2; }
warn() { printf '%swarning: %s%s\n' "$C_YELLOW" "$*" "$C_RESET" >&2; }
fatal() {
  printf '%serror: %s%s\n' "$C_RED" "$*" "$C_RESET" >&2
  # A first `up` that fails before recording its state leaves nothing behind (runtime.sh).
  if command -v abandon_fresh_up >/dev/null 2>&1; then abandon_fresh_up; fi
  exit 1
}

is_dry_run() { [ "$DRY_RUN" = 1 ]; }

# Prints a command the way a shell would read it back: `+ cmd 'arg with space'`.
print_cmd() {
  local out='+' arg
  for arg in "$@"; do out="$out $(printf '%q' "$arg")"; done
  printf '%s\n' "$out"
}

# Runs a command that changes something; with --dry-run only prints it.
run() {
  if is_dry_run; then
    print_cmd "$@"
    return 0
  fi
  [ "$VERBOSE" = 1 ] && print_cmd "$@" >&2
  "$@"
}

# Runs a read-only query whose answer decides whether a step is needed. With --dry-run it is not run and
# fails, so the dry run shows every step as if the network were new.
query() {
  if is_dry_run; then return 1; fi
  "$@"
}

# Same as run, but stdout goes to a file (e.g. a decoded config).
run_to_file() {
  local file=$1
  shift
  if is_dry_run; then
    print_cmd "$@"
    printf '  > %s\n' "$file"
    return 0
  fi
  [ "$VERBOSE" = 1 ] && print_cmd "$@" >&2
  "$@" >"$file"
}

# wait_until [--node NAME] WHAT CMD...: waits until CMD succeeds, or fails with a message after WAIT_SECONDS.
# With --node (a process this script started natively), a node that exits meanwhile (a port taken after the
# check, a bad config) fails at once, showing the end of its log.
wait_until() {
  local node=''
  if [ "$1" = --node ]; then
    node=$2
    shift 2
  fi
  local what=$1
  shift
  if is_dry_run; then
    printf '+ # wait until %s\n' "$what"
    return 0
  fi
  [ "$RUNTIME" = native ] || node=''
  local deadline=$((SECONDS + WAIT_SECONDS))
  until "$@" >/dev/null 2>&1; do
    if [ -n "$node" ] && ! process_alive "$node"; then
      tail -n 15 "$WORK_DIR/logs/$node.log" >&2 2>/dev/null || true
      fatal "$node exited while waiting until $what (log: $WORK_DIR/logs/$node.log)"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      fatal "timed out after ${WAIT_SECONDS}s waiting until $what"
    fi
    sleep 1
  done
}

# port_listening PORT|ADDRESS:PORT: true when something accepts TCP connections there (127.0.0.1 by default).
port_listening() {
  local host=127.0.0.1 port=$1
  case $1 in *:*) host=${1%:*} port=${1##*:} ;; esac
  (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null
}

http_ok() {
  curl -fsS --max-time 2 "$1" >/dev/null 2>&1
}

# Refuses to go on when any `port owner` pair names a busy port, listing them all.
ensure_ports_free() {
  local busy='' port owner
  while [ "$#" -ge 2 ]; do
    port=$1 owner=$2
    shift 2
    if port_listening "$port"; then busy="$busy
  port $port ($owner) is already in use"; fi
  done
  if [ -n "$busy" ]; then
    fatal "cannot start: ${busy}
Stop whatever holds these ports, or move ours with --port-offset N or --port KEY=PORT (see: network.sh ports)."
  fi
}

# Background processes (native runtime). Each has a pid file holding its pid and the program name, so we
# only ever signal a process we started and that still runs that program.
pid_file() { printf '%s/pids/%s.pid' "$WORK_DIR" "$1"; }

process_alive() {
  local file pid name
  file=$(pid_file "$1")
  [ -f "$file" ] || return 1
  pid=$(sed -n 1p "$file")
  name=$(sed -n 2p "$file")
  [ -n "$pid" ] && pid_running "$pid" || return 1
  ps -p "$pid" -o command= 2>/dev/null | grep -q -- "$name"
}

# start_process [--in MSPID] NAME ENV_FILE CMD... : runs CMD in the background with ENV_FILE sourced, logs to
# logs/NAME.log. With --in, through that org's launcher (hosts.sh), e.g. inside its network namespace; the
# launcher must exec CMD in place (as `ip netns exec` does), so the pid recorded is CMD's.
start_process() {
  local launcher=()
  if [ "$1" = --in ]; then
    read -r -a launcher <<<"$(org_launcher "$2")" || true
    shift 2
  fi
  local name=$1 env_file=$2
  shift 2
  local log="$WORK_DIR/logs/$name.log"
  if process_alive "$name"; then
    info "$name is already running (pid $(sed -n 1p "$(pid_file "$name")"))"
    return 0
  fi
  if is_dry_run; then
    printf '+ (set -a; . %q; exec' "$env_file"
    printf ' %q' ${launcher[@]+"${launcher[@]}"} "$@"
    printf ') >>%q 2>&1 &\n' "$log"
    return 0
  fi
  mkdir -p "$WORK_DIR/logs" "$WORK_DIR/pids"
  (
    set -a
    # shellcheck disable=SC1090
    . "$env_file"
    set +a
    exec ${launcher[@]+"${launcher[@]}"} "$@"
  ) >>"$log" 2>&1 </dev/null &
  printf '%s\n%s\n' "$!" "$(basename "$1")" >"$(pid_file "$name")"
}

# stop_processes NAME...: SIGTERM to every one that runs, then waits for all of them together (10 s at most)
# and kills what is left. Nodes stop in parallel, so `down` takes as long as the slowest one, not the sum.
# A process may exit between the liveness check and a signal: signal_process takes that as stopped. Pid files
# go in every case, so a later `down` never signals a pid the system has since given to another program.
stop_processes() {
  local name pid pids=() names=() k tries=0
  for name in "$@"; do
    if process_alive "$name"; then
      pid=$(sed -n 1p "$(pid_file "$name")")
      signal_process TERM "$pid"
      pids+=("$pid")
      names+=("$name")
    fi
  done
  if ! is_dry_run && [ "${#pids[@]}" -gt 0 ]; then
    while [ "$tries" -lt 20 ] && any_alive "${pids[@]}"; do
      sleep 0.5
      tries=$((tries + 1))
    done
    for k in "${!pids[@]}"; do
      pid_running "${pids[$k]}" || continue
      warn "${names[$k]} (pid ${pids[$k]}) did not stop within 10 s of SIGTERM: killing it"
      signal_process KILL "${pids[$k]}"
    done
  fi
  is_dry_run && return 0
  for name in "$@"; do rm -f "$(pid_file "$name")"; done
}

# signal_process SIGNAL PID: sends it; a process that is already gone counts as done, not as an error.
signal_process() {
  run kill "-$1" "$2" 2>/dev/null && return 0
  pid_running "$2" && warn "could not send SIG$1 to pid $2"
  return 0
}

stop_process() { stop_processes "$1"; }

# True when the pid runs (an exited child its parent has not reaped yet, a zombie, does not).
pid_running() {
  kill -0 "$1" 2>/dev/null && ! ps -o stat= -p "$1" 2>/dev/null | grep -q '^Z'
}

any_alive() {
  local pid
  for pid in "$@"; do pid_running "$pid" && return 0; done
  return 1
}

# contains WORD LIST... : true when WORD is one of the words in LIST.
contains() {
  local word=$1 item
  shift
  for item in "$@"; do [ "$item" = "$word" ] && return 0; done
  return 1
}
