import path from 'node:path';
import { nodeSans } from './crypto-config';
import { nodeDir } from './crypto-layout';
import {
  couchdbContainerPort,
  type CcaasServer,
  nodeAddress,
  type CaNode,
  type NetworkPlan,
  type OrdererNode,
  type PeerNode,
  type Runtime,
} from './network-plan';

/**
 * The environment each Fabric process starts with, for both runtimes from one definition: Docker gets it
 * as a compose `environment:` list with container paths, native mode as a file that network.sh sources,
 * with paths under `${SCENECHAIN_WORK_DIR}`. Values may use `${VAR:-default}`, which both compose and bash
 * expand.
 */
export type Environment = ReadonlyArray<readonly [string, string]>;

/** Where a node finds its files in each runtime. */
interface NodePaths {
  readonly configDir: string;
  readonly identityDir: string;
  readonly dataDir: string;
}

const work = '${SCENECHAIN_WORK_DIR}';

/** Container paths: compose mounts the node's identity folder, its config folder and a data volume. */
export const containerPaths = {
  peerConfig: '/etc/hyperledger/peercfg',
  peerIdentity: '/etc/hyperledger/peer',
  peerData: '/var/hyperledger/production',
  ordererConfig: '/etc/hyperledger/orderercfg',
  ordererIdentity: '/etc/hyperledger/orderer',
  ordererData: '/var/hyperledger/production/orderer',
  caHome: '/etc/hyperledger/fabric-ca-server',
} as const;

/** Natively a node listens on its org's address only (the loopback unless network.sh --hosts says). */
function listenHost(runtime: Runtime, node: { address: string }): string {
  return runtime === 'docker' ? '0.0.0.0' : node.address;
}

function peerPaths(runtime: Runtime, peer: PeerNode): NodePaths {
  if (runtime === 'docker') {
    return {
      configDir: containerPaths.peerConfig,
      identityDir: containerPaths.peerIdentity,
      dataDir: containerPaths.peerData,
    };
  }
  return {
    configDir: `${work}/nodecfg/peer`,
    identityDir: `${work}/crypto/${nodeDir('peer', peer.orgDomain, peer.host)}`,
    dataDir: `${work}/data/${peer.host}`,
  };
}

function ordererPaths(runtime: Runtime, plan: NetworkPlan, orderer: OrdererNode): NodePaths {
  if (runtime === 'docker') {
    return {
      configDir: containerPaths.ordererConfig,
      identityDir: containerPaths.ordererIdentity,
      dataDir: containerPaths.ordererData,
    };
  }
  return {
    configDir: `${work}/nodecfg/orderer`,
    identityDir: `${work}/crypto/${nodeDir('orderer', plan.ordererOrg.domain, orderer.host)}`,
    dataDir: `${work}/data/${orderer.host}`,
  };
}

export function peerEnvironment(plan: NetworkPlan, runtime: Runtime, peer: PeerNode): Environment {
  const paths = peerPaths(runtime, peer);
  const org = plan.orgs.find((candidate) => candidate.mspId === peer.mspId);
  const orgPeers = org?.peers ?? [peer];
  const others = orgPeers.filter((other) => other.host !== peer.host);
  const bootstrap = (others.length > 0 ? others : [peer]).map((p) => nodeAddress(runtime, p, p.port)).join(' ');
  const address = nodeAddress(runtime, peer, peer.port);
  const host = listenHost(runtime, peer);
  return [
    ['FABRIC_CFG_PATH', paths.configDir],
    ['FABRIC_LOGGING_SPEC', '${FABRIC_LOGGING_SPEC:-INFO}'],
    ['CORE_PEER_ID', peer.host],
    ['CORE_PEER_ADDRESS', address],
    ['CORE_PEER_LISTENADDRESS', `${host}:${peer.port}`],
    ['CORE_PEER_CHAINCODEADDRESS', nodeAddress(runtime, peer, peer.chaincodePort)],
    ['CORE_PEER_CHAINCODELISTENADDRESS', `${host}:${peer.chaincodePort}`],
    ['CORE_PEER_GOSSIP_BOOTSTRAP', bootstrap],
    ['CORE_PEER_GOSSIP_EXTERNALENDPOINT', address],
    ['CORE_PEER_LOCALMSPID', peer.mspId],
    ['CORE_PEER_MSPCONFIGPATH', path.posix.join(paths.identityDir, 'msp')],
    ['CORE_PEER_TLS_CERT_FILE', path.posix.join(paths.identityDir, 'tls', 'server.crt')],
    ['CORE_PEER_TLS_KEY_FILE', path.posix.join(paths.identityDir, 'tls', 'server.key')],
    ['CORE_PEER_TLS_ROOTCERT_FILE', path.posix.join(paths.identityDir, 'tls', 'ca.crt')],
    ['CORE_PEER_FILESYSTEMPATH', paths.dataDir],
    ['CORE_LEDGER_SNAPSHOTS_ROOTDIR', path.posix.join(paths.dataDir, 'snapshots')],
    ['CORE_OPERATIONS_LISTENADDRESS', `${host}:${peer.operationsPort}`],
  ];
}

/** Added to a peer's environment with `--state-db couchdb`: its own CouchDB. */
export function peerCouchdbEnvironment(runtime: Runtime, peer: PeerNode): Environment {
  const address =
    runtime === 'docker' ? `${peer.couchdbHost}:${couchdbContainerPort}` : `127.0.0.1:${peer.couchdbPort}`;
  return [
    ['CORE_LEDGER_STATE_STATEDATABASE', 'CouchDB'],
    ['CORE_LEDGER_STATE_COUCHDBCONFIG_COUCHDBADDRESS', address],
    ['CORE_LEDGER_STATE_COUCHDBCONFIG_USERNAME', '${COUCHDB_USER:-admin}'],
    ['CORE_LEDGER_STATE_COUCHDBCONFIG_PASSWORD', '${COUCHDB_PASSWORD:-adminpw}'],
  ];
}

export function ordererEnvironment(plan: NetworkPlan, runtime: Runtime, orderer: OrdererNode): Environment {
  const paths = ordererPaths(runtime, plan, orderer);
  const tls = (file: string): string => path.posix.join(paths.identityDir, 'tls', file);
  const host = listenHost(runtime, orderer);
  return [
    ['FABRIC_CFG_PATH', paths.configDir],
    ['FABRIC_LOGGING_SPEC', '${FABRIC_LOGGING_SPEC:-INFO}'],
    ['ORDERER_GENERAL_LISTENADDRESS', host],
    ['ORDERER_GENERAL_LISTENPORT', String(orderer.port)],
    ['ORDERER_GENERAL_LOCALMSPID', plan.ordererOrg.mspId],
    ['ORDERER_GENERAL_LOCALMSPDIR', path.posix.join(paths.identityDir, 'msp')],
    ['ORDERER_GENERAL_TLS_CERTIFICATE', tls('server.crt')],
    ['ORDERER_GENERAL_TLS_PRIVATEKEY', tls('server.key')],
    ['ORDERER_GENERAL_TLS_ROOTCAS', `[${tls('ca.crt')}]`],
    ['ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE', tls('server.crt')],
    ['ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY', tls('server.key')],
    ['ORDERER_GENERAL_CLUSTER_ROOTCAS', `[${tls('ca.crt')}]`],
    ['ORDERER_ADMIN_LISTENADDRESS', `${host}:${orderer.adminPort}`],
    ['ORDERER_ADMIN_TLS_CERTIFICATE', tls('server.crt')],
    ['ORDERER_ADMIN_TLS_PRIVATEKEY', tls('server.key')],
    ['ORDERER_ADMIN_TLS_ROOTCAS', `[${tls('ca.crt')}]`],
    ['ORDERER_ADMIN_TLS_CLIENTROOTCAS', `[${tls('ca.crt')}]`],
    ['ORDERER_OPERATIONS_LISTENADDRESS', `${host}:${orderer.operationsPort}`],
    ['ORDERER_FILELEDGER_LOCATION', paths.dataDir],
    ['ORDERER_CONSENSUS_WALDIR', path.posix.join(paths.dataDir, 'etcdraft', 'wal')],
    ['ORDERER_CONSENSUS_SNAPDIR', path.posix.join(paths.dataDir, 'etcdraft', 'snapshot')],
  ];
}

/** Fabric CA server settings; its home folder keeps the CA's keys and `ca-cert.pem` across restarts. */
export function caEnvironment(runtime: Runtime, ca: CaNode, domain: string): Environment {
  const host = listenHost(runtime, ca);
  return [
    ['FABRIC_CA_HOME', runtime === 'docker' ? containerPaths.caHome : `${work}/ca-server/${domain}`],
    ['FABRIC_CA_SERVER_CA_NAME', ca.caName],
    ['FABRIC_CA_SERVER_ADDRESS', host],
    ['FABRIC_CA_SERVER_PORT', String(ca.port)],
    ['FABRIC_CA_SERVER_TLS_ENABLED', 'true'],
    ['FABRIC_CA_SERVER_CSR_CN', ca.host],
    ['FABRIC_CA_SERVER_CSR_HOSTS', [ca.host, ...nodeSans(ca)].join(',')],
    ['FABRIC_CA_SERVER_OPERATIONS_LISTENADDRESS', `${host}:${ca.operationsPort}`],
  ];
}

/** A chaincode server in native mode (the package ID is passed as a flag when it starts). */
export function ccaasEnvironment(server: CcaasServer): Environment {
  return [
    ['CORE_PEER_LOCALMSPID', server.mspId],
    ['CORE_CHAINCODE_ADDRESS', `${server.address}:${server.port}`],
    ['CORE_CHAINCODE_LOGGING_LEVEL', '${CORE_CHAINCODE_LOGGING_LEVEL:-info}'],
  ];
}

/** `KEY="value"` lines for bash to source (`set -a; . file`); `${...}` references expand when sourced. */
export function renderEnvFile(environment: Environment, header: string): string {
  const lines = environment.map(([key, value]) => `${key}="${value.replace(/(["\\`])/g, '\\$1')}"`);
  return `${header}${lines.join('\n')}\n`;
}
