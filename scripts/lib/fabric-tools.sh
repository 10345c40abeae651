# shellcheck shell=bash
# Finding Fabric's binaries and config, the Node half of the scripts, and the peer CLI's environment.

# The Node half (scripts/fabric-config/cli.ts) reads YAML/JSON; it runs for real even in --dry-run because
# it only writes generated files into the work dir.
fabric_config() {
  is_dry_run && print_cmd npx tsx scripts/fabric-config/cli.ts "$@"
  (cd "$REPO_DIR" && node --require tsx/cjs scripts/fabric-config/cli.ts "$@")
}

# find_bin NAME [DIR]: the binary in DIR (FABRIC_BIN by default), else on PATH. In --dry-run a missing
# binary is shown by name.
find_bin() {
  local name=$1 dir=${2:-${FABRIC_BIN:-}} found
  if [ -n "$dir" ] && [ -x "$dir/$name" ]; then
    printf '%s\n' "$dir/$name"
  elif found=$(command -v "$name" 2>/dev/null); then
    printf '%s\n' "$found"
  elif is_dry_run; then
    printf '%s\n' "$name"
  else
    return 1
  fi
}

# Sets PEER_BIN, ORDERER_BIN, ... for the given names, or fails naming every missing one.
require_fabric_bins() {
  local name var path missing=''
  for name in "$@"; do
    var=$(printf '%s_BIN' "$name" | tr '[:lower:]-' '[:upper:]_')
    case $name in
      fabric-ca-*) path=$(find_bin "$name" "${FABRIC_CA_BIN:-${FABRIC_BIN:-}}") || path='' ;;
      *) path=$(find_bin "$name") || path='' ;;
    esac
    if [ -z "$path" ]; then missing="$missing $name"; else printf -v "$var" '%s' "$path"; fi
  done
  if [ -n "$missing" ]; then
    fatal "missing Fabric binaries:$missing
Set FABRIC_BIN to the bin/ folder of a Fabric 2.5 release (FABRIC_CA_BIN for fabric-ca-*), or put them on PATH."
  fi
}

require_command() {
  command -v "$1" >/dev/null 2>&1 || is_dry_run || fatal "$1 is required: $2"
}

# The folder holding the release's own core.yaml and orderer.yaml (native runtime).
release_config_dir() {
  local dir
  for dir in "${FABRIC_CFG_PATH:-}" "${FABRIC_BIN:+$FABRIC_BIN/../config}"; do
    if [ -n "$dir" ] && [ -f "$dir/core.yaml" ] && [ -f "$dir/orderer.yaml" ]; then
      (cd "$dir" && pwd)
      return 0
    fi
  done
  is_dry_run && { printf '%s\n' "${FABRIC_BIN:-\$FABRIC_BIN}/../config"; return 0; }
  fatal "cannot find Fabric's core.yaml and orderer.yaml: set FABRIC_CFG_PATH to the release's config/ folder"
}

# The CCaaS external builder (bin/build, bin/detect, bin/release) of the release (native runtime).
ccaas_builder_dir() {
  local dir
  for dir in "${CCAAS_BUILDER_DIR:-}" "${FABRIC_BIN:+$FABRIC_BIN/../builders/ccaas}"; do
    if [ -n "$dir" ] && [ -x "$dir/bin/build" ] && [ -x "$dir/bin/detect" ] && [ -x "$dir/bin/release" ]; then
      (cd "$dir" && pwd)
      return 0
    fi
  done
  is_dry_run && { printf '%s\n' "${FABRIC_BIN:-\$FABRIC_BIN}/../builders/ccaas"; return 0; }
  fatal "cannot find the CCaaS builder (bin/build, bin/detect, bin/release): Fabric releases ship it in
builders/ccaas next to bin/; set CCAAS_BUILDER_DIR to that folder"
}

# Writes nodecfg/peer/core.yaml and nodecfg/orderer/orderer.yaml: the release's files with our overlays.
write_node_configs() {
  local base_dir="$WORK_DIR/nodecfg/base" peer_sets=()
  mkdir -p "$base_dir" "$WORK_DIR/nodecfg/peer" "$WORK_DIR/nodecfg/orderer"
  if [ "$RUNTIME" = docker ]; then
    # The images' own files, so the overlay always lands on the matching release.
    run_to_file "$base_dir/core.yaml" docker run --rm --entrypoint cat "hyperledger/fabric-peer:${FABRIC_VERSION:-2.5}" /etc/hyperledger/fabric/core.yaml
    run_to_file "$base_dir/orderer.yaml" docker run --rm --entrypoint cat "hyperledger/fabric-orderer:${FABRIC_VERSION:-2.5}" /etc/hyperledger/fabric/orderer.yaml
  else
    local release
    release=$(release_config_dir)
    run cp "$release/core.yaml" "$release/orderer.yaml" "$base_dir/"
    peer_sets=(--set "chaincode.externalBuilders.0.path=$(ccaas_builder_dir)")
  fi
  if is_dry_run && [ ! -f "$base_dir/core.yaml" ]; then
    print_cmd npx tsx scripts/fabric-config/cli.ts merge-config --base "$base_dir/core.yaml" --overlay "$WORK_DIR/nodecfg/core.overlay.yaml" --out "$WORK_DIR/nodecfg/peer/core.yaml" ${peer_sets[@]+"${peer_sets[@]}"}
    print_cmd npx tsx scripts/fabric-config/cli.ts merge-config --base "$base_dir/orderer.yaml" --overlay "$WORK_DIR/nodecfg/orderer.overlay.yaml" --out "$WORK_DIR/nodecfg/orderer/orderer.yaml"
    return 0
  fi
  fabric_config merge-config --base "$base_dir/core.yaml" --overlay "$WORK_DIR/nodecfg/core.overlay.yaml" --out "$WORK_DIR/nodecfg/peer/core.yaml" ${peer_sets[@]+"${peer_sets[@]}"}
  fabric_config merge-config --base "$base_dir/orderer.yaml" --overlay "$WORK_DIR/nodecfg/orderer.overlay.yaml" --out "$WORK_DIR/nodecfg/orderer/orderer.yaml"
}

# Index of an org in the ORG_* arrays by MSP ID.
org_index() {
  local i
  for i in "${!ORG_MSPS[@]}"; do
    [ "${ORG_MSPS[$i]}" = "$1" ] && { printf '%s\n' "$i"; return 0; }
  done
  return 1
}

# First peer index of an org.
org_first_peer() {
  local i
  for i in "${!PEER_HOSTS[@]}"; do
    [ "${PEER_ORG_INDEXES[$i]}" = "$1" ] && { printf '%s\n' "$i"; return 0; }
  done
  return 1
}

peer_org_dir() { printf '%s/crypto/peerOrganizations/%s' "$WORK_DIR" "${ORG_DOMAINS[$1]}"; }
orderer_org_dir() { printf '%s/crypto/ordererOrganizations/%s' "$WORK_DIR" "$ORDERER_DOMAIN"; }

# Sets PEER_ENV: the peer CLI acting as the admin of org $1 against peer $2.
set_peer_env() {
  local org=$1 peer=$2 dir
  dir=$(peer_org_dir "$org")
  PEER_ENV=(
    "FABRIC_CFG_PATH=$WORK_DIR/nodecfg/peer"
    "CORE_PEER_TLS_ENABLED=true"
    "CORE_PEER_LOCALMSPID=${ORG_MSPS[$org]}"
    "CORE_PEER_MSPCONFIGPATH=$dir/users/Admin@${ORG_DOMAINS[$org]}/msp"
    "CORE_PEER_TLS_ROOTCERT_FILE=$dir/peers/${PEER_HOSTS[$peer]}/tls/ca.crt"
    "CORE_PEER_ADDRESS=$(peer_endpoint "$peer")"
  )
}

# peer_as ORG PEER ARGS...: runs the peer CLI as that org's admin against that peer.
peer_as() {
  local org=$1 peer=$2
  shift 2
  set_peer_env "$org" "$peer"
  run env "${PEER_ENV[@]}" "$PEER_BIN" "$@"
}

# Same, as a query (see query in common.sh).
peer_query() {
  local org=$1 peer=$2
  shift 2
  set_peer_env "$org" "$peer"
  query env "${PEER_ENV[@]}" "$PEER_BIN" "$@"
}

# Sets ORDERER_ARGS: how the peer CLI reaches the first orderer over TLS.
set_orderer_args() {
  ORDERER_ARGS=(
    -o "$(orderer_endpoint 0)"
    --tls --cafile "$(orderer_org_dir)/tlsca/tlsca.$ORDERER_DOMAIN-cert.pem"
  )
}

# Sets OSNADMIN_ARGS for orderer $1: its admin endpoint with the orderer org admin's TLS client cert.
set_osnadmin_args() {
  local admin
  admin="$(orderer_org_dir)/users/Admin@$ORDERER_DOMAIN/tls"
  OSNADMIN_ARGS=(
    -o "$(orderer_admin_endpoint "$1")"
    --ca-file "$(orderer_org_dir)/tlsca/tlsca.$ORDERER_DOMAIN-cert.pem"
    --client-cert "$admin/client.crt" --client-key "$admin/client.key"
  )
}

compose_files() {
  COMPOSE_ARGS=(-p "$NETWORK_NAME" -f "$WORK_DIR/compose/compose-net.yaml")
  [ "$STATE_DB" = couchdb ] && COMPOSE_ARGS+=(-f "$WORK_DIR/compose/compose-couch.yaml")
  [ "$CRYPTO" = ca ] && COMPOSE_ARGS+=(-f "$WORK_DIR/compose/compose-ca.yaml")
  COMPOSE_ARGS+=(-f "$WORK_DIR/compose/compose-ccaas.yaml")
}

container_running() {
  [ "$(docker inspect -f '{{.State.Running}}' "$1" 2>/dev/null)" = true ]
}
