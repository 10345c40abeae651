import { nodeDir } from './crypto-layout';
import {
  containerPaths,
  caEnvironment,
  ordererEnvironment,
  peerCouchdbEnvironment,
  peerEnvironment,
  type Environment,
} from './node-environment';
import { ccaasContainerPort, couchdbContainerPort, type CaNode, type NetworkPlan } from './network-plan';

/**
 * Docker compose files, split like fabric-samples' test-network so options add files rather than edit
 * them: the nodes, CouchDB for `--state-db couchdb`, Fabric CAs for `--ca`, and the chaincode servers.
 * Published ports bind to 127.0.0.1 only; inside the compose network nodes use their host names.
 */
const work = '${SCENECHAIN_WORK_DIR:?run compose through scripts/network.sh}';
const repo = '${SCENECHAIN_REPO_DIR:?run compose through scripts/network.sh}';

export const images = {
  peer: 'hyperledger/fabric-peer:${FABRIC_VERSION:-2.5}',
  orderer: 'hyperledger/fabric-orderer:${FABRIC_VERSION:-2.5}',
  ca: 'hyperledger/fabric-ca:${FABRIC_CA_VERSION:-1.5}',
  couchdb: 'couchdb:${COUCHDB_VERSION:-3.3.3}',
  ccaas: '${CCAAS_NODE_IMAGE:-node:20-bookworm-slim}',
} as const;

function env(environment: Environment): string[] {
  return environment.map(([key, value]) => `${key}=${value}`);
}

function published(port: number, containerPort = port): string {
  return `127.0.0.1:${port}:${containerPort}`;
}

function labels(plan: NetworkPlan): Record<string, string> {
  return { 'org.scenechain.network': plan.name };
}

function header(plan: NetworkPlan): Record<string, unknown> {
  return { name: plan.name };
}

function networks(plan: NetworkPlan): Record<string, unknown> {
  return { [plan.name]: { name: plan.name } };
}

export function renderComposeNet(plan: NetworkPlan): Record<string, unknown> {
  const services: Record<string, unknown> = {};
  const volumes: Record<string, unknown> = {};
  for (const orderer of plan.ordererOrg.orderers) {
    volumes[orderer.host] = {};
    services[orderer.host] = {
      container_name: orderer.host,
      image: images.orderer,
      labels: labels(plan),
      environment: env(ordererEnvironment(plan, 'docker', orderer)),
      command: 'orderer',
      volumes: [
        `${work}/crypto/${nodeDir('orderer', plan.ordererOrg.domain, orderer.host)}:${containerPaths.ordererIdentity}:ro`,
        `${work}/nodecfg/orderer:${containerPaths.ordererConfig}:ro`,
        `${orderer.host}:${containerPaths.ordererData}`,
      ],
      ports: [published(orderer.port), published(orderer.adminPort), published(orderer.operationsPort)],
      networks: [plan.name],
    };
  }
  for (const peer of plan.orgs.flatMap((org) => org.peers)) {
    volumes[peer.host] = {};
    services[peer.host] = {
      container_name: peer.host,
      image: images.peer,
      labels: labels(plan),
      environment: env(peerEnvironment(plan, 'docker', peer)),
      command: 'peer node start',
      volumes: [
        `${work}/crypto/${nodeDir('peer', peer.orgDomain, peer.host)}:${containerPaths.peerIdentity}:ro`,
        `${work}/nodecfg/peer:${containerPaths.peerConfig}:ro`,
        `${peer.host}:${containerPaths.peerData}`,
      ],
      ports: [published(peer.port), published(peer.operationsPort)],
      depends_on: plan.ordererOrg.orderers.map((orderer) => orderer.host),
      networks: [plan.name],
    };
  }
  return { ...header(plan), networks: networks(plan), volumes, services };
}

/** One CouchDB per peer (peers name their databases by channel and chaincode, so they cannot share one). */
export function renderComposeCouch(plan: NetworkPlan): Record<string, unknown> {
  const services: Record<string, unknown> = {};
  for (const peer of plan.orgs.flatMap((org) => org.peers)) {
    services[peer.couchdbHost] = {
      container_name: peer.couchdbHost,
      image: images.couchdb,
      labels: labels(plan),
      environment: ['COUCHDB_USER=${COUCHDB_USER:-admin}', 'COUCHDB_PASSWORD=${COUCHDB_PASSWORD:-adminpw}'],
      ports: [published(peer.couchdbPort, couchdbContainerPort)],
      networks: [plan.name],
    };
    services[peer.host] = {
      environment: env(peerCouchdbEnvironment('docker', peer)),
      depends_on: [peer.couchdbHost],
    };
  }
  return { ...header(plan), networks: networks(plan), services };
}

function caService(plan: NetworkPlan, ca: CaNode, domain: string): Record<string, unknown> {
  return {
    container_name: ca.host,
    image: images.ca,
    labels: labels(plan),
    environment: env(caEnvironment('docker', ca, domain)),
    command: "sh -c 'fabric-ca-server start -b ${CA_ADMIN_USER:-admin}:${CA_ADMIN_PASSWORD:-adminpw}'",
    volumes: [`${work}/ca-server/${domain}:${containerPaths.caHome}`],
    ports: [published(ca.port)],
    networks: [plan.name],
  };
}

export function renderComposeCa(plan: NetworkPlan): Record<string, unknown> {
  const services: Record<string, unknown> = {
    [plan.ordererOrg.ca.host]: caService(plan, plan.ordererOrg.ca, plan.ordererOrg.domain),
  };
  for (const org of plan.orgs) services[org.ca.host] = caService(plan, org.ca, org.domain);
  return { ...header(plan), networks: networks(plan), services };
}

/**
 * Chaincode servers: the repository is mounted read-only and `fabric-chaincode-node server` runs the
 * built chaincode (`dist/`). network.sh exports each package ID variable before starting a server.
 */
export function renderComposeCcaas(plan: NetworkPlan): Record<string, unknown> {
  const services: Record<string, unknown> = {};
  for (const server of plan.ccaas) {
    const modulePath = `/scenechain/${server.path}`;
    services[server.host] = {
      container_name: server.host,
      image: images.ccaas,
      labels: labels(plan),
      environment: [`CORE_PEER_LOCALMSPID=${server.mspId}`],
      working_dir: modulePath,
      command: [
        'node',
        '/scenechain/node_modules/fabric-shim/cli.js',
        'server',
        '--chaincode-address',
        `0.0.0.0:${ccaasContainerPort}`,
        '--chaincode-id',
        `\${${server.packageIdVariable}:-package-id-not-set}`,
        '--module-path',
        modulePath,
      ],
      volumes: [`${repo}:/scenechain:ro`],
      networks: [plan.name],
    };
  }
  return { ...header(plan), networks: networks(plan), services };
}
