import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { assembleChannel } from './assembly/channel-assembly';
import { assembleOrgPeer, type OrgPeer } from './assembly/org-peer-assembly';
import { startNetworkCas } from './ca/network-cas';
import type { OrgCa } from './ca/org-ca';
import { assembleOrdererNodes, ordererEndpoint, type OrdererEndpoint } from './assembly/orderer-nodes';
import { writeConnectionProfiles, type ConnectionProfileFiles } from './client/connection-profile-files';
import type { ledger } from '@hyperledger/fabric-protos';
import type { ChannelRuntime, NetworkView, PeerEndpoint } from './gateway/network-view';
import {
  addUser,
  generateCrypto,
  nodeLayout,
  ordererIdentityFiles,
  orgLayout,
  SigningIdentity,
  userIdentityFiles,
  type IdentityFiles,
} from './identity';
import { LedgerStore } from './ledger';
import { OperationsServer } from './operations/operations-server';
import { OrdererMetrics } from './operations/orderer-metrics';
import { restoreSnapshot } from './snapshot';
import type { OrdererServer } from './orderer/orderer-server';
import { loadTopology, TopologyError, type LoadedTopology } from './topology/load';
import { shiftPorts } from './topology/port-offset';
import type { TlsSpec } from './topology/schema';

/** Where the repository keeps its topology and the dev network its data, relative to this package. */
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const DEFAULT_TOPOLOGY_FILE = path.join(REPO_ROOT, 'network', 'topology.yaml');
export const DEFAULT_DATA_DIR = path.join(REPO_ROOT, '.devnet');

/** Operations ports when the topology names none: Fabric's test network uses 9443 for the orderer, 9444... for peers. */
const DEFAULT_ORDERER_OPERATIONS_PORT = 9443;
const DEFAULT_PEER_OPERATIONS_PORT = 9444;

/** Supplies a free port to listen on. */
export type PortPicker = () => Promise<number>;

export interface DevnetOptions {
  /** Topology file; defaults to network/topology.yaml. Ignored when `topology` is given. */
  topologyFile?: string;
  topology?: LoadedTopology;
  /** Folder for identities, ledger and logs; defaults to .devnet at the repository root. */
  dataDir?: string;
  /** Folder of the identities (cryptogen layout); defaults to `<dataDir>/crypto`. */
  cryptoDir?: string;
  /** Wipe the data and identity folders first. */
  reset?: boolean;
  /**
   * Durable commits: every block's LevelDB batch is written with `sync`, so a block is on disk before its commit
   * status or block event is sent and survives a power cut or kernel crash. Off by default: each block then waits
   * for the disk (milliseconds per block), and without it only the operating system's cache can lose the newest
   * blocks, never a process crash.
   */
  fsync?: boolean;
  /**
   * Start from a file written by `writeSnapshot` (`scenechain-devnet snapshot`): it is unpacked into `dataDir`, which
   * must be empty or absent (or is replaced with `reset`); identities come from the snapshot when `cryptoDir` is
   * inside `dataDir` (the default).
   */
  fromSnapshot?: string;
  /**
   * `topology` uses the ports in the topology (default; operations endpoints without a port get 9443 for the
   * orderer and 9444, 9445, ... for the peers in topology order); `auto` lets the system pick free ports; a
   * function is asked for each port (tests use it to stay out of the ephemeral range).
   */
  ports?: 'topology' | 'auto' | PortPicker;
  /** Added to every port of the topology (with `ports: 'topology'`), as network.sh --port-offset. */
  portOffset?: number;
  /**
   * TLS of every gRPC endpoint; overrides the topology's `tls` (default: TLS on, client certificates not
   * required). `{ enabled: false }` serves plaintext.
   */
  tls?: Partial<TlsSpec>;
  /** Loopback address to listen on. */
  host?: string;
  /** Serve only these channels (default: all in the topology). */
  channels?: readonly string[];
  /** Start chaincode processes at start-up (`eager`, default) or on first use (`lazy`). */
  launch?: 'eager' | 'lazy';
  /** Fabric's chaincode execute timeout (default 30 s). */
  executeTimeoutMs?: number;
  /** How long a chaincode process has to register after launch (default 30 s). */
  startupTimeoutMs?: number;
  /** Longest CommitStatus wait when the client gives no deadline (default 60 s). */
  commitTimeoutMs?: number;
  /** gRPC message size limit, as a peer's MaxRecvMsgSize (default 100 MiB). */
  maxMessageBytes?: number;
  /**
   * peer.authentication.timewindow: the peers refuse proposals (and Deliver requests) whose timestamp is further
   * than this from their clock, as Fabric 3's TimeWindowCheck filter does. Overrides the topology's
   * `authentication.timeWindow` (default 5 minutes).
   */
  timeWindowMs?: number;
  /**
   * The peers' clock in milliseconds since the epoch (default Date.now). Tests inject one to move the peers'
   * time instead of waiting or backdating a client; chaincode still sees only the proposal's timestamp.
   */
  clock?: () => number;
  /** Serve the Fabric CA of each org whose topology entry has `ca` (default true; false as `--no-ca`). */
  ca?: boolean;
}

export interface OrgEndpoint {
  mspId: string;
  /** host:port of the org's peer gateway. */
  endpoint: string;
  /** The peer's host name, which its TLS certificate names (`grpc.ssl_target_name_override`). */
  hostAlias: string;
  /** The org's TLS CA certificate as the peer's folder holds it (`peers/<host>/tls/ca.crt`). */
  tlsCaCertPath: string;
  /** That certificate's PEM when the network serves TLS; absent with plaintext, so this is a connect target. */
  tlsRootCertPem?: string;
  /** host:port of the peer's chaincode listener (mutual TLS; only chaincode processes it launched get in). */
  chaincodeAddress: string;
  /** host:port of the peer's operations endpoint (HTTP: /healthz, /metrics, /version). */
  operationsEndpoint: string;
}

/** An org's Fabric CA: what fabric-ca-client needs (URL, CA name, TLS CA to trust). */
export type CaEndpoint = Omit<OrgCa, 'stop'>;

export interface Devnet {
  readonly topology: LoadedTopology;
  readonly dataDir: string;
  readonly cryptoDir: string;
  readonly orgs: readonly OrgEndpoint[];
  /** Whether the peers serve TLS and require client certificates. */
  readonly tls: TlsSpec;
  /** peer.authentication.timewindow in force (milliseconds). */
  readonly timeWindowMs: number;
  /** Whether each block is synced to disk before its commit is reported ({@link DevnetOptions.fsync}). */
  readonly fsync: boolean;
  /** How to reach an org's peer: address, host name and TLS CA. */
  org(mspId: string): OrgEndpoint;
  /** What start-up could not do but did not stop for (e.g. a chaincode server not reachable yet). */
  readonly notices: readonly string[];
  endpoint(mspId: string): string;
  /** host:port of an org's peer operations endpoint (HTTP: /healthz, /metrics, /version). */
  operationsEndpoint(mspId: string): string;
  /** host:port of the orderer's operations endpoint. */
  readonly ordererOperationsEndpoint: string;
  /** The Fabric CAs being served (orgs whose topology entry has `ca`, unless `ca: false`). */
  readonly cas: readonly CaEndpoint[];
  /** An org's Fabric CA; throws when it has none. */
  ca(mspId: string): CaEndpoint;
  /** Every orderer of the topology (orderer.AtomicBroadcast: Broadcast and Deliver), in topology order. */
  readonly orderers: readonly OrdererEndpoint[];
  /** The connection profiles written for each org (`connection-<org>.json`/`.yaml` in its folder). */
  readonly connectionProfiles: readonly ConnectionProfileFiles[];
  /** Identity files of a user (`User1`, `Admin` or a topology/added user) of an org. */
  identity(mspId: string, userName?: string): IdentityFiles;
  /** Issues a new user identity with Fabric CA attributes and makes it known to every channel. */
  addUser(mspId: string, name: string, attrs?: Record<string, string>): Promise<IdentityFiles>;
  /** Takes an org's peer off the network (its gateway and chaincodes stop), as if it crashed. */
  stopPeer(mspId: string): Promise<void>;
  /** Brings a stopped peer back on the same port. */
  startPeer(mspId: string): Promise<void>;
  /** Kills one chaincode process of an org's peer (it is relaunched on next use); resolves once it exited. */
  killChaincode(mspId: string, chaincodeName: string): Promise<void>;
  /** Number of blocks on a channel. */
  height(channel: string): number;
  /** A committed block's bytes (serialized common.Block). */
  block(channel: string, number: number): Promise<Uint8Array | undefined>;
  /** The private data an org's peer holds for a committed block, by transaction number (see ChannelRuntime). */
  blockPrivateData(
    channel: string,
    mspId: string,
    number: number,
  ): Promise<Map<number, ledger.rwset.TxPvtReadWriteSet>>;
  /** Waits until every submitted transaction has been committed. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the embedded Fabric-compatible network: identities, one gateway peer per org, chaincode
 * processes, an orderer and committer per channel, and the durable ledger.
 */
export async function startDevnet(options: DevnetOptions = {}): Promise<Devnet> {
  const loaded = options.topology ?? loadTopology(options.topologyFile ?? DEFAULT_TOPOLOGY_FILE);
  if (options.portOffset && (options.ports ?? 'topology') !== 'topology') {
    throw new TopologyError("portOffset shifts the topology's ports: it cannot be combined with other ports options");
  }
  const topology = shiftPorts(loaded, options.portOffset ?? 0);
  const tls: TlsSpec = {
    enabled: options.tls?.enabled ?? topology.tls.enabled,
    clientAuthRequired: options.tls?.clientAuthRequired ?? topology.tls.clientAuthRequired,
  };
  const dataDir = path.resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  const cryptoDir = path.resolve(options.cryptoDir ?? path.join(dataDir, 'crypto'));
  const host = options.host ?? '127.0.0.1';
  const timeWindowMs = options.timeWindowMs ?? topology.authentication.timeWindow;
  if (!Number.isSafeInteger(timeWindowMs) || timeWindowMs <= 0) {
    throw new TopologyError(`timeWindowMs must be a positive whole number of milliseconds, got ${timeWindowMs}`);
  }
  const notices: string[] = [];
  if (options.fromSnapshot !== undefined) {
    const started = performance.now();
    const manifest = await restoreSnapshot({ file: options.fromSnapshot, dataDir, reset: options.reset });
    const heights = manifest.channels.map((c) => `${c.name} at height ${c.height}`).join(', ');
    notices.push(
      `restored ${path.resolve(options.fromSnapshot)} (${heights}) in ${(performance.now() - started).toFixed(0)} ms`,
    );
  } else if (options.reset) {
    await rm(dataDir, { recursive: true, force: true });
    await rm(cryptoDir, { recursive: true, force: true });
  }
  await generateCrypto(topology, cryptoDir);

  const channelSpecs = topology.channels.filter(
    (channel) => !options.channels || options.channels.includes(channel.name),
  );
  const unknown = (options.channels ?? []).filter((name) => !topology.channels.some((c) => c.name === name));
  if (unknown.length > 0) throw new Error(`unknown channel(s) in options: ${unknown.join(', ')}`);

  const fsync = options.fsync ?? false;
  const store = await LedgerStore.open(path.join(dataDir, 'ledger'), { sync: fsync });
  const ordererMetrics = new OrdererMetrics();
  let ordererOperations: OperationsServer | undefined;
  let cas: OrgCa[] = [];
  let ordererNodes: OrdererServer[] = [];
  let orderers: OrdererEndpoint[] = [];
  let connectionProfiles: ConnectionProfileFiles[] = [];
  const peers = new Map<string, OrgPeer>();
  const channels = new Map<string, ChannelRuntime>();
  const orgPeer = (mspId: string): OrgPeer => {
    const org = peers.get(mspId);
    if (!org) throw new Error(`unknown org ${mspId}; known: ${[...peers.keys()].join(', ')}`);
    return org;
  };
  const network: NetworkView = {
    channel: (name) => channels.get(name),
    peer: (mspId): PeerEndpoint | undefined => {
      const org = peers.get(mspId);
      if (!org || !org.server.running) return undefined;
      return { mspId, address: `${org.hostAlias}:${org.server.port}`, endorser: org.endorser };
    },
    peerAddress: (mspId) => {
      const org = peers.get(mspId);
      return org && `${org.hostAlias}:${org.server.port}`;
    },
  };

  try {
    const ordererSpec = topology.ordererOrg.orderers[0];
    const ordererIdentity = SigningIdentity.fromFiles(ordererIdentityFiles(topology, cryptoDir, ordererSpec.name));
    // Picked before block 0 is made, so that a new channel's config names the ports the orderers listen on.
    const ordererPorts = await ordererListenPorts(topology, options.ports);
    for (const spec of channelSpecs) {
      channels.set(
        spec.name,
        await assembleChannel(spec, {
          topology: withOrdererPorts(topology, ordererPorts),
          cryptoDir,
          store,
          ordererIdentity,
          host,
          ordererMetrics,
        }),
      );
    }
    ordererNodes = assembleOrdererNodes({
      topology,
      cryptoDir,
      host,
      ports: ordererPorts,
      channel: (name) => channels.get(name),
      maxMessageBytes: options.maxMessageBytes ?? 100 * 1024 * 1024,
      tls,
      metrics: ordererMetrics,
      clock: options.clock,
    });
    for (const [index, org] of topology.orgs.entries()) {
      const peer = assembleOrgPeer(org, {
        topology,
        cryptoDir,
        dataDir,
        host,
        port: await portFor(options.ports, org.peers[0].port),
        // Fabric's peer.chaincodeListenAddress; the project's Fabric configuration also puts it at port + 1.
        chaincodePort: await portFor(options.ports, org.peers[0].chaincodePort ?? org.peers[0].port + 1),
        operationsPort: await portFor(
          options.ports,
          org.peers[0].operationsPort ?? DEFAULT_PEER_OPERATIONS_PORT + index + (options.portOffset ?? 0),
        ),
        channels: channelSpecs,
        network,
        executeTimeoutMs: options.executeTimeoutMs ?? 30_000,
        startupTimeoutMs: options.startupTimeoutMs ?? 30_000,
        commitTimeoutMs: options.commitTimeoutMs ?? 60_000,
        maxMessageBytes: options.maxMessageBytes ?? 100 * 1024 * 1024,
        tls,
        clock: options.clock ?? Date.now,
        timeWindowMs,
      });
      peers.set(org.mspId, peer);
    }
    for (const channel of channels.values()) {
      channel.privateData.setPeerAvailability((mspId) => network.peer(mspId) !== undefined);
    }
    ordererOperations = new OperationsServer({
      name: `${ordererSpec.name}.${topology.ordererOrg.domain}`,
      host,
      port: await portFor(
        options.ports,
        ordererSpec.operationsPort ?? DEFAULT_ORDERER_OPERATIONS_PORT + (options.portOffset ?? 0),
      ),
      registry: ordererMetrics.registry,
      health: [],
    });
    for (const org of peers.values()) {
      await org.server.start();
      await org.chaincodeListener.start();
      await org.operations.start();
    }
    await ordererOperations.start();
    if (options.ca ?? true) {
      cas = await startNetworkCas(topology, {
        cryptoDir,
        dataDir,
        host,
        tls: tls.enabled,
        clock: options.clock ?? Date.now,
        port: (configured) => portFor(options.ports, configured),
        // A revocation reaches the network through the org MSP's CRL: every channel re-reads its MSPs.
        onRevocation: () => {
          for (const channel of channels.values()) channel.membership.reload();
        },
      });
    }
    for (const node of ordererNodes) await node.start();
    orderers = ordererNodes.map((node) => ordererEndpoint(node, topology, cryptoDir, tls));
    connectionProfiles = writeConnectionProfiles({
      topology,
      cryptoDir,
      tls: tls.enabled,
      host,
      peerPort: (mspId) => orgPeer(mspId).server.port,
      ca: (org) => {
        const ca = cas.find((candidate) => candidate.mspId === org.mspId);
        return ca && { url: ca.url, caName: ca.caName, certPath: ca.tlsCaCertPath ?? ca.caCertPath };
      },
    });
    // Eager: up only once every launched chaincode has registered, or not at all.
    if ((options.launch ?? 'eager') === 'eager') {
      const started = await Promise.all([...peers.values()].map((org) => org.runtime.startAll()));
      notices.push(...started.flat());
    }
  } catch (err) {
    for (const org of peers.values()) {
      org.server.stop();
      org.chaincodeListener.stop();
      await org.operations.stop();
      await org.runtime.stop();
    }
    await ordererOperations?.stop();
    await Promise.all(cas.map((ca) => ca.stop()));
    for (const node of ordererNodes) node.stop();
    await store.close();
    throw err;
  }
  const ordererOperationsServer = ordererOperations;

  const settle = async (): Promise<void> => {
    await Promise.all([...channels.values()].map((channel) => channel.orderer.drain()));
  };
  let stopped = false;
  // The TLS CA each org's clients trust, read once: `peers/<host>/tls/ca.crt`.
  const tlsCas = new Map(
    topology.orgs.map((org) => {
      const file = nodeLayout(orgLayout(topology, cryptoDir, org.mspId), 'peer', org.peers[0].name).tlsCaCertPath;
      return [org.mspId, { file, pem: tls.enabled ? readFileSync(file, 'utf8') : undefined }];
    }),
  );
  const orgEndpoint = (org: OrgPeer): OrgEndpoint => {
    const ca = tlsCas.get(org.mspId)!;
    return {
      mspId: org.mspId,
      endpoint: org.server.address,
      hostAlias: org.hostAlias,
      chaincodeAddress: org.chaincodeListener.address,
      operationsEndpoint: org.operations.address,
      tlsCaCertPath: ca.file,
      ...(ca.pem !== undefined && { tlsRootCertPem: ca.pem }),
    };
  };

  return {
    topology,
    dataDir,
    cryptoDir,
    tls,
    timeWindowMs,
    fsync,
    get orgs(): OrgEndpoint[] {
      return [...peers.values()].map(orgEndpoint);
    },
    org: (mspId) => orgEndpoint(orgPeer(mspId)),
    notices,
    endpoint: (mspId) => orgPeer(mspId).server.address,
    operationsEndpoint: (mspId) => orgPeer(mspId).operations.address,
    ordererOperationsEndpoint: ordererOperationsServer.address,
    cas: cas.map(({ stop: _stop, ...endpoint }) => endpoint),
    ca: (mspId) => {
      const ca = cas.find((candidate) => candidate.mspId === mspId);
      if (!ca) throw new Error(`${mspId} has no Fabric CA; with CAs: ${cas.map((c) => c.mspId).join(', ') || 'none'}`);
      const { stop: _stop, ...endpoint } = ca;
      return endpoint;
    },
    orderers,
    connectionProfiles,
    identity: (mspId, userName = 'User1') => userIdentityFiles(topology, cryptoDir, mspId, userName),
    async addUser(mspId, name, attrs = {}) {
      orgPeer(mspId);
      const files = await addUser(topology, cryptoDir, mspId, name, attrs);
      for (const channel of channels.values()) channel.membership.reload();
      return files;
    },
    async stopPeer(mspId) {
      const org = orgPeer(mspId);
      org.server.stop();
      org.chaincodeListener.stop();
      await org.runtime.stop();
    },
    async startPeer(mspId) {
      const org = orgPeer(mspId);
      org.runtime.resume();
      await org.server.start();
      await org.chaincodeListener.start();
    },
    killChaincode: async (mspId, chaincodeName) => {
      const org = orgPeer(mspId);
      for (const spec of channelSpecs) {
        const chaincode = spec.chaincodes.find((c) => c.name === chaincodeName);
        if (chaincode) await org.runtime.kill(chaincode.name, chaincode.version);
      }
    },
    height: (channel) => {
      const runtime = channels.get(channel);
      if (!runtime) throw new Error(`unknown channel ${channel}`);
      return runtime.ledger.height();
    },
    block: (channel, number) => {
      const runtime = channels.get(channel);
      if (!runtime) throw new Error(`unknown channel ${channel}`);
      return runtime.ledger.getBlock(number);
    },
    blockPrivateData: async (channel, mspId, number) => {
      const runtime = channels.get(channel);
      if (!runtime) throw new Error(`unknown channel ${channel}`);
      orgPeer(mspId);
      return runtime.blockPrivateData(mspId, number);
    },
    settle,
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const org of peers.values()) {
        org.server.stop();
        org.chaincodeListener.stop();
      }
      for (const node of ordererNodes) node.stop();
      await settle();
      await Promise.all([...peers.values()].map((org) => org.runtime.stop()));
      await Promise.all([...peers.values()].map((org) => org.operations.stop()));
      await ordererOperationsServer.stop();
      await Promise.all(cas.map((ca) => ca.stop()));
      await store.close();
    },
  };
}

/** The port each orderer of the topology will listen on, by name (0: the system picks one at bind time). */
async function ordererListenPorts(
  topology: LoadedTopology,
  ports: DevnetOptions['ports'],
): Promise<Map<string, number>> {
  const picked = new Map<string, number>();
  for (const spec of topology.ordererOrg.orderers) picked.set(spec.name, await portFor(ports, spec.port));
  return picked;
}

/** The topology with the orderers' picked ports where known (automatic ports are known only once bound). */
function withOrdererPorts(topology: LoadedTopology, ports: ReadonlyMap<string, number>): LoadedTopology {
  const orderers = topology.ordererOrg.orderers.map((spec) => ({ ...spec, port: ports.get(spec.name) || spec.port }));
  return { ...topology, ordererOrg: { ...topology.ordererOrg, orderers } };
}

async function portFor(ports: DevnetOptions['ports'], configured: number): Promise<number> {
  if (typeof ports === 'function') return ports();
  return ports === 'auto' ? 0 : configured;
}
