# shellcheck shell=bash
# Where each org's native nodes run. Without --hosts every node listens on 127.0.0.1 of this machine; with
# --hosts FILE an org (by MSP ID, the orderer org included) gets its own address, and optionally a launcher:
# the command prefix its processes (nodes, CA, chaincode servers) start with, such as `ip netns exec org1`
# for a network namespace. One line per org, `MSPID ADDRESS [LAUNCHER...]`, `#` comments (the generator
# reads the same file: scripts/fabric-config/node-hosts.ts).

HOST_MSPS=()
HOST_ADDRESSES=()
HOST_LAUNCHERS=()

# load_hosts FILE: reads the file into the HOST_* arrays (nothing for an empty name).
load_hosts() {
  HOST_MSPS=() HOST_ADDRESSES=() HOST_LAUNCHERS=()
  [ -n "$1" ] || return 0
  [ -f "$1" ] || fatal "hosts file not found: $1"
  local line msp address launcher
  while IFS= read -r line || [ -n "$line" ]; do
    line=${line%%#*}
    read -r msp address launcher <<<"$line" || true
    [ -n "$msp" ] || continue
    HOST_MSPS+=("$msp")
    HOST_ADDRESSES+=("$address")
    HOST_LAUNCHERS+=("$launcher")
  done <"$1"
}

# org_address MSPID: the address the org's nodes listen on and are reached at.
org_address() {
  local i
  for i in "${!HOST_MSPS[@]}"; do
    [ "${HOST_MSPS[$i]}" = "$1" ] && { printf '%s\n' "${HOST_ADDRESSES[$i]}"; return 0; }
  done
  printf '127.0.0.1\n'
}

org_on_loopback() { [ "$(org_address "$1")" = 127.0.0.1 ]; }

# org_endpoint MSPID PORT: ADDRESS:PORT of one of the org's nodes.
org_endpoint() { printf '%s:%s\n' "$(org_address "$1")" "$2"; }

# org_launcher MSPID: the org's launcher words (empty when its processes start directly).
org_launcher() {
  local i
  for i in "${!HOST_MSPS[@]}"; do
    [ "${HOST_MSPS[$i]}" = "$1" ] && { printf '%s\n' "${HOST_LAUNCHERS[$i]}"; return 0; }
  done
}

# The MSP ID owning a node, by the index in the plan's arrays.
peer_msp() { printf '%s\n' "${ORG_MSPS[${PEER_ORG_INDEXES[$1]}]}"; }

peer_endpoint() { org_endpoint "$(peer_msp "$1")" "${PEER_PORTS[$1]}"; }
peer_operations() { org_endpoint "$(peer_msp "$1")" "${PEER_OPERATIONS_PORTS[$1]}"; }
orderer_endpoint() { org_endpoint "$ORDERER_MSP" "${ORDERER_PORTS[$1]}"; }
orderer_admin_endpoint() { org_endpoint "$ORDERER_MSP" "${ORDERER_ADMIN_PORTS[$1]}"; }
orderer_operations() { org_endpoint "$ORDERER_MSP" "${ORDERER_OPERATIONS_PORTS[$1]}"; }
ccaas_endpoint() { org_endpoint "${CCAAS_MSPS[$1]}" "${CCAAS_PORTS[$1]}"; }
