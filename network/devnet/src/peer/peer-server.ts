import { Server, ServerCredentials } from '@grpc/grpc-js';
import { gateway, peer } from '@hyperledger/fabric-protos';
import type { ChaincodeRuntime } from '../chaincode/runtime';
import { chaincodeSupportService } from '../chaincode/support-service';
import { peerDeliverService, peerDeliverServiceDefinition } from '../deliver/peer-deliver-service';
import { gatewayService } from '../gateway/gateway-service';
import type { NetworkView } from '../gateway/network-view';
import type { PeerMetrics } from '../operations/peer-metrics';

export interface PeerServerOptions {
  mspId: string;
  /** Human name for errors, e.g. peer0.regulator.scenechain.example. */
  name: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
  runtime: ChaincodeRuntime;
  network: NetworkView;
  commitTimeoutMs: number;
  maxMessageBytes: number;
  metrics?: PeerMetrics;
}

/**
 * One org's peer endpoint: the Gateway and Deliver services for clients and the ChaincodeSupport service that
 * chaincode processes dial, on one gRPC server (a Fabric peer serves chaincode on its own address by default too).
 */
export class PeerServer {
  #server: Server | undefined;
  #port = 0;

  constructor(private readonly options: PeerServerOptions) {}

  get address(): string {
    return `${this.options.host}:${this.#port}`;
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
    server.addService(
      gateway.GatewayService,
      gatewayService({
        mspId: this.options.mspId,
        network: this.options.network,
        commitTimeoutMs: this.options.commitTimeoutMs,
      }),
    );
    server.addService(peer.ChaincodeSupportService, chaincodeSupportService(this.options.runtime));
    server.addService(
      peerDeliverServiceDefinition,
      peerDeliverService({ mspId: this.options.mspId, network: this.options.network, metrics }),
    );
    const wanted = this.#port || this.options.port;
    this.#port = await new Promise<number>((resolve, reject) => {
      server.bindAsync(`${this.options.host}:${wanted}`, ServerCredentials.createInsecure(), (err, port) => {
        if (!err) return resolve(port);
        const busy = /EADDRINUSE|address already in use|No address added/i.test(err.message);
        reject(
          new Error(
            busy
              ? `port ${wanted} for ${this.options.name} (${this.options.mspId}) is already in use; free it or choose another port`
              : `cannot listen on ${this.options.host}:${wanted} for ${this.options.name}: ${err.message}`,
          ),
        );
      });
    });
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
