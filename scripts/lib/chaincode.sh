# shellcheck shell=bash
# Chaincode as a service: package (deterministic), install, start the server, approve per org, check
# commit readiness, commit with the topology's endorsement policy and collections.

selected_chaincodes() {
  local i found='' channels
  channels=$(selected_channels)
  for i in "${!CC_NAMES[@]}"; do
    [ -z "$OPT_CHAINCODE" ] || [ "$OPT_CHAINCODE" = "${CC_NAMES[$i]}" ] || continue
    local ch
    for ch in $channels; do
      [ "${CC_CHANNELS[$i]}" = "${CHANNEL_NAMES[$ch]}" ] && found="$found $i"
    done
  done
  [ -n "$found" ] || fatal "no chaincode '${OPT_CHAINCODE:-*}' on channel '${OPT_CHANNEL:-*}' in the topology"
  printf '%s\n' "$found"
}

channel_index() {
  local i
  for i in "${!CHANNEL_NAMES[@]}"; do [ "${CHANNEL_NAMES[$i]}" = "$1" ] && { printf '%s\n' "$i"; return 0; }; done
  return 1
}

# The chaincode must be built: `fabric-chaincode-node server` loads package.json's main.
check_chaincode_built() {
  local dir="$REPO_DIR/$1" main
  [ -f "$dir/package.json" ] || fatal "chaincode folder $dir has no package.json"
  main=$(node -p "require(process.argv[1]).main || 'index.js'" "$dir/package.json")
  if [ ! -f "$dir/$main" ]; then
    info "building $1 ($main is missing)"
    run "$REPO_DIR/node_modules/.bin/tsc" -b "$dir"
  fi
  [ -f "$REPO_DIR/node_modules/fabric-shim/cli.js" ] || is_dry_run ||
    fatal "fabric-shim is not installed in $REPO_DIR/node_modules: run npm ci"
}

# Sets SERVERS (indexes into CCAAS_*) and PACKAGE_IDS (same order) for chaincode $1. Packages are rebuilt
# byte for byte the same (fixed tar metadata, no gzip timestamp), so their IDs never change between runs.
package_chaincode() {
  local name=$1 s src args=()
  SERVERS=()
  PACKAGE_IDS=()
  for s in "${!CCAAS_HOSTS[@]}"; do
    [ "${CCAAS_CHAINCODES[$s]}" = "$name" ] || continue
    if [ "$RUNTIME" = docker ]; then src="$WORK_DIR/${CCAAS_DOCKER_SOURCES[$s]}"; else src="$WORK_DIR/${CCAAS_NATIVE_SOURCES[$s]}"; fi
    SERVERS+=("$s")
    args+=(--src "$src" --out "$(package_file "$s")")
  done
  [ "${#SERVERS[@]}" -gt 0 ] || return 0
  is_dry_run && print_cmd npx tsx scripts/fabric-config/cli.ts package "${args[@]}"
  local id
  while IFS= read -r id; do PACKAGE_IDS+=("$id"); done < <(DRY_RUN=0 fabric_config package "${args[@]}")
  [ "${#PACKAGE_IDS[@]}" = "${#SERVERS[@]}" ] || fatal "packaging $name failed"
}

package_file() { printf '%s/packages/%s.tar.gz' "$WORK_DIR" "${CCAAS_HOSTS[$1]}"; }

install_on_org_peers() {
  local org=$1 package=$2 package_id=$3 i
  for i in "${!PEER_HOSTS[@]}"; do
    [ "${PEER_ORG_INDEXES[$i]}" = "$org" ] || continue
    if peer_query "$org" "$i" lifecycle chaincode queryinstalled --output json 2>/dev/null | grep -q "\"$package_id\""; then
      info "${PEER_HOSTS[$i]} already has $package_id"
    else
      peer_as "$org" "$i" lifecycle chaincode install "$package"
    fi
  done
}

# start_ccaas SERVER PACKAGE_ID: (re)starts the chaincode server unless it already runs this package ID.
start_ccaas() {
  local s=$1 package_id=$2 host=${CCAAS_HOSTS[$1]} id_file
  id_file="$WORK_DIR/packages/$host.running-id"
  if [ -f "$id_file" ] && [ "$(cat "$id_file")" = "$package_id" ] && node_running "$host"; then
    info "$host already serves $package_id"
    return 0
  fi
  if [ "$RUNTIME" = docker ]; then
    run env "${CCAAS_PACKAGE_ID_VARS[$s]}=$package_id" docker compose "${COMPOSE_ARGS[@]}" up -d --force-recreate "$host"
  else
    node_running "$host" && stop_process "$host"
    org_on_loopback "${CCAAS_MSPS[$s]}" && ensure_ports_free "${CCAAS_PORTS[$s]}" "$host (chaincode server)"
    start_process --in "${CCAAS_MSPS[$s]}" "$host" "$(native_env_file "$host")" node \
      "$REPO_DIR/node_modules/fabric-shim/cli.js" server --chaincode-address "$(ccaas_endpoint "$s")" \
      --chaincode-id "$package_id" --module-path "$REPO_DIR/${CCAAS_PATHS[$s]}"
    wait_until --node "$host" "$host listens on ${CCAAS_PORTS[$s]}" port_listening "$(ccaas_endpoint "$s")"
  fi
  is_dry_run || printf '%s\n' "$package_id" >"$id_file"
}

# Sets DEFINITION_ARGS: the chaincode definition every org approves and the commit repeats.
set_definition_args() {
  local c=$1
  DEFINITION_ARGS=(--channelID "${CC_CHANNELS[$c]}" --name "${CC_NAMES[$c]}" --version "${CC_VERSIONS[$c]}"
    --sequence "${CC_SEQUENCES[$c]}" "${CC_POLICY_FLAGS[$c]}" "${CC_POLICIES[$c]}")
  [ -n "${CC_COLLECTIONS[$c]}" ] && DEFINITION_ARGS+=(--collections-config "$REPO_DIR/${CC_COLLECTIONS[$c]}")
  [ "${CC_INIT_REQUIRED[$c]}" = true ] && DEFINITION_ARGS+=(--init-required)
  return 0
}

deploy_chaincode() {
  local c=$1 name=${CC_NAMES[$1]} channel=${CC_CHANNELS[$1]} ch s org peer package_ids=''
  ch=$(channel_index "$channel")
  info "chaincode $name ${CC_VERSIONS[$c]} (sequence ${CC_SEQUENCES[$c]}) on $channel"
  check_chaincode_flags "$c"
  check_chaincode_built "${CC_PATHS[$c]}"
  if [ -n "${CC_COLLECTIONS[$c]}" ] && [ ! -f "$REPO_DIR/${CC_COLLECTIONS[$c]}" ]; then
    if is_dry_run; then warn "collections config $REPO_DIR/${CC_COLLECTIONS[$c]} not found"; else
      fatal "collections config $REPO_DIR/${CC_COLLECTIONS[$c]} not found"; fi
  fi
  set_orderer_args
  set_definition_args "$c"
  # Package, install and serve for every org that runs the chaincode; remember each org's package ID.
  package_chaincode "$name"
  local k
  for k in "${!SERVERS[@]}"; do
    s=${SERVERS[$k]}
    org=$(org_index "${CCAAS_MSPS[$s]}")
    info "${CCAAS_MSPS[$s]} package ID ${PACKAGE_IDS[$k]}"
    install_on_org_peers "$org" "$(package_file "$s")" "${PACKAGE_IDS[$k]}"
    start_ccaas "$s" "${PACKAGE_IDS[$k]}"
    package_ids="$package_ids ${CCAAS_MSPS[$s]}=${PACKAGE_IDS[$k]}"
  done
  # Every channel member approves; orgs that do not run the chaincode approve without a package.
  local msp package_id pair
  # shellcheck disable=SC2086 # CHANNEL_ORGS holds a space-separated list
  for msp in ${CHANNEL_ORGS[$ch]}; do
    org=$(org_index "$msp")
    peer=$(org_first_peer "$org")
    package_id=''
    for pair in $package_ids; do [ "${pair%%=*}" = "$msp" ] && package_id=${pair#*=}; done
    if org_approved "$org" "$peer" "$c" "$package_id"; then
      info "$msp already approved $name sequence ${CC_SEQUENCES[$c]}"
      continue
    fi
    if [ -n "$package_id" ]; then
      peer_as "$org" "$peer" lifecycle chaincode approveformyorg "${ORDERER_ARGS[@]}" "${DEFINITION_ARGS[@]}" --package-id "$package_id"
    else
      peer_as "$org" "$peer" lifecycle chaincode approveformyorg "${ORDERER_ARGS[@]}" "${DEFINITION_ARGS[@]}"
    fi
  done
  commit_chaincode "$c" "$ch"
}

# org_approved ORG PEER CHAINCODE PACKAGE_ID: the org approved this sequence, for PACKAGE_ID when it runs the
# chaincode. Fabric lets an org approve its sequence again (even once committed) to change its package ID,
# which is how a server with a new package takes over.
org_approved() {
  local approved
  approved=$(peer_query "$1" "$2" lifecycle chaincode queryapproved -C "${CC_CHANNELS[$3]}" -n "${CC_NAMES[$3]}" \
    --sequence "${CC_SEQUENCES[$3]}" --output json 2>/dev/null) || return 1
  [ -z "$4" ] || printf '%s' "$approved" | tr -d ' \n\t' | grep -qF "\"package_id\":\"$4\""
}

commit_chaincode() {
  local c=$1 ch=$2 name=${CC_NAMES[$1]} channel=${CC_CHANNELS[$1]} first_org first_peer msp org peer
  first_org=$(org_index "$(printf '%s\n' "${CHANNEL_ORGS[$ch]}" | cut -d' ' -f1)")
  first_peer=$(org_first_peer "$first_org")
  if peer_query "$first_org" "$first_peer" lifecycle chaincode querycommitted -C "$channel" -n "$name" --output json 2>/dev/null |
    tr -d ' \n' | grep -q "\"sequence\":${CC_SEQUENCES[$c]},"; then
    info "$name sequence ${CC_SEQUENCES[$c]} is already committed on $channel"
    return 0
  fi
  local readiness
  readiness=$(peer_query "$first_org" "$first_peer" lifecycle chaincode checkcommitreadiness "${DEFINITION_ARGS[@]}" --output json 2>&1) || true
  if is_dry_run; then
    set_peer_env "$first_org" "$first_peer"
    print_cmd env "${PEER_ENV[@]}" "$PEER_BIN" lifecycle chaincode checkcommitreadiness "${DEFINITION_ARGS[@]}" --output json
  elif printf '%s' "$readiness" | tr -d ' \n' | grep -q '":false'; then
    fatal "not every org approved the same definition of $name:
$readiness
An org that approved different settings (policy, collections, version) must approve again with the topology's."
  fi
  # The commit needs endorsements satisfying LifecycleEndorsement (a majority): ask one peer of every member.
  local targets=()
  # shellcheck disable=SC2086 # CHANNEL_ORGS holds a space-separated list
  for msp in ${CHANNEL_ORGS[$ch]}; do
    org=$(org_index "$msp")
    peer=$(org_first_peer "$org")
    targets+=(--peerAddresses "$(peer_endpoint "$peer")"
      --tlsRootCertFiles "$(peer_org_dir "$org")/peers/${PEER_HOSTS[$peer]}/tls/ca.crt")
  done
  peer_as "$first_org" "$first_peer" lifecycle chaincode commit "${ORDERER_ARGS[@]}" "${DEFINITION_ARGS[@]}" "${targets[@]}"
  if [ "${CC_INIT_REQUIRED[$c]}" = true ]; then init_chaincode "$c"; fi
}

# Init (only for definitions with initRequired): endorsed by one peer of every org that runs the chaincode;
# it calls the -cci function if one is named, else the contract's default with no arguments.
init_chaincode() {
  local c=$1 s org peer first_org='' targets=() call='{"Args":[]}'
  [ -z "$OPT_CC_INIT_FCN" ] || call=$(printf '{"function":"%s","Args":[]}' "$OPT_CC_INIT_FCN")
  for s in "${!CCAAS_HOSTS[@]}"; do
    [ "${CCAAS_CHAINCODES[$s]}" = "${CC_NAMES[$c]}" ] || continue
    org=$(org_index "${CCAAS_MSPS[$s]}")
    [ -n "$first_org" ] || first_org=$org
    peer=$(org_first_peer "$org")
    targets+=(--peerAddresses "$(peer_endpoint "$peer")"
      --tlsRootCertFiles "$(peer_org_dir "$org")/peers/${PEER_HOSTS[$peer]}/tls/ca.crt")
  done
  peer_as "$first_org" "$(org_first_peer "$first_org")" chaincode invoke "${ORDERER_ARGS[@]}" -C "${CC_CHANNELS[$c]}" \
    -n "${CC_NAMES[$c]}" --isInit -c "$call" --waitForEvent "${targets[@]}"
}
