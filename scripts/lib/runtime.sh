# shellcheck shell=bash
# Which runtime can run here: Docker needs the CLI, its compose plugin and a reachable daemon; without them
# the operator is sent to the native runtime instead of meeting Docker's own errors half-way through.

# Why Docker cannot be used here (one line), or nothing when it can.
docker_problem() {
  if ! command -v docker >/dev/null 2>&1; then
    printf 'docker is not installed\n'
  elif ! docker compose version >/dev/null 2>&1; then
    printf "docker has no compose plugin ('docker compose version' fails)\n"
  elif ! docker info >/dev/null 2>&1; then
    printf 'the Docker daemon is not reachable (docker info fails)\n'
  fi
}

# The docker runtime's check before anything starts.
require_docker() {
  is_dry_run && return 0
  local problem
  problem=$(docker_problem)
  [ -z "$problem" ] && return 0
  fatal "the docker runtime cannot run here: $problem.
Without Docker, run every node as a local process with Fabric 2.5's binaries: add --runtime native
(peer, orderer, osnadmin, configtxgen and cryptogen on PATH or in FABRIC_BIN; see network/README.md)."
}

# The release the scripts are written for, and a check of the peer CLI's `peer version` against it.
EXPECTED_FABRIC_RELEASE=2.5

check_fabric_version() {
  is_dry_run && return 0
  local version
  version=$("$PEER_BIN" version 2>/dev/null | sed -n 's/^ *Version: *//p' | head -n 1) || version=''
  if [ -z "$version" ]; then
    fatal "cannot tell the Fabric release of $PEER_BIN ('peer version' printed no Version line); expected $EXPECTED_FABRIC_RELEASE.x"
  fi
  case $version in
    "$EXPECTED_FABRIC_RELEASE" | "$EXPECTED_FABRIC_RELEASE".*) ;;
    *)
      fatal "$PEER_BIN is Fabric $version; these scripts need Fabric $EXPECTED_FABRIC_RELEASE.x binaries.
Point FABRIC_BIN at the bin/ folder of a $EXPECTED_FABRIC_RELEASE release (or put one first on PATH)."
      ;;
  esac
}

# Set by `up` on a work dir with no network until it has written state.env: a failure before that removes
# what the command generated, so nothing is left that later commands would take for a network.
UP_CLEANUP=0

abandon_fresh_up() {
  [ "$UP_CLEANUP" = 1 ] || return 0
  [ "${BASHPID:-$$}" = "$$" ] || return 0
  UP_CLEANUP=0
  is_dry_run && return 0
  remove_work_dir >/dev/null 2>&1 || true
}
