# shellcheck shell=bash
# Command-line options and the work dir's state.env, which remembers how `up` started the network so later
# commands (createChannel, deployCC, addOrg, status, down) need no repeated flags and cannot contradict it.

COMMANDS=()
OPT_CHANNEL=''
OPT_CHAINCODE=''
OPT_ORG=''
OPT_RUNTIME=''
OPT_CRYPTO=''
OPT_STATE_DB=''
OPT_TOPOLOGY=''
OPT_WORK_DIR=''
OPT_PORT_OFFSET=''
OPT_PORTS=()
OPT_HOSTS=''
# fabric-samples test-network habits (cc subcommands, -cc* flags); see chaincode-flags.sh.
CC_SUBCOMMAND=''
OPT_CC_VERSION=''
OPT_CC_SEQUENCE=''
OPT_CC_PATH=''
OPT_CC_LANGUAGE=''
OPT_CC_INIT_FCN=''
OPT_CC_INVOKE=''
OPT_CC_QUERY=''

usage() {
  cat <<'USAGE'
Usage: scripts/network.sh <command>... [options]

Commands (several may follow each other: `up createChannel deployCC`):
  up              generate config, create identities, start orderers and peers, write connection.json
  createChannel   create the topology's channels (channel participation API) and join every member peer
  deployCC        package, install, approve, commit and start chaincode-as-a-service for each chaincode
  addOrg          bring an org added to the topology into the running network (--org MSPID)
  status          show nodes, ports, health, channels and chaincodes
  ports           list every port and the key that --port moves it with
  down            stop everything and delete everything network.sh created
  restart         down, then up with the same settings (a new, empty network)
  deployCCAAS     the same as deployCC (every chaincode here runs as a service)
  cc list         chaincodes installed on an org's peer and committed on its channels (-org)
  cc package      build each org's CCaaS package of a chaincode; prints files and package IDs (-ccn)
  cc invoke       submit a transaction: -ccn NAME -ccic '{"Args":["Fn","arg"]}' [-c CHANNEL] [-org ORG]
  cc query        evaluate a transaction: -ccn NAME -ccqc '{"Args":["Fn","arg"]}' [-c CHANNEL] [-org ORG]
  generate        only (re)write the generated config into the work dir

Options:
  --runtime docker|native   containers (default) or local binaries on 127.0.0.1 (no Docker; see --hosts)
  -s, --state-db leveldb|couchdb
                            peer state database (default leveldb; couchdb enables rich queries)
  --ca, -ca                 identities from Fabric CA servers instead of cryptogen (same as --crypto ca)
  --crypto cryptogen|ca
  -c, --channel NAME        only this channel (default: every channel of the topology)
  -ccn, --chaincode NAME    only this chaincode (default: every chaincode of the channel)
  -ccv VERSION, -ccs SEQUENCE|auto, -ccp PATH, -ccl typescript|javascript
                            checked against the topology's definition of -ccn, which they cannot change
                            (edit network/topology.yaml to upgrade)
  -cci FUNCTION             the function Init calls, for a chaincode whose topology entry has initRequired
  -ccic JSON, -ccqc JSON    the call of cc invoke and cc query
  --org MSPID, -org ORG     the org for addOrg (MSP ID), cc list/invoke/query (MSP ID, name or number 1..n)
  --topology FILE           topology file (default network/topology.yaml)
  --work-dir DIR            where config, identities, ledgers and logs go (default network/fabric/.generated)
  --port-offset N           add N to every port
  --port KEY=PORT           move one port (repeatable; keys: network.sh ports)
  --hosts FILE              native runtime on several hosts or network namespaces: each org's nodes listen
                            on its own address, started through its own launcher (lines of
                            `MSPID ADDRESS [LAUNCHER...]`, e.g. `Org1MSP 10.77.0.11 ip netns exec org1`)
  --dry-run                 print every command instead of running it (uses a temporary work dir
                            unless --work-dir is given, and only writes generated config there)
  -v, --verbose, -verbose   echo commands as they run
  -h, --help

Environment: FABRIC_BIN (folder of peer, orderer, osnadmin, configtxgen, configtxlator, cryptogen),
FABRIC_CFG_PATH (folder of the release's core.yaml/orderer.yaml), CCAAS_BUILDER_DIR, FABRIC_CA_BIN,
FABRIC_VERSION, FABRIC_CA_VERSION, COUCHDB_VERSION, CCAAS_NODE_IMAGE, SCENECHAIN_WAIT_SECONDS.
scripts/org-env.sh ORG prints the CORE_PEER_* and FABRIC_CFG_PATH exports for the peer CLI by hand.
See network/README.md.
USAGE
}

parse_options() {
  while [ "$#" -gt 0 ]; do
    case $1 in
      up | down | restart | createChannel | deployCC | addOrg | status | ports | generate) COMMANDS+=("$1") ;;
      deployCCAAS) COMMANDS+=(deployCC) ;;
      cc)
        case ${2:-} in
          list | package | invoke | query) CC_SUBCOMMAND=$2 ;;
          *) usage >&2; fatal "cc needs a subcommand: list, package, invoke or query (got '${2:-}')" ;;
        esac
        COMMANDS+=(cc)
        shift
        ;;
      --runtime) OPT_RUNTIME=${2:?--runtime needs docker or native}; shift ;;
      -s | --state-db) OPT_STATE_DB=${2:?--state-db needs leveldb or couchdb}; shift ;;
      --ca | -ca) OPT_CRYPTO=ca ;;
      --crypto) OPT_CRYPTO=${2:?--crypto needs cryptogen or ca}; shift ;;
      -c | --channel) OPT_CHANNEL=${2:?--channel needs a name}; shift ;;
      -ccn | --chaincode) OPT_CHAINCODE=${2:?--chaincode needs a name}; shift ;;
      --org | -org) OPT_ORG=${2:?--org needs an org}; shift ;;
      -ccv) OPT_CC_VERSION=${2:?-ccv needs a version}; shift ;;
      -ccs) OPT_CC_SEQUENCE=${2:?-ccs needs a sequence or auto}; shift ;;
      -ccp) OPT_CC_PATH=${2:?-ccp needs a path}; shift ;;
      -ccl) OPT_CC_LANGUAGE=${2:?-ccl needs a language}; shift ;;
      -cci) OPT_CC_INIT_FCN=${2:?-cci needs a function name}; shift ;;
      -ccic) OPT_CC_INVOKE=${2:?-ccic needs a JSON call with Args}; shift ;;
      -ccqc) OPT_CC_QUERY=${2:?-ccqc needs a JSON call with Args}; shift ;;
      -ccep | -cccg)
        fatal "$1: the endorsement policy and collections of a chaincode are the topology's (endorsementPolicy,
collectionsConfig in the topology file): edit it, then deployCC with a higher version and sequence" ;;
      --topology) OPT_TOPOLOGY=${2:?--topology needs a file}; shift ;;
      --work-dir) OPT_WORK_DIR=${2:?--work-dir needs a folder}; shift ;;
      --port-offset) OPT_PORT_OFFSET=${2:?--port-offset needs a number}; shift ;;
      --port) OPT_PORTS+=("${2:?--port needs KEY=PORT}"); shift ;;
      --hosts) OPT_HOSTS=${2:?--hosts needs a file}; shift ;;
      --dry-run) DRY_RUN=1 ;;
      -v | --verbose | -verbose) VERBOSE=1 ;;
      -h | --help) usage; exit 0 ;;
      *) usage >&2; fatal "unknown argument '$1'" ;;
    esac
    shift
  done
  [ "${#COMMANDS[@]}" -gt 0 ] || { usage >&2; fatal 'no command given'; }
  case $OPT_STATE_DB in '' | leveldb | couchdb) ;; goleveldb) OPT_STATE_DB=leveldb ;;
    *) fatal "--state-db must be leveldb or couchdb, got '$OPT_STATE_DB'" ;; esac
  case $OPT_RUNTIME in '' | docker | native) ;; *) fatal "--runtime must be docker or native, got '$OPT_RUNTIME'" ;; esac
  case $OPT_CRYPTO in '' | cryptogen | ca) ;; *) fatal "--crypto must be cryptogen or ca, got '$OPT_CRYPTO'" ;; esac
  case $OPT_PORT_OFFSET in '' | -[0-9]* | [0-9]*) ;; *) fatal "--port-offset must be a number" ;; esac
  return 0
}

absolute_path() {
  case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s/%s\n' "$PWD" "$1" ;; esac
}

# Decides WORK_DIR, RUNTIME, CRYPTO, STATE_DB, TOPOLOGY, HOSTS_FILE and PLAN_ARGS from options and state.env.
resolve_settings() {
  if [ -n "$OPT_WORK_DIR" ]; then
    WORK_DIR=$(absolute_path "$OPT_WORK_DIR")
  elif is_dry_run; then
    WORK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/scenechain-dry-run.XXXXXX")
    DRY_RUN_TEMP_DIR=$WORK_DIR
    trap 'rm -rf "$DRY_RUN_TEMP_DIR"' EXIT
  else
    WORK_DIR="$REPO_DIR/network/fabric/.generated"
  fi
  export SCENECHAIN_WORK_DIR=$WORK_DIR SCENECHAIN_REPO_DIR=$REPO_DIR
  STATE_FILE="$WORK_DIR/state.env"
  local STATE_RUNTIME='' STATE_CRYPTO='' STATE_STATE_DB='' STATE_TOPOLOGY='' STATE_PORT_OFFSET='' STATE_PORTS=''
  local STATE_HOSTS=''
  if [ -f "$STATE_FILE" ]; then
    # shellcheck disable=SC1090
    . "$STATE_FILE"
  fi
  RUNTIME=$(settle runtime "$OPT_RUNTIME" "$STATE_RUNTIME" docker)
  CRYPTO=$(settle crypto "$OPT_CRYPTO" "$STATE_CRYPTO" cryptogen)
  STATE_DB=$(settle state-db "$OPT_STATE_DB" "$STATE_STATE_DB" leveldb)
  PORT_OFFSET=$(settle port-offset "$OPT_PORT_OFFSET" "$STATE_PORT_OFFSET" 0)
  local ports_text="${OPT_PORTS[*]:-}"
  PORTS_TEXT=$(settle port "$ports_text" "$STATE_PORTS" '')
  local hosts_option=''
  [ -z "$OPT_HOSTS" ] || hosts_option=$(absolute_path "$OPT_HOSTS")
  HOSTS_FILE=$(settle hosts "$hosts_option" "$STATE_HOSTS" '')
  if [ -n "$HOSTS_FILE" ] && [ "$RUNTIME" != native ]; then
    fatal "--hosts places the nodes of the native runtime; add --runtime native"
  fi
  load_hosts "$HOSTS_FILE"
  # addOrg may bring a grown topology; every other command keeps the one the network started with.
  if [ -n "$OPT_TOPOLOGY" ]; then
    TOPOLOGY=$(absolute_path "$OPT_TOPOLOGY")
    if [ -n "$STATE_TOPOLOGY" ] && [ "$TOPOLOGY" != "$STATE_TOPOLOGY" ] && ! contains addOrg "${COMMANDS[@]}"; then
      fatal "the network runs with --topology $STATE_TOPOLOGY; only addOrg may change it (or run down first)"
    fi
  else
    TOPOLOGY=${STATE_TOPOLOGY:-$REPO_DIR/network/topology.yaml}
  fi
  [ -f "$TOPOLOGY" ] || fatal "topology file not found: $TOPOLOGY"
  PLAN_ARGS=(--port-offset "$PORT_OFFSET")
  local pair
  for pair in $PORTS_TEXT; do PLAN_ARGS+=(--port "$pair"); done
  [ -z "$HOSTS_FILE" ] || PLAN_ARGS+=(--hosts "$HOSTS_FILE")
  NETWORK_STARTED=0
  [ -f "$STATE_FILE" ] && NETWORK_STARTED=1
  return 0
}

# settle NAME OPTION STATE DEFAULT: the option, else the state, else the default; an option that
# contradicts the running network's state is an error.
settle() {
  local name=$1 option=$2 state=$3 default=$4
  if [ -n "$option" ] && [ -n "$state" ] && [ "$option" != "$state" ]; then
    fatal "the network in $WORK_DIR runs with --$name $state; run down before changing it to $option"
  fi
  if [ -n "$option" ]; then printf '%s\n' "$option"; elif [ -n "$state" ]; then printf '%s\n' "$state"; else printf '%s\n' "$default"; fi
}

save_state() {
  is_dry_run && return 0
  mkdir -p "$WORK_DIR"
  {
    printf '# Written by scripts/network.sh up: how this network was started.\n'
    printf 'STATE_RUNTIME=%q\n' "$RUNTIME"
    printf 'STATE_CRYPTO=%q\n' "$CRYPTO"
    printf 'STATE_STATE_DB=%q\n' "$STATE_DB"
    printf 'STATE_TOPOLOGY=%q\n' "$TOPOLOGY"
    printf 'STATE_PORT_OFFSET=%q\n' "$PORT_OFFSET"
    printf 'STATE_PORTS=%q\n' "$PORTS_TEXT"
    [ -z "$HOSTS_FILE" ] || printf 'STATE_HOSTS=%q\n' "$HOSTS_FILE"
  } >"$STATE_FILE"
}

require_started() {
  [ "$NETWORK_STARTED" = 1 ] || is_dry_run || fatal "no network in $WORK_DIR: run 'network.sh up' first"
}
