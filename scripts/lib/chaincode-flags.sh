# shellcheck shell=bash
# fabric-samples test-network habits on top of the topology: the -cc* flags (checked against the topology,
# the single source of truth), -org, and the `cc list|package|invoke|query` subcommands.

# resolve_org SPEC: the ORG_* index of an org named by MSP ID, name, domain (any letter case) or number 1..n.
resolve_org() {
  local spec=$1 i lower name
  lower=$(printf '%s' "$spec" | tr '[:upper:]' '[:lower:]')
  case $spec in
    '' | *[!0-9]*) ;;
    *)
      if [ "$spec" -ge 1 ] && [ "$spec" -le "${#ORG_MSPS[@]}" ]; then printf '%s\n' "$((spec - 1))"; return 0; fi
      ;;
  esac
  for i in "${!ORG_MSPS[@]}"; do
    for name in "${ORG_MSPS[$i]}" "${ORG_NAMES[$i]}" "${ORG_DOMAINS[$i]}"; do
      if [ "$(printf '%s' "$name" | tr '[:upper:]' '[:lower:]')" = "$lower" ]; then printf '%s\n' "$i"; return 0; fi
    done
  done
  return 1
}

require_org() {
  resolve_org "$1" || fatal "no org '$1' in the topology (MSP ID, name or number 1..${#ORG_MSPS[@]}: ${ORG_MSPS[*]})"
}

# check_chaincode_flags C: -ccv, -ccs, -ccp, -ccl and -cci must agree with the topology's chaincode C.
check_chaincode_flags() {
  local c=$1 name=${CC_NAMES[$1]} where
  where="the topology's $name"
  if [ -n "$OPT_CC_VERSION" ] && [ "$OPT_CC_VERSION" != "${CC_VERSIONS[$c]}" ]; then
    fatal "-ccv $OPT_CC_VERSION: $where is version ${CC_VERSIONS[$c]}. To upgrade, raise version and sequence in $TOPOLOGY, then deployCC"
  fi
  case $OPT_CC_SEQUENCE in
    '' | auto) ;;
    "${CC_SEQUENCES[$c]}") ;;
    *) fatal "-ccs $OPT_CC_SEQUENCE: $where is sequence ${CC_SEQUENCES[$c]} (or say -ccs auto). To upgrade, raise version and sequence in $TOPOLOGY" ;;
  esac
  if [ -n "$OPT_CC_PATH" ]; then
    local given expected
    given=$(cd "$OPT_CC_PATH" 2>/dev/null && pwd) || fatal "-ccp $OPT_CC_PATH: no such folder"
    expected=$(cd "$REPO_DIR/${CC_PATHS[$c]}" 2>/dev/null && pwd) || expected="$REPO_DIR/${CC_PATHS[$c]}"
    [ "$given" = "$expected" ] || fatal "-ccp $OPT_CC_PATH: $where is built from ${CC_PATHS[$c]}"
  fi
  case $OPT_CC_LANGUAGE in
    '' | typescript | javascript | node) ;;
    *) fatal "-ccl $OPT_CC_LANGUAGE: $where is a Node.js chaincode (typescript); only Node chaincode runs as a service here" ;;
  esac
  if [ -n "$OPT_CC_INIT_FCN" ] && [ "${CC_INIT_REQUIRED[$c]}" != true ]; then
    fatal "-cci $OPT_CC_INIT_FCN: $where does not require Init; set initRequired: true (with a new sequence) in $TOPOLOGY"
  fi
  return 0
}

# The -cc* flags other than -ccn name one chaincode's definition: they need -ccn.
check_chaincode_flags_named() {
  if [ -z "$OPT_CHAINCODE" ] && [ -n "$OPT_CC_VERSION$OPT_CC_SEQUENCE$OPT_CC_PATH$OPT_CC_LANGUAGE$OPT_CC_INIT_FCN" ]; then
    fatal '-ccv, -ccs, -ccp, -ccl and -cci describe one chaincode: name it with -ccn'
  fi
  return 0
}

# The one chaincode -ccn (and -c) name, for cc invoke and cc query.
single_chaincode() {
  [ -n "$OPT_CHAINCODE" ] || fatal "cc $CC_SUBCOMMAND needs -ccn NAME (chaincodes: ${CC_NAMES[*]})"
  local found
  found=$(selected_chaincodes)
  # shellcheck disable=SC2086 # a space-separated list of indexes
  set -- $found
  [ "$#" = 1 ] || fatal "-ccn $OPT_CHAINCODE runs on several channels: choose one with -c"
  printf '%s\n' "$1"
}

# The org a cc command acts as: -org, else the first org that runs chaincode C (all orgs for list: the first).
cc_org() {
  if [ -n "$OPT_ORG" ]; then require_org "$OPT_ORG"; return 0; fi
  local c=${1:-} s
  if [ -n "$c" ]; then
    for s in "${!CCAAS_HOSTS[@]}"; do
      [ "${CCAAS_CHAINCODES[$s]}" = "${CC_NAMES[$c]}" ] && { org_index "${CCAAS_MSPS[$s]}"; return 0; }
    done
  fi
  printf '0\n'
}

cmd_cc() {
  case $CC_SUBCOMMAND in
    package) cc_package ;;
    list) cc_list ;;
    invoke) cc_call invoke "$OPT_CC_INVOKE" -ccic ;;
    query) cc_call query "$OPT_CC_QUERY" -ccqc ;;
  esac
}

cc_package() {
  local c s k chaincodes
  chaincodes=$(selected_chaincodes)
  for c in $chaincodes; do
    check_chaincode_flags "$c"
    check_chaincode_built "${CC_PATHS[$c]}"
    package_chaincode "${CC_NAMES[$c]}"
    for k in "${!SERVERS[@]}"; do
      s=${SERVERS[$k]}
      printf '%s\t%s\t%s\n' "${CCAAS_MSPS[$s]}" "${PACKAGE_IDS[$k]}" "$(package_file "$s")"
    done
  done
}

# Installed packages on the org's first peer, then what is committed on each channel the org is a member of.
cc_list() {
  local org peer ch
  org=$(cc_org)
  peer=$(org_first_peer "$org")
  info "${ORG_MSPS[$org]} (${PEER_HOSTS[$peer]}): installed chaincode packages"
  peer_as "$org" "$peer" lifecycle chaincode queryinstalled
  for ch in "${!CHANNEL_NAMES[@]}"; do
    # shellcheck disable=SC2086 # CHANNEL_ORGS holds a space-separated list
    contains "${ORG_MSPS[$org]}" ${CHANNEL_ORGS[$ch]} || continue
    [ -z "$OPT_CHANNEL" ] || [ "$OPT_CHANNEL" = "${CHANNEL_NAMES[$ch]}" ] || continue
    info "committed on ${CHANNEL_NAMES[$ch]}"
    peer_as "$org" "$peer" lifecycle chaincode querycommitted -C "${CHANNEL_NAMES[$ch]}"
  done
}

# cc_call invoke|query CALL FLAG: the call as the org's admin; invoke is endorsed by one peer of every org that
# runs the chaincode and waits for the commit.
cc_call() {
  local kind=$1 call=$2 flag=$3 c org peer s o p targets=()
  [ -n "$call" ] || fatal "cc $kind needs $flag with the call, e.g. $flag '{\"Args\":[\"Function\",\"arg\"]}'"
  c=$(single_chaincode)
  org=$(cc_org "$c")
  peer=$(org_first_peer "$org")
  if [ "$kind" = query ]; then
    peer_as "$org" "$peer" chaincode query -C "${CC_CHANNELS[$c]}" -n "${CC_NAMES[$c]}" -c "$call"
    return
  fi
  for s in "${!CCAAS_HOSTS[@]}"; do
    [ "${CCAAS_CHAINCODES[$s]}" = "${CC_NAMES[$c]}" ] || continue
    o=$(org_index "${CCAAS_MSPS[$s]}")
    p=$(org_first_peer "$o")
    targets+=(--peerAddresses "$(peer_endpoint "$p")"
      --tlsRootCertFiles "$(peer_org_dir "$o")/peers/${PEER_HOSTS[$p]}/tls/ca.crt")
  done
  set_orderer_args
  peer_as "$org" "$peer" chaincode invoke "${ORDERER_ARGS[@]}" -C "${CC_CHANNELS[$c]}" -n "${CC_NAMES[$c]}" \
    -c "$call" --waitForEvent "${targets[@]}"
}
