import { Server } from '@grpc/grpc-js';
import { discovery, gateway, peer } from '@hyperledger/fabric-protos';
import { gatewayService } from '../gateway/gateway-service';
import type { NetworkView } from '../gateway/network-view';
import { peerServerCredentials, type PeerTls } from './peer-tls';
import { addGuardedService } from '../wire';
import { peerDeliverService, peerDeliverServiceDefinition } from '../deliver/peer-deliver-service';
import type { PeerMetrics } from '../operations/peer-metrics';
import { bindServer } from './bind-server';
import { endorserService } from '../endorser/endorser-service';
import { discoveryService, type DiscoveryServiceOptions } from '../discovery/discovery-service';

export interface PeerServerOptions {
  mspId: string;
  /** Human name for errors, e.g. peer0.regulator.scenechain.example. */
  name: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
  network: NetworkView;
  commitTimeoutMs: number;
  maxMessageBytes: number;
  /** TLS material; plaintext without it. */
  tls?: PeerTls;
  metrics?: PeerMetrics;
  /** The peer's clock and peer.authentication.timewindow, for Deliver's seek timestamps. */
  clock?: () => number;
  timeWindowMs?: number;
  /** What discovery needs beyond the network: the peer's local MSP and the orgs gossip knows. */
  discovery: Pick<DiscoveryServiceOptions, 'localMsp' | 'orgs' | 'orgMembersAllowed'>;
}

/**
 * One org's client-facing peer endpoint: the Gateway, Deliver, Endorser and Discovery services. Chaincode processes dial the peer's
 * separate chaincode listener (chaincode/chaincode-listener.ts), never this server.
 */
export class PeerServer {
  #server: Server | undefined;
  #port = 0;

  constructor(private readonly options: PeerServerOptions) {}

  get address(): string {
    return `${this.options.host}:${this.#port}`;
  }

  /** The port served (kept while stopped, so the peer comes back on it). */
  get port(): number {
    return this.#port;
  }

  get running(): boolean {
    return this.#server !== undefined;
  }

  async start(): Promise<void> {
    const { metrics } = this.options;
    const server = new Server({
      'grpc.max_receive_message_length': this.options.maxMessageBytes,
      'grpc.max_send_message_length': this.options.maxMessageBytes,
      ...(metrics ? { interceptors: [metrics.grpc.interceptor] } : {}),
    });
    // Every request is decoded by the wire guard: malformed bytes get INVALID_ARGUMENT, never the decoder.
    addGuardedService(
      server,
      gateway.GatewayService,
      gatewayService({
        mspId: this.options.mspId,
        network: this.options.network,
        commitTimeoutMs: this.options.commitTimeoutMs,
      }),
    );
    addGuardedService(
      server,
      peerDeliverServiceDefinition,
      peerDeliverService({
        mspId: this.options.mspId,
        network: this.options.network,
        metrics,
        now: this.options.clock,
        timeWindowMs: this.options.timeWindowMs,
      }),
    );
    const { mspId: localMspId, network } = this.options;
    addGuardedService(
      server,
      peer.EndorserService,
      endorserService({ mspId: localMspId, network, localMsp: this.options.discovery.localMsp }),
    );
    addGuardedService(
      server,
      discovery.DiscoveryService,
      discoveryService({ mspId: localMspId, network, ...this.options.discovery }),
    );
    const { host, name, mspId } = this.options;
    this.#port = await bindServer(
      server,
      host,
      this.#port || this.options.port,
      peerServerCredentials(this.options.tls),
      {
        busy: (port) => `port ${port} for ${name} (${mspId}) is already in use; free it or choose another port`,
        failed: (address, reason) => `cannot listen on ${address} for ${name}: ${reason}`,
      },
    );
    this.#server = server;
  }

  /** Stops serving; in-flight calls are cancelled, as when a peer goes away. */
  stop(): void {
    const server = this.#server;
    if (!server) return;
    this.#server = undefined;
    // Chaincode and event streams never end by themselves, so a graceful shutdown would only wait.
    server.forceShutdown();
  }
}
