import { Server } from '@grpc/grpc-js';
import { peer } from '@hyperledger/fabric-protos';
import type { LaunchCredentials } from './launch-credentials';
import type { ChaincodeRuntime } from './runtime';
import { chaincodeSupportService } from './support-service';
import { addGuardedService } from '../wire';
import { bindServer } from '../peer/bind-server';

export interface ChaincodeListenerOptions {
  mspId: string;
  /** The peer's host name, for errors. */
  name: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
  runtime: ChaincodeRuntime;
  credentials: LaunchCredentials;
  maxMessageBytes: number;
}

/**
 * A peer's chaincode listener (Fabric's `peer.chaincodeListenAddress`): the ChaincodeSupport service on its own
 * port, always with mutual TLS whatever the client-facing TLS setting, as a Fabric peer serves its chaincode
 * endpoint with a certificate of its ephemeral CA and accepts only client certificates that CA issued.
 */
export class ChaincodeListener {
  #server: Server | undefined;
  #port = 0;

  constructor(private readonly options: ChaincodeListenerOptions) {}

  get address(): string {
    return `${this.options.host}:${this.#port}`;
  }

  get running(): boolean {
    return this.#server !== undefined;
  }

  async start(): Promise<void> {
    const { options } = this;
    const server = new Server({
      'grpc.max_receive_message_length': options.maxMessageBytes,
      'grpc.max_send_message_length': options.maxMessageBytes,
    });
    addGuardedService(
      server,
      peer.ChaincodeSupportService,
      chaincodeSupportService(options.runtime, options.credentials),
    );
    this.#port = await bindServer(
      server,
      options.host,
      this.#port || options.port,
      options.credentials.serverCredentials(),
      {
        busy: (port) =>
          `chaincode port ${port} for ${options.name} (${options.mspId}) is already in use; free it or choose another chaincodePort`,
        failed: (address, reason) => `cannot listen on ${address} for the chaincodes of ${options.name}: ${reason}`,
      },
    );
    this.#server = server;
  }

  /** Stops serving; registered chaincode streams are cut, as when the peer goes away. */
  stop(): void {
    const server = this.#server;
    if (!server) return;
    this.#server = undefined;
    server.forceShutdown();
  }
}
