#!/usr/bin/env bash
# Prints the exports that point Fabric's `peer` CLI at one org of the running network, as its admin:
#   eval "$(scripts/org-env.sh RegulatorMSP)"; peer channel list
# ORG is an MSP ID, an org name or domain (any letter case) or a number 1..n in topology order.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$SCRIPT_DIR/.." && pwd)

# shellcheck source=lib/common.sh
. "$SCRIPT_DIR/lib/common.sh"
# shellcheck source=lib/hosts.sh
. "$SCRIPT_DIR/lib/hosts.sh"
# shellcheck source=lib/fabric-tools.sh
. "$SCRIPT_DIR/lib/fabric-tools.sh"
# shellcheck source=lib/chaincode-flags.sh
. "$SCRIPT_DIR/lib/chaincode-flags.sh"

org_env_usage() {
  cat <<'USAGE'
Usage: scripts/org-env.sh ORG [--peer N] [--work-dir DIR]
  ORG             MSP ID (RegulatorMSP), org name or domain, or number 1..n in topology order
  --peer N        the org's Nth peer (default 0, its first)
  --work-dir DIR  the network's work dir (default network/fabric/.generated, as network.sh)
Prints FABRIC_CFG_PATH, CORE_PEER_* (the org's Admin against that peer), ORDERER_ADDRESS and ORDERER_CA
exports; use: eval "$(scripts/org-env.sh ORG)"
USAGE
}

main() {
  local spec='' peer_number=0 work_dir="$REPO_DIR/network/fabric/.generated"
  while [ "$#" -gt 0 ]; do
    case $1 in
      --peer) peer_number=${2:?--peer needs a number}; shift ;;
      --work-dir) work_dir=${2:?--work-dir needs a folder}; shift ;;
      -h | --help) org_env_usage; exit 0 ;;
      -*) org_env_usage >&2; fatal "unknown option '$1'" ;;
      *) [ -z "$spec" ] || fatal "one org only (got '$spec' and '$1')"; spec=$1 ;;
    esac
    shift
  done
  [ -n "$spec" ] || { org_env_usage >&2; fatal 'name an org'; }
  case $work_dir in /*) WORK_DIR=$work_dir ;; *) WORK_DIR="$PWD/$work_dir" ;; esac
  if [ ! -f "$WORK_DIR/network-plan.env" ] || [ ! -f "$WORK_DIR/state.env" ]; then
    fatal "no network in $WORK_DIR: run 'scripts/network.sh up' first (or give --work-dir)"
  fi
  # shellcheck source=../network/fabric/network-plan.env
  . "$WORK_DIR/network-plan.env"
  local STATE_HOSTS=''
  # shellcheck disable=SC1091
  . "$WORK_DIR/state.env"
  load_hosts "$STATE_HOSTS"
  local org i peer='' seen=0 pair
  org=$(require_org "$spec")
  for i in "${!PEER_HOSTS[@]}"; do
    [ "${PEER_ORG_INDEXES[$i]}" = "$org" ] || continue
    [ "$seen" = "$peer_number" ] && peer=$i
    seen=$((seen + 1))
  done
  [ -n "$peer" ] || fatal "${ORG_MSPS[$org]} has $seen peer(s): --peer must be 0..$((seen - 1))"
  set_peer_env "$org" "$peer"
  printf '# %s as Admin@%s against %s\n' "${ORG_MSPS[$org]}" "${ORG_DOMAINS[$org]}" "${PEER_HOSTS[$peer]}"
  for pair in "${PEER_ENV[@]}"; do printf 'export %s=%q\n' "${pair%%=*}" "${pair#*=}"; done
  printf 'export ORDERER_ADDRESS=%q\n' "$(orderer_endpoint 0)"
  printf 'export ORDERER_CA=%q\n' "$(orderer_org_dir)/tlsca/tlsca.$ORDERER_DOMAIN-cert.pem"
}

main "$@"
