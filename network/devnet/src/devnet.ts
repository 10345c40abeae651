import { rm } from 'node:fs/promises';
import path from 'node:path';
import { assembleChannel } from './assembly/channel-assembly';
import { assembleOrgPeer, type OrgPeer } from './assembly/org-peer-assembly';
import type { ChannelRuntime, NetworkView, PeerEndpoint } from './gateway/network-view';
import {
  addUser,
  generateCrypto,
  ordererIdentityFiles,
  SigningIdentity,
  userIdentityFiles,
  type IdentityFiles,
} from './identity';
import { LedgerStore } from './ledger';
import { OperationsServer } from './operations/operations-server';
import { OrdererMetrics } from './operations/orderer-metrics';
import { loadTopology, type LoadedTopology } from './topology/load';

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
  /** Wipe the data folder first. */
  reset?: boolean;
  /**
   * `topology` uses the ports in the topology (default; operations endpoints without a port get 9443 for the
   * orderer and 9444, 9445, ... for the peers in topology order); `auto` lets the system pick free ports; a
   * function is asked for each port (tests use it to stay out of the ephemeral range).
   */
  ports?: 'topology' | 'auto' | PortPicker;
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
}

export interface OrgEndpoint {
  mspId: string;
  /** host:port of the org's peer gateway. */
  endpoint: string;
  /** The peer's host name (for TLS host overrides on a real network). */
  hostAlias: string;
  /** host:port of the peer's operations endpoint (HTTP: /healthz, /metrics, /version). */
  operationsEndpoint: string;
}

export interface Devnet {
  readonly topology: LoadedTopology;
  readonly dataDir: string;
  readonly cryptoDir: string;
  readonly orgs: readonly OrgEndpoint[];
  endpoint(mspId: string): string;
  /** host:port of an org's peer operations endpoint (HTTP: /healthz, /metrics, /version). */
  operationsEndpoint(mspId: string): string;
  /** host:port of the orderer's operations endpoint. */
  readonly ordererOperationsEndpoint: string;
  /** Identity files of a user (`User1`, `Admin` or a topology/added user) of an org. */
  identity(mspId: string, userName?: string): IdentityFiles;
  /** Issues a new user identity with Fabric CA attributes and makes it known to every channel. */
  addUser(mspId: string, name: string, attrs?: Record<string, string>): Promise<IdentityFiles>;
  /** Takes an org's peer off the network (its gateway and chaincodes stop), as if it crashed. */
  stopPeer(mspId: string): Promise<void>;
  /** Brings a stopped peer back on the same port. */
  startPeer(mspId: string): Promise<void>;
  /** Kills one chaincode process of an org's peer (it is relaunched on next use). */
  killChaincode(mspId: string, chaincodeName: string): void;
  /** Number of blocks on a channel. */
  height(channel: string): number;
  /** A committed block's bytes (serialized common.Block). */
  block(channel: string, number: number): Promise<Uint8Array | undefined>;
  /** Waits until every submitted transaction has been committed. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the embedded Fabric-compatible network: identities, one gateway peer per org, chaincode
 * processes, an orderer and committer per channel, and the durable ledger.
 */
export async function startDevnet(options: DevnetOptions = {}): Promise<Devnet> {
  const topology = options.topology ?? loadTopology(options.topologyFile ?? DEFAULT_TOPOLOGY_FILE);
  const dataDir = path.resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  const cryptoDir = path.join(dataDir, 'crypto');
  const host = options.host ?? '127.0.0.1';
  if (options.reset) await rm(dataDir, { recursive: true, force: true });
  await generateCrypto(topology, cryptoDir);

  const channelSpecs = topology.channels.filter(
    (channel) => !options.channels || options.channels.includes(channel.name),
  );
  const unknown = (options.channels ?? []).filter((name) => !topology.channels.some((c) => c.name === name));
  if (unknown.length > 0) throw new Error(`unknown channel(s) in options: ${unknown.join(', ')}`);

  const store = await LedgerStore.open(path.join(dataDir, 'ledger'));
  const ordererMetrics = new OrdererMetrics();
  let ordererOperations: OperationsServer | undefined;
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
      return { mspId, address: org.server.address, endorser: org.endorser };
    },
  };

  try {
    const ordererSpec = topology.ordererOrg.orderers[0];
    const ordererIdentity = SigningIdentity.fromFiles(ordererIdentityFiles(topology, cryptoDir, ordererSpec.name));
    for (const spec of channelSpecs) {
      channels.set(
        spec.name,
        await assembleChannel(spec, { topology, cryptoDir, store, ordererIdentity, host, ordererMetrics }),
      );
    }
    for (const [index, org] of topology.orgs.entries()) {
      const peer = assembleOrgPeer(org, {
        topology,
        cryptoDir,
        dataDir,
        host,
        port: await portFor(options.ports, org.peers[0].port),
        operationsPort: await portFor(
          options.ports,
          org.peers[0].operationsPort ?? DEFAULT_PEER_OPERATIONS_PORT + index,
        ),
        channels: channelSpecs,
        network,
        executeTimeoutMs: options.executeTimeoutMs ?? 30_000,
        startupTimeoutMs: options.startupTimeoutMs ?? 30_000,
        commitTimeoutMs: options.commitTimeoutMs ?? 60_000,
        maxMessageBytes: options.maxMessageBytes ?? 100 * 1024 * 1024,
      });
      peers.set(org.mspId, peer);
    }
    ordererOperations = new OperationsServer({
      name: `${ordererSpec.name}.${topology.ordererOrg.domain}`,
      host,
      port: await portFor(options.ports, ordererSpec.operationsPort ?? DEFAULT_ORDERER_OPERATIONS_PORT),
      registry: ordererMetrics.registry,
      health: [],
    });
    for (const org of peers.values()) {
      await org.server.start();
      await org.operations.start();
    }
    await ordererOperations.start();
  } catch (err) {
    for (const org of peers.values()) {
      org.server.stop();
      await org.operations.stop();
      await org.runtime.stop();
    }
    await ordererOperations?.stop();
    await store.close();
    throw err;
  }
  const ordererOperationsServer = ordererOperations;
  if ((options.launch ?? 'eager') === 'eager') for (const org of peers.values()) org.runtime.launchAll();

  const settle = async (): Promise<void> => {
    await Promise.all([...channels.values()].map((channel) => channel.orderer.drain()));
  };
  let stopped = false;

  return {
    topology,
    dataDir,
    cryptoDir,
    get orgs(): OrgEndpoint[] {
      return [...peers.values()].map((org) => ({
        mspId: org.mspId,
        endpoint: org.server.address,
        hostAlias: org.hostAlias,
        operationsEndpoint: org.operations.address,
      }));
    },
    endpoint: (mspId) => orgPeer(mspId).server.address,
    operationsEndpoint: (mspId) => orgPeer(mspId).operations.address,
    ordererOperationsEndpoint: ordererOperationsServer.address,
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
      await org.runtime.stop();
    },
    async startPeer(mspId) {
      const org = orgPeer(mspId);
      org.runtime.resume();
      await org.server.start();
    },
    killChaincode: (mspId, chaincodeName) => {
      const org = orgPeer(mspId);
      for (const spec of channelSpecs) {
        const chaincode = spec.chaincodes.find((c) => c.name === chaincodeName);
        if (chaincode) org.runtime.kill(chaincode.name, chaincode.version);
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
    settle,
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const org of peers.values()) org.server.stop();
      await settle();
      await Promise.all([...peers.values()].map((org) => org.runtime.stop()));
      await Promise.all([...peers.values()].map((org) => org.operations.stop()));
      await ordererOperationsServer.stop();
      await store.close();
    },
  };
}

async function portFor(ports: DevnetOptions['ports'], configured: number): Promise<number> {
  if (typeof ports === 'function') return ports();
  return ports === 'auto' ? 0 : configured;
}
