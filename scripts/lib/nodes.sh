# shellcheck shell=bash
# Orderers, peers and CouchDB: start, health, stop, for both runtimes.

native_env_file() { printf '%s/nodes/native/%s.env' "$WORK_DIR" "$1"; }

# Every host port a node of this runtime binds, as `port owner` pairs, skipping nodes already running.
collect_node_ports() {
  NODE_PORTS=()
  local i msp
  for i in "${!ORDERER_HOSTS[@]}"; do
    node_running "${ORDERER_HOSTS[$i]}" && continue
    claim_port "$ORDERER_MSP" "${ORDERER_PORTS[$i]}" "${ORDERER_HOSTS[$i]}"
    claim_port "$ORDERER_MSP" "${ORDERER_ADMIN_PORTS[$i]}" "${ORDERER_HOSTS[$i]} (admin)"
    claim_port "$ORDERER_MSP" "${ORDERER_OPERATIONS_PORTS[$i]}" "${ORDERER_HOSTS[$i]} (operations)"
  done
  for i in "${!PEER_HOSTS[@]}"; do
    msp=$(peer_msp "$i")
    if ! node_running "${PEER_HOSTS[$i]}"; then
      claim_port "$msp" "${PEER_PORTS[$i]}" "${PEER_HOSTS[$i]}"
      claim_port "$msp" "${PEER_OPERATIONS_PORTS[$i]}" "${PEER_HOSTS[$i]} (operations)"
      [ "$RUNTIME" = native ] && claim_port "$msp" "${PEER_CHAINCODE_PORTS[$i]}" "${PEER_HOSTS[$i]} (chaincode)"
    fi
    if [ "$STATE_DB" = couchdb ] && [ "$RUNTIME" = docker ] && ! node_running "${PEER_COUCHDB_HOSTS[$i]}"; then
      NODE_PORTS+=("${PEER_COUCHDB_PORTS[$i]}" "${PEER_COUCHDB_HOSTS[$i]}")
    fi
  done
  if [ "$CRYPTO" = ca ]; then
    node_running "$ORDERER_CA_HOST" || claim_port "$ORDERER_MSP" "$ORDERER_CA_PORT" "$ORDERER_CA_HOST"
    for i in "${!ORG_CA_HOSTS[@]}"; do
      node_running "${ORG_CA_HOSTS[$i]}" || claim_port "${ORG_MSPS[$i]}" "${ORG_CA_PORTS[$i]}" "${ORG_CA_HOSTS[$i]}"
    done
  fi
  return 0
}

# claim_port MSPID PORT OWNER: adds the pair to NODE_PORTS, the ports checked free before anything starts, when
# the node binds it here: with Docker (published ports) or natively on 127.0.0.1. An org moved elsewhere with
# --hosts listens on another host (or namespace) whose listeners this shell cannot see; a port taken there
# makes the node exit, and waiting for it fails with the end of its log.
claim_port() {
  [ "$RUNTIME" = docker ] || org_on_loopback "$1" || return 0
  NODE_PORTS+=("$2" "$3")
}

node_running() {
  is_dry_run && return 1
  if [ "$RUNTIME" = docker ]; then container_running "$1"; else process_alive "$1"; fi
}

# Native CouchDB is the operator's: one server per peer must already listen on its port.
check_native_couchdb() {
  [ "$STATE_DB" = couchdb ] && [ "$RUNTIME" = native ] || return 0
  local i missing=''
  for i in "${!PEER_HOSTS[@]}"; do
    is_dry_run || port_listening "${PEER_COUCHDB_PORTS[$i]}" || missing="$missing
  ${PEER_HOSTS[$i]} expects CouchDB on 127.0.0.1:${PEER_COUCHDB_PORTS[$i]}"
  done
  [ -z "$missing" ] || fatal "--runtime native --state-db couchdb needs one CouchDB per peer (user \${COUCHDB_USER:-admin}):$missing"
}

start_orderers() {
  local i
  for i in "${!ORDERER_HOSTS[@]}"; do
    if [ "$RUNTIME" = docker ]; then
      node_running "${ORDERER_HOSTS[$i]}" || run docker compose "${COMPOSE_ARGS[@]}" up -d "${ORDERER_HOSTS[$i]}"
    else
      run mkdir -p "$WORK_DIR/data/${ORDERER_HOSTS[$i]}"
      start_process --in "$ORDERER_MSP" "${ORDERER_HOSTS[$i]}" "$(native_env_file "${ORDERER_HOSTS[$i]}")" "$ORDERER_BIN"
    fi
  done
  local host
  for i in "${!ORDERER_HOSTS[@]}"; do
    host=${ORDERER_HOSTS[$i]}
    wait_until --node "$host" "$host is healthy" http_ok "http://$(orderer_operations "$i")/healthz"
    wait_until --node "$host" "$host listens on ${ORDERER_PORTS[$i]}" port_listening "$(orderer_endpoint "$i")"
    wait_until --node "$host" "$host admin listens on ${ORDERER_ADMIN_PORTS[$i]}" port_listening "$(orderer_admin_endpoint "$i")"
  done
}

start_peer() {
  local i=$1 host=${PEER_HOSTS[$1]}
  if [ "$RUNTIME" = docker ]; then
    local services=("$host")
    [ "$STATE_DB" = couchdb ] && services=("${PEER_COUCHDB_HOSTS[$i]}" "$host")
    node_running "$host" || run docker compose "${COMPOSE_ARGS[@]}" up -d "${services[@]}"
  else
    run mkdir -p "$WORK_DIR/data/$host"
    if [ "$STATE_DB" = couchdb ]; then
      # Both files in one environment: the peer's, then its CouchDB settings (outside nodes/, which the
      # generator owns and rewrites).
      run mkdir -p "$WORK_DIR/nodecfg/env"
      run_to_file "$WORK_DIR/nodecfg/env/$host.env" cat "$(native_env_file "$host")" "$WORK_DIR/nodes/native/$host.couchdb.env"
      start_process --in "$(peer_msp "$i")" "$host" "$WORK_DIR/nodecfg/env/$host.env" "$PEER_BIN" node start
    else
      start_process --in "$(peer_msp "$i")" "$host" "$(native_env_file "$host")" "$PEER_BIN" node start
    fi
  fi
}

# The operations endpoint answers before the gRPC port listens: wait for both.
wait_for_peer() {
  local i=$1 host=${PEER_HOSTS[$1]}
  wait_until --node "$host" "$host is healthy" http_ok "http://$(peer_operations "$i")/healthz"
  wait_until --node "$host" "$host listens on ${PEER_PORTS[$i]}" port_listening "$(peer_endpoint "$i")"
}

# start_peers [ORG_INDEX]: every peer, or one org's.
start_peers() {
  local i
  for i in "${!PEER_HOSTS[@]}"; do
    [ -z "${1:-}" ] || [ "${PEER_ORG_INDEXES[$i]}" = "$1" ] || continue
    start_peer "$i"
  done
  for i in "${!PEER_HOSTS[@]}"; do
    [ -z "${1:-}" ] || [ "${PEER_ORG_INDEXES[$i]}" = "$1" ] || continue
    wait_for_peer "$i"
  done
}

# Stops the compose project (docker, when Docker is usable here) and every process with a pid file in the
# work dir (native, and a docker network's leftovers), whatever the runtime recorded.
stop_all_nodes() {
  if [ "$RUNTIME" = docker ] && [ -n "${COMPOSE_ARGS+set}" ]; then
    local problem
    problem=$(docker_problem)
    if is_dry_run || [ -z "$problem" ]; then
      run docker compose "${COMPOSE_ARGS[@]}" down --volumes --remove-orphans ||
        warn 'docker compose down failed: containers, if any, may still run'
    elif [ -f "$STATE_FILE" ]; then
      warn "$problem: this network's containers, if any, were left alone"
    fi
  fi
  local file names=()
  for file in "$WORK_DIR"/pids/*.pid; do
    [ -e "$file" ] && names+=("$(basename "$file" .pid)")
  done
  [ "${#names[@]}" -eq 0 ] || stop_processes "${names[@]}"
  is_dry_run && printf '+ # stop every process with a pid file in %s/pids\n' "$WORK_DIR"
  return 0
}
