import * as grpc from '@grpc/grpc-js';
import { connect, hash, type Gateway, type Signer } from '@hyperledger/fabric-gateway';
import type { FabricIdentity } from './identity';
import type { NetworkDirectory } from './network-directory';
import { nodeCryptoSigner } from './signer';

/** Per-stage deadlines, as Fabric's samples set them (milliseconds). */
export interface StageDeadlines {
  readonly evaluateMs: number;
  readonly endorseMs: number;
  readonly submitMs: number;
  readonly commitStatusMs: number;
}

export const DEFAULT_DEADLINES: StageDeadlines = {
  evaluateMs: 5_000,
  endorseMs: 15_000,
  submitMs: 5_000,
  commitStatusMs: 60_000,
};

const CHANNEL_OPTIONS: grpc.ChannelOptions = {
  'grpc.max_receive_message_length': 100 * 1024 * 1024,
  'grpc.max_send_message_length': 100 * 1024 * 1024,
  // A peer that comes back is found again within seconds rather than grpc's default two minutes.
  'grpc.initial_reconnect_backoff_ms': 250,
  'grpc.max_reconnect_backoff_ms': 2_000,
  'grpc.keepalive_time_ms': 30_000,
};

/**
 * One long-lived gRPC connection per peer endpoint, shared by every identity that uses that peer, and one
 * fabric-gateway Gateway per identity on it (gateways are cheap views; the connection is the cost).
 */
export class ConnectionPool {
  private readonly clients = new Map<string, grpc.Client>();
  private readonly gateways = new Map<string, Gateway>();
  /** Each identity's signer (its parsed private key), shared by its gateway and `sign`. */
  private readonly signers = new Map<string, Signer>();

  constructor(
    private readonly directory: NetworkDirectory,
    private readonly deadlines: StageDeadlines = DEFAULT_DEADLINES,
  ) {}

  /** The gRPC connection to an org's gateway peer, opened on first use. */
  client(mspId: string): grpc.Client {
    let client = this.clients.get(mspId);
    if (!client) {
      const peer = this.directory.peer(mspId);
      const credentials = peer.tlsRootCertPem
        ? grpc.credentials.createSsl(
            Buffer.from(peer.tlsRootCertPem),
            peer.tlsClient && Buffer.from(peer.tlsClient.keyPem),
            peer.tlsClient && Buffer.from(peer.tlsClient.certPem),
          )
        : grpc.credentials.createInsecure();
      const options = peer.hostOverride
        ? { ...CHANNEL_OPTIONS, 'grpc.ssl_target_name_override': peer.hostOverride }
        : CHANNEL_OPTIONS;
      client = new grpc.Client(peer.endpoint, credentials, options);
      this.clients.set(mspId, client);
    }
    return client;
  }

  /** A gateway acting as `identity` through its own org's peer. */
  gateway(identity: FabricIdentity): Gateway {
    let gateway = this.gateways.get(identity.label);
    if (!gateway) {
      const deadlines = this.deadlines;
      gateway = connect({
        client: this.client(identity.mspId),
        identity: { mspId: identity.mspId, credentials: Buffer.from(identity.certPem) },
        signer: this.signer(identity),
        hash: hash.none,
        evaluateOptions: () => ({ deadline: Date.now() + deadlines.evaluateMs }),
        endorseOptions: () => ({ deadline: Date.now() + deadlines.endorseMs }),
        submitOptions: () => ({ deadline: Date.now() + deadlines.submitMs }),
        commitStatusOptions: () => ({ deadline: Date.now() + deadlines.commitStatusMs }),
      });
      this.gateways.set(identity.label, gateway);
    }
    return gateway;
  }

  /** Signs a digest as `identity`, as its gateway would (for transactions kept signed before they are submitted). */
  sign(identity: FabricIdentity, digest: Uint8Array): Promise<Uint8Array> {
    return this.signer(identity)(digest);
  }

  private signer(identity: FabricIdentity): Signer {
    let signer = this.signers.get(identity.label);
    if (!signer) {
      signer = nodeCryptoSigner(identity.keyPem);
      this.signers.set(identity.label, signer);
    }
    return signer;
  }

  /** Drops a cached gateway and signer (after its identity was replaced). */
  forget(label: string): void {
    this.gateways.get(label)?.close();
    this.gateways.delete(label);
    this.signers.delete(label);
  }

  /** Whether each org's peer connection is (or becomes within `timeoutMs`) ready. */
  async probe(timeoutMs: number): Promise<{ mspId: string; endpoint: string; ready: boolean }[]> {
    return Promise.all(
      this.directory.orgs.map(async ({ mspId }) => {
        const client = this.client(mspId);
        const ready = await new Promise<boolean>((resolve) =>
          client.waitForReady(Date.now() + timeoutMs, (err) => resolve(!err)),
        );
        return { mspId, endpoint: this.directory.peer(mspId).endpoint, ready };
      }),
    );
  }

  close(): void {
    for (const gateway of this.gateways.values()) gateway.close();
    for (const client of this.clients.values()) client.close();
    this.gateways.clear();
    this.clients.clear();
  }
}
