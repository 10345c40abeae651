# shellcheck shell=bash
# addOrg: an org that is in the topology (orgs and channel members) but not yet in the running network gets
# identities, peers, channel membership (a config update signed by a majority of member admins), its
# anchor peer, and the chaincodes it runs.

add_org() {
  [ -n "$OPT_ORG" ] || fatal 'addOrg needs --org MSPID'
  local org ch peers i c
  org=$(org_index "$OPT_ORG") ||
    fatal "$OPT_ORG is not in $TOPOLOGY: add the org and its channel memberships there first"
  info "adding $OPT_ORG"
  if [ "$CRYPTO" = ca ]; then
    start_ca "${ORG_CA_HOSTS[$org]}" "${ORG_CA_PORTS[$org]}" "${ORG_DOMAINS[$org]}"
    enroll_peer_org "$org"
  else
    run_cryptogen
  fi
  start_peers "$org"
  for ch in "${!CHANNEL_NAMES[@]}"; do
    # shellcheck disable=SC2086 # CHANNEL_ORGS holds a space-separated list
    contains "$OPT_ORG" ${CHANNEL_ORGS[$ch]} || continue
    add_org_to_channel "$ch" "$org"
    peers=$(channel_peers "$ch")
    for i in $peers; do
      [ "${PEER_ORG_INDEXES[$i]}" = "$org" ] && join_peer "$i" "${CHANNEL_NAMES[$ch]}" "$(channel_block "${CHANNEL_NAMES[$ch]}")"
    done
    wait_for_membership "$ch"
    for c in "${!CC_NAMES[@]}"; do
      [ "${CC_CHANNELS[$c]}" = "${CHANNEL_NAMES[$ch]}" ] && deploy_chaincode "$c"
    done
  done
}

# add_org_to_channel CHANNEL ORG: the config update, unless the channel already has the org.
add_org_to_channel() {
  local ch=$1 org=$2 name=${CHANNEL_NAMES[$1]} msp=${ORG_MSPS[$2]} members=() m
  # shellcheck disable=SC2086 # CHANNEL_ORGS holds a space-separated list
  for m in ${CHANNEL_ORGS[$ch]}; do [ "$m" = "$msp" ] || members+=("$m"); done
  [ "${#members[@]}" -gt 0 ] || fatal "$name has no other member to sign the addition of $msp"
  local dir="$WORK_DIR/channel-artifacts/add-$msp-$name" admin_org admin_peer
  admin_org=$(org_index "${members[0]}")
  admin_peer=$(org_first_peer "$admin_org")
  set_orderer_args
  run mkdir -p "$dir"
  [ -s "$(channel_block "$name")" ] || peer_as "$admin_org" "$admin_peer" channel fetch oldest "$(channel_block "$name")" -c "$name" "${ORDERER_ARGS[@]}"
  peer_as "$admin_org" "$admin_peer" channel fetch config "$dir/config_block.pb" -c "$name" "${ORDERER_ARGS[@]}"
  run "$CONFIGTXLATOR_BIN" proto_decode --input "$dir/config_block.pb" --type common.Block --output "$dir/config_block.json"
  if is_dry_run; then
    print_cmd npx tsx scripts/fabric-config/cli.ts extract-config --block "$dir/config_block.json" --out "$dir/config.json"
  else
    fabric_config extract-config --block "$dir/config_block.json" --out "$dir/config.json"
    if fabric_config channel-has-org --config "$dir/config.json" --msp "$msp"; then
      info "$name already has $msp"
      return 0
    fi
  fi
  local anchor_host=${ORG_ANCHOR_HOSTS[$org]}
  [ "$RUNTIME" = native ] && anchor_host=$(org_address "$msp")
  run_to_file "$dir/org.json" "$CONFIGTXGEN_BIN" -configPath "$WORK_DIR/configtx/$RUNTIME" -printOrg "$msp"
  local edit=(channel-add-org --config "$dir/config.json" --org "$dir/org.json" --msp "$msp"
    --anchor "$anchor_host:${ORG_ANCHOR_PORTS[$org]}" --out "$dir/modified.json")
  if is_dry_run; then print_cmd npx tsx scripts/fabric-config/cli.ts "${edit[@]}"; else fabric_config "${edit[@]}"; fi
  run "$CONFIGTXLATOR_BIN" proto_encode --input "$dir/config.json" --type common.Config --output "$dir/config.pb"
  run "$CONFIGTXLATOR_BIN" proto_encode --input "$dir/modified.json" --type common.Config --output "$dir/modified.pb"
  run "$CONFIGTXLATOR_BIN" compute_update --channel_id "$name" --original "$dir/config.pb" --updated "$dir/modified.pb" --output "$dir/update.pb"
  run "$CONFIGTXLATOR_BIN" proto_decode --input "$dir/update.pb" --type common.ConfigUpdate --output "$dir/update.json"
  local wrap=(wrap-config-update --channel "$name" --update "$dir/update.json" --out "$dir/envelope.json")
  if is_dry_run; then print_cmd npx tsx scripts/fabric-config/cli.ts "${wrap[@]}"; else fabric_config "${wrap[@]}"; fi
  run "$CONFIGTXLATOR_BIN" proto_encode --input "$dir/envelope.json" --type common.Envelope --output "$dir/envelope.pb"
  # Application Admins is MAJORITY Admins: a majority of the current members sign; the last one submits.
  local needed=$((${#members[@]} / 2 + 1)) k signer
  for ((k = 0; k < needed - 1; k++)); do
    signer=$(org_index "${members[$k]}")
    peer_as "$signer" "$(org_first_peer "$signer")" channel signconfigtx -f "$dir/envelope.pb"
  done
  signer=$(org_index "${members[$((needed - 1))]}")
  peer_as "$signer" "$(org_first_peer "$signer")" channel update -f "$dir/envelope.pb" -c "$name" "${ORDERER_ARGS[@]}"
}
