import type { LoadedTopology } from '../../network/devnet/src/topology/load';
import type { EndorsementPolicySpec, OrderingSpec, UserSpec } from '../../network/devnet/src/topology/schema';
import { orgAddresses, type OrgHost } from './node-hosts';
import { PortAllocator, NetworkPlanError, type PortClaim, type PortOptions } from './ports';

/**
 * The real network as the topology describes it, with every host name and port decided: the one model
 * that every generated file and the operator scripts are rendered from.
 */
export type Runtime = 'docker' | 'native';
export const runtimes: readonly Runtime[] = ['docker', 'native'];

/** Where the native runtime runs a node: its org's address (network.sh --hosts), else the loopback. */
interface NativeAddress {
  readonly address: string;
}

export interface OrdererNode extends NativeAddress {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly adminPort: number;
  readonly operationsPort: number;
}

export interface CaNode extends NativeAddress {
  /** `ca.<domain>`: container name and TLS host name of the org's Fabric CA. */
  readonly host: string;
  /** The CA name clients pass as `--caname`. */
  readonly caName: string;
  readonly port: number;
  readonly operationsPort: number;
}

export interface PeerNode extends NativeAddress {
  readonly name: string;
  readonly host: string;
  readonly mspId: string;
  readonly orgDomain: string;
  readonly port: number;
  readonly chaincodePort: number;
  readonly operationsPort: number;
  /** Host port of this peer's own CouchDB (used with `--state-db couchdb`). */
  readonly couchdbPort: number;
  readonly couchdbHost: string;
}

export interface OrdererOrgPlan {
  readonly name: string;
  readonly mspId: string;
  readonly domain: string;
  readonly orderers: readonly OrdererNode[];
  readonly ca: CaNode;
}

export interface PeerOrgPlan {
  readonly name: string;
  readonly mspId: string;
  readonly domain: string;
  readonly peers: readonly PeerNode[];
  /** The org's anchor peer for cross-org gossip: its first peer. */
  readonly anchorPeer: PeerNode;
  readonly ca: CaNode;
  readonly users: readonly UserSpec[];
}

export interface ChaincodePlan {
  readonly name: string;
  readonly version: string;
  readonly sequence: number;
  /** Package label, `<name>_<version>`: the readable half of the package ID. */
  readonly label: string;
  /** Chaincode folder relative to the repository root. */
  readonly path: string;
  readonly installedOn: readonly string[];
  readonly endorsementPolicy: EndorsementPolicySpec;
  readonly collectionsConfig?: string;
  readonly initRequired: boolean;
}

export interface ChannelPlan {
  readonly name: string;
  /** configtx.yaml profile that creates this channel. */
  readonly profile: string;
  readonly orgs: readonly string[];
  readonly policies: Readonly<Record<string, string>>;
  readonly chaincodes: readonly ChaincodePlan[];
}

/** One chaincode-as-a-service server: a chaincode package run for one org's peers. */
export interface CcaasServer extends NativeAddress {
  readonly chaincode: string;
  readonly label: string;
  readonly path: string;
  readonly mspId: string;
  readonly orgDomain: string;
  /** Container name in Docker mode: `<chaincode>-ccaas.<orgDomain>`. */
  readonly host: string;
  /** Port on its org's address in native mode (in Docker the server listens on its container's port 9999). */
  readonly port: number;
  /** Variable carrying the installed package ID into compose files and scripts. */
  readonly packageIdVariable: string;
}

export interface NetworkPlan {
  readonly name: string;
  readonly ordering: OrderingSpec;
  readonly ordererOrg: OrdererOrgPlan;
  readonly orgs: readonly PeerOrgPlan[];
  readonly channels: readonly ChannelPlan[];
  readonly ccaas: readonly CcaasServer[];
  readonly ports: readonly PortClaim[];
}

/** Port the chaincode servers listen on inside their containers. */
export const ccaasContainerPort = 9999;
/** Port CouchDB listens on inside its container. */
export const couchdbContainerPort = 5984;

/*
 * Ports the topology does not name, derived from the nearest topology port so each org keeps a block of
 * its own: peer p has chaincode p+1, CouchDB p+5, operations p+6 (unless the topology says); the org's CA
 * is its first peer +3 (operations +4) and chaincode server k is the first peer +10+k. An orderer o has
 * admin o+3 and operations o+1393 (7050 -> 8443, Fabric's sample value); its org's CA is o+1004 (8054).
 */
const derived = {
  peerChaincode: 1,
  peerOperations: 6,
  peerCouchdb: 5,
  orgCa: 3,
  orgCaOperations: 4,
  ccaasBase: 10,
  ordererAdmin: 3,
  ordererOperations: 1393,
  ordererCa: 1004,
  ordererCaOperations: 1005,
} as const;

export interface PlanOptions extends PortOptions {
  /** Orgs whose native nodes run elsewhere than the loopback address, by MSP ID (network.sh --hosts). */
  readonly hosts?: ReadonlyMap<string, OrgHost>;
}

export function buildNetworkPlan(topology: LoadedTopology, options: PlanOptions = {}): NetworkPlan {
  const ports = new PortAllocator(options);
  const addresses = orgAddresses(options.hosts ?? new Map(), [
    topology.ordererOrg.mspId,
    ...topology.orgs.map((org) => org.mspId),
  ]);
  const ordererOrg = planOrdererOrg(topology, ports, addresses.get(topology.ordererOrg.mspId)!);
  const orgs = topology.orgs.map((org) => {
    const address = addresses.get(org.mspId)!;
    const peers = org.peers.map((peer): PeerNode => {
      const host = `${peer.name}.${org.domain}`;
      return {
        name: peer.name,
        host,
        address,
        mspId: org.mspId,
        orgDomain: org.domain,
        port: ports.claim(host, peer.port, host),
        chaincodePort: ports.claim(
          `${host}:chaincode`,
          peer.chaincodePort ?? peer.port + derived.peerChaincode,
          `${host} (chaincode)`,
        ),
        operationsPort: ports.claim(
          `${host}:operations`,
          peer.operationsPort ?? peer.port + derived.peerOperations,
          `${host} (operations)`,
        ),
        couchdbPort: ports.claim(`${host}:couchdb`, peer.port + derived.peerCouchdb, `${host} (CouchDB)`),
        couchdbHost: `couchdb.${host}`,
      };
    });
    const first = org.peers[0].port;
    const plan: PeerOrgPlan = {
      name: org.name,
      mspId: org.mspId,
      domain: org.domain,
      peers,
      anchorPeer: peers[0],
      ca: planCa(ports, org.name, org.domain, address, first + derived.orgCa, first + derived.orgCaOperations),
      users: org.users,
    };
    return plan;
  });
  const channels = topology.channels.map((channel): ChannelPlan => ({
    name: channel.name,
    profile: channel.name,
    orgs: channel.orgs,
    policies: channel.policies,
    chaincodes: channel.chaincodes.map((chaincode) => ({
      name: chaincode.name,
      version: chaincode.version,
      sequence: chaincode.sequence,
      label: `${chaincode.name}_${chaincode.version}`,
      path: packagedPath(chaincode),
      installedOn: chaincode.installedOn ?? channel.orgs,
      endorsementPolicy: chaincode.endorsementPolicy,
      collectionsConfig: chaincode.collectionsConfig,
      initRequired: chaincode.initRequired,
    })),
  }));
  // Chaincode server ports derive from the topology's port (the allocator adds the offset once).
  const firstPeerPorts = new Map(topology.orgs.map((org) => [org.mspId, org.peers[0].port]));
  const ccaas = planCcaasServers(channels, orgs, firstPeerPorts, ports);
  return {
    name: topology.name,
    ordering: topology.ordering,
    ordererOrg,
    orgs,
    channels,
    ccaas,
    ports: ports.check(),
  };
}

/** The network builds and packages chaincode from folders; a dev network chaincode server has none. */
function packagedPath(chaincode: LoadedTopology['channels'][number]['chaincodes'][number]): string {
  if (chaincode.path === undefined) {
    throw new NetworkPlanError(
      `chaincode ${chaincode.name} names a chaincode server (server.address ${chaincode.server?.address}) ` +
        'instead of a path; the Fabric network is generated from chaincode folders: give it a path',
    );
  }
  return chaincode.path;
}

function planOrdererOrg(topology: LoadedTopology, ports: PortAllocator, address: string): OrdererOrgPlan {
  const { ordererOrg } = topology;
  const orderers = ordererOrg.orderers.map((orderer): OrdererNode => {
    const host = `${orderer.name}.${ordererOrg.domain}`;
    return {
      name: orderer.name,
      host,
      address,
      port: ports.claim(host, orderer.port, host),
      adminPort: ports.claim(
        `${host}:admin`,
        orderer.adminPort ?? orderer.port + derived.ordererAdmin,
        `${host} (admin)`,
      ),
      operationsPort: ports.claim(
        `${host}:operations`,
        orderer.operationsPort ?? orderer.port + derived.ordererOperations,
        `${host} (operations)`,
      ),
    };
  });
  const first = ordererOrg.orderers[0].port;
  return {
    name: ordererOrg.name,
    mspId: ordererOrg.mspId,
    domain: ordererOrg.domain,
    orderers,
    ca: planCa(
      ports,
      ordererOrg.name,
      ordererOrg.domain,
      address,
      first + derived.ordererCa,
      first + derived.ordererCaOperations,
    ),
  };
}

function planCa(
  ports: PortAllocator,
  orgName: string,
  domain: string,
  address: string,
  port: number,
  operationsPort: number,
): CaNode {
  const host = `ca.${domain}`;
  return {
    host,
    address,
    caName: `ca-${orgName.toLowerCase()}`,
    port: ports.claim(host, port, `${host} (Fabric CA)`),
    operationsPort: ports.claim(`${host}:operations`, operationsPort, `${host} (Fabric CA operations)`),
  };
}

/**
 * One server per chaincode package and org that installs it. Each org gets its own package (its
 * connection.json names its own server), so every org's chaincode runs with that org's MSP ID.
 */
function planCcaasServers(
  channels: readonly ChannelPlan[],
  orgs: readonly PeerOrgPlan[],
  firstPeerPorts: ReadonlyMap<string, number>,
  ports: PortAllocator,
): CcaasServer[] {
  const labels = new Map<string, ChaincodePlan>();
  for (const chaincode of channels.flatMap((channel) => channel.chaincodes)) {
    const known = labels.get(chaincode.name);
    if (known && (known.label !== chaincode.label || known.path !== chaincode.path)) {
      throw new NetworkPlanError(
        `chaincode ${chaincode.name} is declared with different versions or paths on two channels; ` +
          'give each its own name',
      );
    }
    labels.set(chaincode.name, chaincode);
  }
  const servers: CcaasServer[] = [];
  [...labels.values()].forEach((chaincode, index) => {
    const installers = new Set(
      channels
        .flatMap((channel) => channel.chaincodes.filter((c) => c.name === chaincode.name))
        .flatMap((c) => c.installedOn),
    );
    for (const org of orgs.filter((candidate) => installers.has(candidate.mspId))) {
      const host = `${chaincode.name}-ccaas.${org.domain}`;
      servers.push({
        chaincode: chaincode.name,
        label: chaincode.label,
        path: chaincode.path,
        mspId: org.mspId,
        orgDomain: org.domain,
        host,
        address: org.anchorPeer.address,
        port: ports.claim(
          host,
          firstPeerPorts.get(org.mspId)! + derived.ccaasBase + index,
          `${host} (chaincode server)`,
        ),
        packageIdVariable: `CCAAS_PACKAGE_ID_${envName(chaincode.name)}_${envName(org.mspId)}`,
      });
    }
  });
  return servers;
}

/** Upper-case shell variable fragment: `supply-chain` -> `SUPPLY_CHAIN`. */
export function envName(text: string): string {
  return text.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/** Address a node is reached at by other nodes: container DNS name in Docker, its org's address natively. */
export function nodeAddress(runtime: Runtime, node: { host: string; address: string }, port: number): string {
  return runtime === 'docker' ? `${node.host}:${port}` : `${node.address}:${port}`;
}
