# shellcheck shell=bash
# Identities in cryptogen's folder layout, from cryptogen (default) or from Fabric CA servers (--ca).

create_identities() {
  if [ "$CRYPTO" = ca ]; then
    start_cas
    enroll_orderer_org
    local org
    for org in "${!ORG_MSPS[@]}"; do enroll_peer_org "$org"; done
  else
    run_cryptogen
  fi
}

run_cryptogen() {
  local crypto="$WORK_DIR/crypto"
  if [ -d "$crypto/peerOrganizations" ] && ! is_dry_run; then
    # extend only adds what is missing (a new org), so a running network keeps its keys.
    run "$CRYPTOGEN_BIN" extend --input="$crypto" --config="$WORK_DIR/crypto-config.yaml"
  else
    run "$CRYPTOGEN_BIN" generate --config="$WORK_DIR/crypto-config.yaml" --output="$crypto"
  fi
  # cryptogen cannot write attributes: the topology's users (role=...) come from the orgs' cryptogen CAs.
  if is_dry_run; then
    print_cmd npx tsx scripts/fabric-config/cli.ts issue-users --topology "$TOPOLOGY" --work-dir "$WORK_DIR"
  else
    fabric_config issue-users --topology "$TOPOLOGY" --work-dir "$WORK_DIR" >/dev/null
  fi
}

# --- Fabric CA -------------------------------------------------------------------------------------------

ca_env_file() { printf '%s/nodes/native/%s.env' "$WORK_DIR" "$1"; }

# start_ca HOST PORT DOMAIN MSPID: one CA server (container or process, natively on its org's address); its
# home keeps keys across restarts.
start_ca() {
  local host=$1 port=$2 domain=$3 msp=$4
  run mkdir -p "$WORK_DIR/ca-server/$domain"
  if [ "$RUNTIME" = docker ]; then
    container_running "$host" || run docker compose "${COMPOSE_ARGS[@]}" up -d "$host"
  else
    start_process --in "$msp" "$host" "$(ca_env_file "$host")" "$FABRIC_CA_SERVER_BIN" start -b "${CA_ADMIN_USER:-admin}:${CA_ADMIN_PASSWORD:-adminpw}"
  fi
  wait_until --node "$host" "$host answers on port $port" port_listening "$(org_endpoint "$msp" "$port")"
  wait_until "$host wrote its certificate" test -s "$WORK_DIR/ca-server/$domain/ca-cert.pem"
}

start_cas() {
  start_ca "$ORDERER_CA_HOST" "$ORDERER_CA_PORT" "$ORDERER_DOMAIN" "$ORDERER_MSP"
  local org
  for org in "${!ORG_MSPS[@]}"; do
    start_ca "${ORG_CA_HOSTS[$org]}" "${ORG_CA_PORTS[$org]}" "${ORG_DOMAINS[$org]}" "${ORG_MSPS[$org]}"
  done
}

# NodeOU configuration: the OU Fabric CA writes (the identity type) decides client/peer/admin/orderer.
write_node_ou_config() {
  local msp=$1 cacert=$2
  is_dry_run && { printf '+ # write %s/config.yaml (NodeOUs on %s)\n' "$msp" "$cacert"; return 0; }
  mkdir -p "$msp"
  {
    printf 'NodeOUs:\n  Enable: true\n'
    local role
    for role in Client Peer Admin Orderer; do
      printf '  %sOUIdentifier:\n    Certificate: cacerts/%s\n    OrganizationalUnitIdentifier: %s\n' \
        "$role" "$cacert" "$(printf '%s' "$role" | tr '[:upper:]' '[:lower:]')"
    done
  } >"$msp/config.yaml"
}

# ca_client DOMAIN CA_NAME ADDRESS:PORT ARGS...: fabric-ca-client as the org's registrar.
ca_client() {
  local domain=$1 caname=$2 endpoint=$3
  shift 3
  run "$FABRIC_CA_CLIENT_BIN" "$@" --caname "$caname" -u "https://$endpoint" \
    --tls.certfiles "$WORK_DIR/ca-server/$domain/ca-cert.pem" -H "$WORK_DIR/ca-client/$domain/registrar"
}

# enroll_identity KIND DOMAIN CANAME ADDRESS:PORT ID TYPE DIR TLS_ROLE [ATTRS]
#   Registers (once) and enrolls one identity into DIR/msp and DIR/tls, renamed to cryptogen's file names.
#   The CA runs with its org, so its address is also the one the org's TLS certificates must name.
enroll_identity() {
  local kind=$1 domain=$2 caname=$3 endpoint=$4 id=$5 type=$6 dir=$7 tls_role=$8 attrs=${9:-}
  local secret="${id%%[@.]*}-${CA_IDENTITY_PASSWORD:-scenechainpw}" cn=$id
  local encoded_id=${id//@/%40} cacert="$WORK_DIR/ca-server/$domain/ca-cert.pem"
  local url="https://$encoded_id:$secret@$endpoint"
  local register=(register --id.name "$id" --id.secret "$secret" --id.type "$type")
  [ -n "$attrs" ] && register+=(--id.attrs "$attrs")
  if ! query "$FABRIC_CA_CLIENT_BIN" identity list --id "$id" --caname "$caname" -u "https://$endpoint" \
    --tls.certfiles "$cacert" -H "$WORK_DIR/ca-client/$domain/registrar" >/dev/null 2>&1; then
    ca_client "$domain" "$caname" "$endpoint" "${register[@]}"
  fi
  if [ -s "$dir/msp/signcerts/$cn-cert.pem" ]; then return 0; fi
  local host_csr=${id#*@} tls_hosts=localhost,127.0.0.1
  [ "$tls_role" = server ] && host_csr=$id
  [ "${endpoint%:*}" = 127.0.0.1 ] || tls_hosts="$tls_hosts,${endpoint%:*}"
  run "$FABRIC_CA_CLIENT_BIN" enroll -u "$url" --caname "$caname" --tls.certfiles "$cacert" -M "$dir/msp" --csr.hosts "$host_csr"
  run "$FABRIC_CA_CLIENT_BIN" enroll -u "$url" --caname "$caname" --tls.certfiles "$cacert" -M "$dir/tls-enroll" \
    --enrollment.profile tls --csr.hosts "$host_csr,$tls_hosts"
  normalize_enrollment "$kind" "$domain" "$dir" "$cn" "$tls_role"
}

# Renames Fabric CA's file names to cryptogen's (signcerts/<cn>-cert.pem, keystore/priv_sk, tls/server.crt...).
normalize_enrollment() {
  local kind=$1 domain=$2 dir=$3 cn=$4 tls_role=$5 org_dir
  org_dir="$WORK_DIR/crypto/${kind}Organizations/$domain"
  if is_dry_run; then
    printf '+ # rename %s/msp and %s/tls-enroll to cryptogen file names\n' "$dir" "$dir"
    return 0
  fi
  local msp="$dir/msp" tls="$dir/tls" enroll="$dir/tls-enroll"
  mv "$msp/signcerts/cert.pem" "$msp/signcerts/$cn-cert.pem"
  mv "$msp"/keystore/*_sk "$msp/keystore/priv_sk"
  rm -f "$msp"/cacerts/*
  cp "$org_dir/ca/ca.$domain-cert.pem" "$msp/cacerts/ca.$domain-cert.pem"
  mkdir -p "$msp/tlscacerts" "$tls"
  cp "$org_dir/tlsca/tlsca.$domain-cert.pem" "$msp/tlscacerts/tlsca.$domain-cert.pem"
  cp "$org_dir/msp/config.yaml" "$msp/config.yaml"
  cp "$enroll"/tlscacerts/* "$tls/ca.crt"
  cp "$enroll/signcerts/cert.pem" "$tls/$tls_role.crt"
  cp "$enroll"/keystore/*_sk "$tls/$tls_role.key"
  rm -rf "$enroll" "$msp/IssuerPublicKey" "$msp/IssuerRevocationPublicKey" "$msp/user"
}

# enroll_org KIND DOMAIN CANAME ADDRESS:PORT: the registrar and the org's verifying MSP (ca/, tlsca/, msp/).
enroll_org() {
  local kind=$1 domain=$2 caname=$3 endpoint=$4
  local org_dir="$WORK_DIR/crypto/${kind}Organizations/$domain" cacert="$WORK_DIR/ca-server/$domain/ca-cert.pem"
  if ! [ -s "$WORK_DIR/ca-client/$domain/registrar/msp/signcerts/cert.pem" ]; then
    run "$FABRIC_CA_CLIENT_BIN" enroll -u "https://${CA_ADMIN_USER:-admin}:${CA_ADMIN_PASSWORD:-adminpw}@$endpoint" \
      --caname "$caname" --tls.certfiles "$cacert" -H "$WORK_DIR/ca-client/$domain/registrar"
  fi
  # One CA signs both enrollment and TLS certificates, so it is both the org's CA and its TLS CA.
  run mkdir -p "$org_dir/ca" "$org_dir/tlsca" "$org_dir/msp/cacerts" "$org_dir/msp/tlscacerts"
  run cp "$cacert" "$org_dir/ca/ca.$domain-cert.pem"
  run cp "$cacert" "$org_dir/tlsca/tlsca.$domain-cert.pem"
  run cp "$cacert" "$org_dir/msp/cacerts/ca.$domain-cert.pem"
  run cp "$cacert" "$org_dir/msp/tlscacerts/tlsca.$domain-cert.pem"
  write_node_ou_config "$org_dir/msp" "ca.$domain-cert.pem"
}

enroll_orderer_org() {
  local org_dir i ca
  org_dir=$(orderer_org_dir)
  ca=$(org_endpoint "$ORDERER_MSP" "$ORDERER_CA_PORT")
  enroll_org orderer "$ORDERER_DOMAIN" "$ORDERER_CA_NAME" "$ca"
  for i in "${!ORDERER_HOSTS[@]}"; do
    enroll_identity orderer "$ORDERER_DOMAIN" "$ORDERER_CA_NAME" "$ca" "${ORDERER_HOSTS[$i]}" orderer \
      "$org_dir/orderers/${ORDERER_HOSTS[$i]}" server
  done
  enroll_identity orderer "$ORDERER_DOMAIN" "$ORDERER_CA_NAME" "$ca" "Admin@$ORDERER_DOMAIN" admin \
    "$org_dir/users/Admin@$ORDERER_DOMAIN" client
}

enroll_peer_org() {
  local org=$1 domain=${ORG_DOMAINS[$1]} caname=${ORG_CA_NAMES[$1]} ca org_dir i user name attrs
  ca=$(org_endpoint "${ORG_MSPS[$1]}" "${ORG_CA_PORTS[$1]}")
  org_dir=$(peer_org_dir "$org")
  enroll_org peer "$domain" "$caname" "$ca"
  for i in "${!PEER_HOSTS[@]}"; do
    [ "${PEER_ORG_INDEXES[$i]}" = "$org" ] || continue
    enroll_identity peer "$domain" "$caname" "$ca" "${PEER_HOSTS[$i]}" peer "$org_dir/peers/${PEER_HOSTS[$i]}" server
  done
  enroll_identity peer "$domain" "$caname" "$ca" "Admin@$domain" admin "$org_dir/users/Admin@$domain" client
  enroll_identity peer "$domain" "$caname" "$ca" "User1@$domain" client "$org_dir/users/User1@$domain" client
  # The topology's users, with their attributes in the certificate (`role=inspector:ecert`).
  for user in ${ORG_USERS[$org]}; do
    name=${user%%|*}
    attrs=$(printf '%s' "${user#*|}" | sed -e 's/\([^,]\{1,\}\)/\1:ecert/g')
    enroll_identity peer "$domain" "$caname" "$ca" "$name@$domain" client "$org_dir/users/$name@$domain" client "$attrs"
  done
}
