import path from 'node:path';
import { ChaincodeListener } from '../chaincode/chaincode-listener';
import { installationOf } from '../chaincode/installation';
import { LaunchCredentials } from '../chaincode/launch-credentials';
import { ChaincodeRuntime } from '../chaincode/runtime';
import { Endorser } from '../endorser/endorser';
import type { Clock } from '../endorser/time-window';
import { loadChaincodeIndexes, type ChaincodeIndexes } from '../ledger/couchdb';
import type { NetworkView } from '../gateway/network-view';
import { MembershipRegistry, peerIdentityFiles, SigningIdentity } from '../identity';
import { OperationsServer } from '../operations/operations-server';
import { PeerMetrics } from '../operations/peer-metrics';
import { PeerServer } from '../peer/peer-server';
import { loadPeerTls } from '../peer/peer-tls';
import { endorsingOrgs, type LoadedTopology } from '../topology/load';
import type { ChannelSpec, OrgSpec, TlsSpec } from '../topology/schema';

/** One org's peer as the dev network runs it: chaincode runtime, endorser and gRPC server. */
export interface OrgPeer {
  mspId: string;
  /** The peer's host name, e.g. peer0.org1.example.com. */
  hostAlias: string;
  runtime: ChaincodeRuntime;
  endorser: Endorser;
  server: PeerServer;
  /** The mutual-TLS ChaincodeSupport endpoint that launched chaincode processes dial. */
  chaincodeListener: ChaincodeListener;
  /** Its operations endpoint (/healthz, /metrics, /version); not started yet. */
  operations: OperationsServer;
}

export interface OrgPeerAssemblyOptions {
  topology: LoadedTopology;
  cryptoDir: string;
  dataDir: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Port of the chaincode listener; 0 picks a free port. */
  chaincodePort: number;
  /** Port of the operations endpoint; 0 picks a free port. */
  operationsPort: number;
  channels: readonly ChannelSpec[];
  network: NetworkView;
  executeTimeoutMs: number;
  startupTimeoutMs: number;
  commitTimeoutMs: number;
  maxMessageBytes: number;
  tls: TlsSpec;
  /** The peer's clock (proposal and Deliver timestamps are checked against it). */
  clock: Clock;
  /** peer.authentication.timewindow. */
  timeWindowMs: number;
}

/** Wires an org's first peer with the chaincodes installed on it; its servers are not started yet. */
export function assembleOrgPeer(org: OrgSpec, options: OrgPeerAssemblyOptions): OrgPeer {
  const { topology, cryptoDir } = options;
  const peerSpec = org.peers[0];
  const hostAlias = `${peerSpec.name}.${org.domain}`;
  const tls = options.tls.enabled
    ? loadPeerTls(topology, cryptoDir, org.mspId, peerSpec.name, options.channels, options.tls.clientAuthRequired)
    : undefined;
  const credentials = new LaunchCredentials(hostAlias, options.host);
  const runtime = new ChaincodeRuntime({
    mspId: org.mspId,
    // Read at launch time: with automatic ports the address is known only once the listener listens.
    peerAddress: (): string => chaincodeListener.address,
    credentials,
    logDir: path.join(options.dataDir, 'logs'),
    startupTimeoutMs: options.startupTimeoutMs,
    maxMessageBytes: options.maxMessageBytes,
  });
  const queryIndexes = new Map<string, ChaincodeIndexes>();
  for (const spec of options.channels) {
    for (const chaincode of spec.chaincodes) {
      if (!endorsingOrgs(spec, chaincode).includes(org.mspId)) continue;
      const installation = installationOf(chaincode, topology.baseDir);
      runtime.install(installation);
      if (installation.dir !== undefined) {
        const chaincodeId = `${chaincode.name}:${chaincode.version}`;
        queryIndexes.set(chaincodeId, loadChaincodeIndexes(chaincodeId, installation.dir));
      }
    }
  }
  const metrics = new PeerMetrics();
  for (const spec of options.channels) {
    const channel = spec.orgs.includes(org.mspId) ? options.network.channel(spec.name) : undefined;
    if (channel) metrics.watchChannel(channel);
  }
  const endorser = new Endorser({
    mspId: org.mspId,
    identity: SigningIdentity.fromFiles(peerIdentityFiles(topology, cryptoDir, org.mspId, peerSpec.name)),
    runtime,
    network: options.network,
    executeTimeoutMs: options.executeTimeoutMs,
    queryIndexes,
    metrics,
    clock: options.clock,
    timeWindowMs: options.timeWindowMs,
  });
  const server = new PeerServer({
    mspId: org.mspId,
    name: hostAlias,
    host: options.host,
    port: options.port,
    network: options.network,
    commitTimeoutMs: options.commitTimeoutMs,
    maxMessageBytes: options.maxMessageBytes,
    tls,
    metrics,
    clock: options.clock,
    timeWindowMs: options.timeWindowMs,
    discovery: {
      localMsp: MembershipRegistry.fromCrypto(topology, cryptoDir, [org.mspId]),
      orgs: topology.orgs.map((each) => each.mspId),
    },
  });
  const chaincodeListener = new ChaincodeListener({
    mspId: org.mspId,
    name: hostAlias,
    host: options.host,
    port: options.chaincodePort,
    runtime,
    credentials,
    maxMessageBytes: options.maxMessageBytes,
  });
  const operations = new OperationsServer({
    name: hostAlias,
    host: options.host,
    port: options.operationsPort,
    registry: metrics.registry,
    health: [
      {
        component: 'peer',
        check: () =>
          server.running ? undefined : `${hostAlias} is stopped: its gRPC server at ${server.address} is down`,
      },
    ],
  });
  return { mspId: org.mspId, hostAlias, runtime, endorser, server, chaincodeListener, operations };
}
