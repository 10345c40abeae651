#!/usr/bin/env bash
# Scenechain's real Hyperledger Fabric 2.5 network: the operators' entry point. See network/README.md.
#   scripts/network.sh up createChannel deployCC [--runtime docker|native] [--ca] [-s couchdb] ...
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$SCRIPT_DIR/.." && pwd)

# shellcheck source=lib/common.sh
. "$SCRIPT_DIR/lib/common.sh"
# shellcheck source=lib/hosts.sh
. "$SCRIPT_DIR/lib/hosts.sh"
# shellcheck source=lib/options.sh
. "$SCRIPT_DIR/lib/options.sh"
# shellcheck source=lib/runtime.sh
. "$SCRIPT_DIR/lib/runtime.sh"
# shellcheck source=lib/fabric-tools.sh
. "$SCRIPT_DIR/lib/fabric-tools.sh"
# shellcheck source=lib/crypto.sh
. "$SCRIPT_DIR/lib/crypto.sh"
# shellcheck source=lib/nodes.sh
. "$SCRIPT_DIR/lib/nodes.sh"
# shellcheck source=lib/channel.sh
. "$SCRIPT_DIR/lib/channel.sh"
# shellcheck source=lib/chaincode.sh
. "$SCRIPT_DIR/lib/chaincode.sh"
# shellcheck source=lib/chaincode-flags.sh
. "$SCRIPT_DIR/lib/chaincode-flags.sh"
# shellcheck source=lib/add-org.sh
. "$SCRIPT_DIR/lib/add-org.sh"
# shellcheck source=lib/status.sh
. "$SCRIPT_DIR/lib/status.sh"

# Writes the generated config for this topology and these ports into the work dir and loads the plan.
prepare_config() {
  [ "${CONFIG_PREPARED:-0}" = 1 ] && return 0
  CONFIG_PREPARED=1
  fabric_config generate --topology "$TOPOLOGY" --out "$WORK_DIR" "${PLAN_ARGS[@]}"
  load_plan
}

load_plan() {
  [ -f "$WORK_DIR/network-plan.env" ] || fatal "no network plan in $WORK_DIR"
  # shellcheck source=../network/fabric/network-plan.env
  . "$WORK_DIR/network-plan.env"
  compose_files
}

write_connection_settings() {
  fabric_config connection --topology "$TOPOLOGY" --work-dir "$WORK_DIR" --runtime "$RUNTIME" --crypto "$CRYPTO" \
    "${PLAN_ARGS[@]}" --out "$WORK_DIR/connection.json"
  info "gateway connection settings: $WORK_DIR/connection.json"
}

# Binaries command $1 needs on the host (the CLI side), plus the node binaries for native. configtxlator
# only edits channel configs (addOrg), so the other commands run without it.
require_tools() {
  local bins=(peer configtxgen osnadmin)
  [ "$1" = addOrg ] && bins+=(configtxlator)
  if [ "$CRYPTO" = ca ]; then bins+=(fabric-ca-client); else bins+=(cryptogen); fi
  if [ "$RUNTIME" = native ]; then
    bins+=(orderer)
    [ "$CRYPTO" = ca ] && bins+=(fabric-ca-server)
  else
    require_docker
  fi
  require_fabric_bins "${bins[@]}"
  check_fabric_version
  require_command curl 'network.sh polls health and metrics endpoints with curl'
  require_command node 'Node.js 20 runs the config generator and the chaincode servers'
}

cmd_up() {
  info "up: runtime $RUNTIME, identities $CRYPTO, state database $STATE_DB, work dir $WORK_DIR"
  collect_node_ports
  ensure_ports_free ${NODE_PORTS[@]+"${NODE_PORTS[@]}"}
  check_native_couchdb
  # Remembered before anything starts, so `down` knows how to stop a network whose `up` failed half-way.
  save_state
  UP_CLEANUP=0
  NETWORK_STARTED=1
  create_identities
  write_node_configs
  start_orderers
  start_peers
  write_connection_settings
}

cmd_create_channel() {
  require_started
  # Assigned first: a failing substitution in a for list would not stop the script under set -e.
  local ch channels
  channels=$(selected_channels)
  for ch in $channels; do create_channel "$ch"; done
}

cmd_deploy_cc() {
  require_started
  local c chaincodes
  chaincodes=$(selected_chaincodes)
  for c in $chaincodes; do deploy_chaincode "$c"; done
  # Which org runs which chaincode may have changed with the topology (installedOn).
  write_connection_settings
}

cmd_add_org() {
  require_started
  add_org
  save_state
  write_connection_settings
}

# What network.sh creates in the work dir: generated config, identities (private keys), ledgers, logs.
WORK_DIR_ENTRIES=(crypto data logs pids channel-artifacts packages ca-server ca-client nodecfg connection.json
  state.env configtx compose nodes ccaas crypto-config.yaml network-plan.env)

work_dir_has_network() {
  local entry
  for entry in "${WORK_DIR_ENTRIES[@]}"; do [ -e "$WORK_DIR/$entry" ] && return 0; done
  return 1
}

# Removes only what network.sh creates in the work dir, then the work dir itself if that leaves it empty.
remove_work_dir() {
  local entry
  for entry in "${WORK_DIR_ENTRIES[@]}"; do
    [ -e "$WORK_DIR/$entry" ] || continue
    if ! run rm -rf "${WORK_DIR:?}/$entry" 2>/dev/null && [ "$RUNTIME" = docker ] && [ -z "$(docker_problem)" ]; then
      # Fabric CA containers write their home as root; remove it from a container too.
      run docker run --rm -v "$WORK_DIR:/work" --entrypoint rm "hyperledger/fabric-ca:${FABRIC_CA_VERSION:-1.5}" -rf "/work/$entry" || true
    fi
  done
  is_dry_run || rmdir "$WORK_DIR" 2>/dev/null || true
}

# Idempotent and whatever the runtime: stops what runs (containers when Docker is usable, every process with a
# pid file), then deletes what network.sh created, keys included. A failing step does not stop the next one;
# `down` fails only when something it created is still there at the end.
cmd_down() {
  local entry left=''
  if [ ! -f "$WORK_DIR/network-plan.env" ] && ! work_dir_has_network; then
    info "no network in $WORK_DIR"
    return 0
  fi
  info "down: stopping everything network.sh started in $WORK_DIR and deleting it"
  if [ -f "$WORK_DIR/network-plan.env" ]; then load_plan; fi
  stop_all_nodes || warn 'stopping the nodes failed; removing the work dir anyway'
  remove_work_dir || true
  NETWORK_STARTED=0
  is_dry_run && return 0
  for entry in "${WORK_DIR_ENTRIES[@]}"; do [ -e "$WORK_DIR/$entry" ] && left="$left $entry"; done
  [ -z "$left" ] || fatal "down could not remove from $WORK_DIR:$left"
  return 0
}

main() {
  parse_options "$@"
  resolve_settings
  check_chaincode_flags_named
  local command
  for command in "${COMMANDS[@]}"; do
    case $command in
      down) cmd_down ;;
      restart)
        # As the test network's restart: down, then up with the settings the network ran with (a new ledger).
        cmd_down
        CONFIG_PREPARED=0
        UP_CLEANUP=1
        prepare_config
        require_tools up
        cmd_up
        ;;
      cc)
        prepare_config
        if [ "$CC_SUBCOMMAND" != package ]; then
          require_started
          require_fabric_bins peer
          check_fabric_version
        fi
        cmd_cc
        ;;
      status)
        if [ ! -f "$WORK_DIR/network-plan.env" ]; then info "no network in $WORK_DIR"; continue; fi
        load_plan
        PEER_BIN=$(find_bin peer) || PEER_BIN=''
        show_status
        ;;
      ports) prepare_config && show_ports ;;
      generate) prepare_config ;;
      *)
        # A first `up` that fails before recording its state removes what it generated (runtime.sh).
        if [ "$command" = up ] && [ ! -f "$STATE_FILE" ]; then UP_CLEANUP=1; fi
        prepare_config
        require_tools "$command"
        case $command in
          up) cmd_up ;;
          createChannel) cmd_create_channel ;;
          deployCC) cmd_deploy_cc ;;
          addOrg) cmd_add_org ;;
        esac
        ;;
    esac
  done
}

main "$@"
