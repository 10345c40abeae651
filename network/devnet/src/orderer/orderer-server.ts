import { Server, type ServiceDefinition } from '@grpc/grpc-js';
import { orderer } from '@hyperledger/fabric-protos';
import type { ChannelRuntime } from '../gateway/network-view';
import { bindServer } from '../peer/bind-server';
import { peerServerCredentials, type PeerTls } from '../peer/peer-tls';
import { addGuardedService } from '../wire';
import type { BroadcastMetrics } from './broadcast-metrics';
import { broadcastService } from './broadcast-service';
import { ordererDeliverService } from './orderer-deliver';

export interface OrdererServerOptions {
  /** The node's host name, e.g. orderer.example.com, for errors. */
  name: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The channels of the ordering service; every node serves all of them. */
  channel(channelId: string): ChannelRuntime | undefined;
  maxMessageBytes: number;
  /** TLS material; plaintext without it. */
  tls?: PeerTls;
  metrics?: BroadcastMetrics;
  /** The orderer's clock, for Deliver's seek timestamps. */
  clock?: () => number;
}

/** orderer.AtomicBroadcast with Deliver's blocks sent as stored bytes (no decode/encode pass). */
const ordererServiceDefinition = {
  broadcast: orderer.AtomicBroadcastService.broadcast,
  deliver: {
    ...orderer.AtomicBroadcastService.deliver,
    responseSerialize: (message: Uint8Array): Buffer =>
      Buffer.from(message.buffer, message.byteOffset, message.byteLength),
  },
} as unknown as ServiceDefinition;

/**
 * One ordering service node's client-facing endpoint (Fabric's General.ListenPort): orderer.AtomicBroadcast
 * Broadcast and Deliver over the channels' shared ordering and ledgers, so every node of the topology answers
 * alike.
 */
export class OrdererServer {
  #server: Server | undefined;
  #port = 0;

  constructor(private readonly options: OrdererServerOptions) {}

  get name(): string {
    return this.options.name;
  }

  get address(): string {
    return `${this.options.host}:${this.#port}`;
  }

  get port(): number {
    return this.#port;
  }

  async start(): Promise<void> {
    const { options } = this;
    const server = new Server({
      'grpc.max_receive_message_length': options.maxMessageBytes,
      'grpc.max_send_message_length': options.maxMessageBytes,
    });
    addGuardedService(server, ordererServiceDefinition, {
      broadcast: broadcastService({
        orderer: (channelId) => options.channel(channelId)?.orderer,
        metrics: options.metrics,
      }),
      deliver: ordererDeliverService({ channel: options.channel, now: options.clock }),
    });
    this.#port = await bindServer(
      server,
      options.host,
      this.#port || options.port,
      peerServerCredentials(options.tls),
      {
        busy: (port) => `port ${port} for orderer ${options.name} is already in use; free it or choose another port`,
        failed: (address, reason) => `cannot listen on ${address} for orderer ${options.name}: ${reason}`,
      },
    );
    this.#server = server;
  }

  /** Stops serving; open Deliver streams are cancelled. */
  stop(): void {
    const server = this.#server;
    if (!server) return;
    this.#server = undefined;
    server.forceShutdown();
  }
}
