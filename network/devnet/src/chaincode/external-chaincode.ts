import {
  credentials as channelCredentials,
  makeGenericClientConstructor,
  type ChannelCredentials,
  type Client,
  type ClientDuplexStream,
  type ServiceError,
} from '@grpc/grpc-js';
import { peer } from '@hyperledger/fabric-protos';
import { ChaincodeConnection } from './connection';
import { decode, guardedClientDefinition } from '../wire';

/** The ChaincodeService client with every message from the chaincode server checked by the wire guard. */
const GuardedChaincodeClient = makeGenericClientConstructor(
  guardedClientDefinition(peer.ChaincodeService),
  'Chaincode',
);

/** A chaincode server the peer dials, as a Fabric peer with the ccaas builder reads it from connection.json. */
export interface ExternalChaincodeServer {
  /** host:port of the chaincode server. */
  address: string;
  /** The ID the server registers with (its `--chaincode-id` / CHAINCODE_ID). */
  chaincodeId: string;
  /** connection.json `dial_timeout`; Fabric's default is 3 s. */
  dialTimeoutMs: number;
  /** Present when the server requires TLS (`tls_required`). */
  tls?: {
    /** PEM of the CA that signed the server's certificate (`root_cert`). */
    rootCertPem: string;
    /** PEM client key and certificate, when the server requires client authentication (`client_auth_required`). */
    clientKeyPem?: string;
    clientCertPem?: string;
  };
}

export interface DialOptions {
  /** `name:version` and owning org, for errors. */
  label: string;
  maxMessageBytes: number;
  /** How long the server has to say REGISTER once connected. */
  registerTimeoutMs: number;
}

type ConnectStream = ClientDuplexStream<peer.ChaincodeMessage, peer.ChaincodeMessage>;

/**
 * Dials a chaincode server with `protos.ChaincodeService/Connect`, as Fabric's external chaincode runtime does:
 * the peer opens the stream, the chaincode speaks first with REGISTER, and the shim protocol runs as for a
 * launched chaincode. Only this address is trusted for the chaincode: the REGISTER must name the configured
 * chaincode ID. Resolves with the registered connection (not yet answered with REGISTERED).
 */
export async function dialExternalChaincode(
  server: ExternalChaincodeServer,
  options: DialOptions,
): Promise<ChaincodeConnection> {
  const failure = (reason: string): Error =>
    new Error(
      `could not launch chaincode ${server.chaincodeId}: error cannot create connection for ${server.chaincodeId}: ` +
        `error creating grpc connection to ${server.address}: ${tidy(reason)} (is the chaincode server of ` +
        `${options.label} running? Start it, or correct server.address in the topology)`,
    );
  let creds: ChannelCredentials;
  try {
    creds = transportCredentials(server);
  } catch (err) {
    throw failure(`invalid TLS settings: ${(err as Error).message}`);
  }
  const client = new GuardedChaincodeClient(server.address, creds, {
    'grpc.max_receive_message_length': options.maxMessageBytes,
    'grpc.max_send_message_length': options.maxMessageBytes,
    // A fresh connection per dial: a subchannel shared with an earlier dial could still be backing off.
    'grpc.use_local_subchannel_pool': 1,
  });
  // Not waiting for the channel to be ready: a refused connection fails the call at once (as Fabric's dial
  // fails on a non-temporary error), while a connection that hangs runs into the dial timeout.
  const stream = client.connect();
  // Errors after the handshake reach the connection; this keeps a cancelled stream from throwing meanwhile.
  stream.on('error', () => undefined);
  let chaincodeId: string;
  try {
    chaincodeId = await firstRegistration(stream, client, server.dialTimeoutMs, options.registerTimeoutMs);
  } catch (err) {
    stream.cancel();
    client.close();
    throw failure((err as Error).message);
  }
  if (chaincodeId !== server.chaincodeId) {
    stream.cancel();
    client.close();
    throw new Error(
      `could not launch chaincode ${server.chaincodeId}: the chaincode server at ${server.address} registered as ` +
        `${chaincodeId}, but ${options.label} expects ${server.chaincodeId}; start the server with ` +
        `--chaincode-id ${server.chaincodeId} (CHAINCODE_ID) or set server.chaincodeId in the topology`,
    );
  }
  const connection = new ChaincodeConnection(server.chaincodeId, stream);
  stream.resume();
  connection.once('close', () => {
    stream.cancel();
    client.close();
  });
  return connection;
}

/** grpc-js's connection errors without its empty resolution note and nested error prefix. */
function tidy(reason: string): string {
  return reason
    .replace(/\.?\s*Resolution note:\s*$/, '')
    .replace(/Last error: Error: /, 'last error: ')
    .trim();
}

function transportCredentials(server: ExternalChaincodeServer): ChannelCredentials {
  if (!server.tls) return channelCredentials.createInsecure();
  const { rootCertPem, clientKeyPem, clientCertPem } = server.tls;
  return channelCredentials.createSsl(
    Buffer.from(rootCertPem),
    clientKeyPem ? Buffer.from(clientKeyPem) : null,
    clientCertPem ? Buffer.from(clientCertPem) : null,
  );
}

/** Waits for the server's first message, which must be REGISTER, and returns the chaincode ID it names. */
function firstRegistration(
  stream: ConnectStream,
  client: Client,
  dialTimeoutMs: number,
  registerTimeoutMs: number,
): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let settled = false;
    const done = (): boolean => {
      if (settled) return false;
      settled = true;
      // Paused until the connection takes the stream over, so that no message falls between the two.
      stream.pause();
      clearTimeout(timer);
      stream.off('data', onData);
      stream.off('error', onError);
      stream.off('end', onEnd);
      return true;
    };
    const onData = (message: peer.ChaincodeMessage): void => {
      if (!done()) return;
      if (message.getType() !== peer.ChaincodeMessage.Type.REGISTER) {
        reject(new Error(`the chaincode server's first message was ${message.getType()}, not REGISTER`));
        return;
      }
      try {
        resolve(decode(peer.ChaincodeID, message.getPayload_asU8()).getName());
      } catch (err) {
        reject(new Error(`malformed REGISTER message: ${(err as Error).message}`));
      }
    };
    const onError = (err: Error): void => {
      if (done()) reject(new Error((err as ServiceError).details || err.message));
    };
    const onEnd = (): void => {
      if (done()) reject(new Error('the chaincode server closed the stream before registering'));
    };
    const timer = setTimeout(() => {
      if (done()) reject(new Error(`the chaincode server did not register within ${registerTimeoutMs} ms`));
    }, registerTimeoutMs);
    client.waitForReady(Date.now() + dialTimeoutMs, (err) => {
      if (err && done()) reject(new Error(`no connection within the dial timeout of ${dialTimeoutMs} ms`));
    });
    stream.on('data', onData);
    stream.on('error', onError);
    stream.on('end', onEnd);
  });
}
