# shellcheck shell=bash
# Channels through the channel participation API: no system channel, orderers join with osnadmin.

# Indexes of the channels to work on (--channel or all).
selected_channels() {
  local i found=''
  for i in "${!CHANNEL_NAMES[@]}"; do
    if [ -z "$OPT_CHANNEL" ] || [ "$OPT_CHANNEL" = "${CHANNEL_NAMES[$i]}" ]; then found="$found $i"; fi
  done
  [ -n "$found" ] || fatal "channel '$OPT_CHANNEL' is not in the topology (channels: ${CHANNEL_NAMES[*]})"
  printf '%s\n' "$found"
}

channel_block() { printf '%s/channel-artifacts/%s.block' "$WORK_DIR" "$1"; }

# Peers of the orgs that are members of channel $1.
channel_peers() {
  local ch=$1 i
  for i in "${!PEER_HOSTS[@]}"; do
    # shellcheck disable=SC2086 # CHANNEL_ORGS holds a space-separated list
    if contains "${ORG_MSPS[${PEER_ORG_INDEXES[$i]}]}" ${CHANNEL_ORGS[$ch]}; then printf '%s\n' "$i"; fi
  done
}

create_channel() {
  local ch=$1 name=${CHANNEL_NAMES[$1]} block i
  block=$(channel_block "$name")
  info "channel $name"
  run mkdir -p "$WORK_DIR/channel-artifacts"
  if [ ! -s "$block" ] || is_dry_run; then
    run "$CONFIGTXGEN_BIN" -configPath "$WORK_DIR/configtx/$RUNTIME" -profile "${CHANNEL_PROFILES[$ch]}" \
      -outputBlock "$block" -channelID "$name"
  fi
  for i in "${!ORDERER_HOSTS[@]}"; do
    set_osnadmin_args "$i"
    if query "$OSNADMIN_BIN" channel list --channelID "$name" "${OSNADMIN_ARGS[@]}" 2>/dev/null | grep -q '"name"'; then
      info "${ORDERER_HOSTS[$i]} already serves $name"
    else
      run "$OSNADMIN_BIN" channel join --channelID "$name" --config-block "$block" "${OSNADMIN_ARGS[@]}"
    fi
  done
  for i in "${!ORDERER_HOSTS[@]}"; do
    set_osnadmin_args "$i"
    wait_until "${ORDERER_HOSTS[$i]} is an active consenter of $name" orderer_channel_active "$name"
  done
  local peers
  peers=$(channel_peers "$ch")
  for i in $peers; do join_peer "$i" "$name" "$block"; done
  wait_for_membership "$ch"
}

orderer_channel_active() {
  "$OSNADMIN_BIN" channel list --channelID "$1" "${OSNADMIN_ARGS[@]}" 2>/dev/null | tr -d ' \n' |
    grep -q '"status":"active"'
}

# join_peer PEER CHANNEL BLOCK: idempotent `peer channel join`.
join_peer() {
  local i=$1 name=$2 block=$3 org=${PEER_ORG_INDEXES[$1]}
  if peer_query "$org" "$i" channel getinfo -c "$name" >/dev/null 2>&1; then
    info "${PEER_HOSTS[$i]} already joined $name"
  else
    peer_as "$org" "$i" channel join -b "$block"
  fi
}

# Right after joining, a peer rejects other orgs' TLS certificates until it has read their CAs from the
# channel config and redialled (gossip reconnectInterval, shortened in core.overlay.yaml). Until then the
# gateway cannot reach the other orgs' endorsers, so wait until every peer sees every other member peer.
wait_for_membership() {
  local ch=$1 name=${CHANNEL_NAMES[$1]} peers count i
  peers=$(channel_peers "$ch")
  count=$(printf '%s\n' "$peers" | grep -c .)
  for i in $peers; do
    wait_until "${PEER_HOSTS[$i]} sees $((count - 1)) other peers on $name (gossip)" \
      peer_knows_peers "$(peer_operations "$i")" "$name" "$((count - 1))"
  done
}

# peer_knows_peers OPS_ADDRESS:PORT CHANNEL N: the peer's gossip_membership_total_peers_known metric is >= N.
peer_knows_peers() {
  local known
  [ "$3" -le 0 ] && return 0
  known=$(curl -fsS --max-time 2 "http://$1/metrics" |
    sed -n "s/^gossip_membership_total_peers_known{channel=\"$2\"} \([0-9.e+]*\)$/\1/p")
  [ -n "$known" ] && [ "${known%%.*}" -ge "$3" ]
}
