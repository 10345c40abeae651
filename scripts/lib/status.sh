# shellcheck shell=bash
# status and ports: what runs, on which ports, and what the channels hold.

show_ports() {
  local i
  printf '%-7s %-58s %s\n' PORT KEY 'USED BY'
  for i in "${!PORT_KEYS[@]}"; do
    printf '%-7s %-58s %s\n' "${PORT_NUMBERS[$i]}" "${PORT_KEYS[$i]}" "${PORT_OWNERS[$i]}"
  done
}

# state_of NAME [OPS_ADDRESS:PORT]: running/stopped plus health when the node has an operations endpoint.
state_of() {
  local state=stopped
  node_running "$1" && state=running
  if [ "$state" = running ] && [ -n "${2:-}" ]; then
    if http_ok "http://$2/healthz"; then state='running, healthy'; else state='running, not healthy'; fi
  fi
  printf '%s\n' "$state"
}

show_status() {
  printf 'network %s: runtime %s, identities %s, state database %s\nwork dir %s\n\n' \
    "$NETWORK_NAME" "$RUNTIME" "$CRYPTO" "$STATE_DB" "$WORK_DIR"
  local i
  for i in "${!ORDERER_HOSTS[@]}"; do
    printf '%-50s %-16s admin %-6s %s\n' "${ORDERER_HOSTS[$i]}" "$(orderer_endpoint "$i")" \
      "${ORDERER_ADMIN_PORTS[$i]}" "$(state_of "${ORDERER_HOSTS[$i]}" "$(orderer_operations "$i")")"
  done
  for i in "${!PEER_HOSTS[@]}"; do
    printf '%-50s %-16s %s\n' "${PEER_HOSTS[$i]}" "$(peer_endpoint "$i")" \
      "$(state_of "${PEER_HOSTS[$i]}" "$(peer_operations "$i")")"
  done
  for i in "${!CCAAS_HOSTS[@]}"; do
    node_running "${CCAAS_HOSTS[$i]}" || continue
    printf '%-50s %-16s %s\n' "${CCAAS_HOSTS[$i]}" "chaincode server" \
      "$(cat "$WORK_DIR/packages/${CCAAS_HOSTS[$i]}.running-id" 2>/dev/null)"
  done
  [ -n "${PEER_BIN:-}" ] || return 0
  local ch org peer
  for ch in "${!CHANNEL_NAMES[@]}"; do
    org=$(org_index "$(printf '%s\n' "${CHANNEL_ORGS[$ch]}" | cut -d' ' -f1)")
    peer=$(org_first_peer "$org")
    printf '\nchannel %s, seen from %s:\n' "${CHANNEL_NAMES[$ch]}" "${PEER_HOSTS[$peer]}"
    peer_query "$org" "$peer" channel getinfo -c "${CHANNEL_NAMES[$ch]}" 2>/dev/null || printf '  not joined\n'
    peer_query "$org" "$peer" lifecycle chaincode querycommitted -C "${CHANNEL_NAMES[$ch]}" 2>/dev/null || true
  done
}
