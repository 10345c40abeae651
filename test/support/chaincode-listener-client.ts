import * as grpc from '@grpc/grpc-js';
import { peer } from '@hyperledger/fabric-protos';

/** TLS material a would-be chaincode presents to a peer's chaincode listener (PEM strings). */
export interface ChaincodeClientTls {
  /** CA to verify the listener with; without it the client does not check the server (as an attacker may). */
  rootCert?: string;
  clientKey?: string;
  clientCert?: string;
}

export interface RegistrationAttempt {
  /** What the peer sent back before the stream ended (REGISTERED and READY when it was accepted). */
  received: peer.ChaincodeMessage[];
  /** The gRPC status the stream ended with; undefined while it is still open (accepted). */
  error?: grpc.ServiceError;
  /** Ends the stream (an accepted registration). */
  close(): void;
}

/**
 * A hand-made ChaincodeSupport client, as a rogue local process would write one: dials a peer's chaincode
 * listener over TLS with the given credentials and sends REGISTER as `chaincodeId`. Resolves when the peer
 * answers READY (accepted) or ends the stream (refused).
 */
/** A bare gRPC client to a peer's chaincode listener with these TLS credentials, for hand-made messages. */
export function rawListenerClient(address: string, tls: ChaincodeClientTls): grpc.Client {
  return new grpc.Client(address, listenerCredentials(tls), {
    'grpc.use_local_subchannel_pool': 1,
    'grpc.ssl_target_name_override': 'localhost',
  });
}

function listenerCredentials(tls: ChaincodeClientTls): grpc.ChannelCredentials {
  return grpc.credentials.createSsl(
    tls.rootCert ? Buffer.from(tls.rootCert) : null,
    tls.clientKey ? Buffer.from(tls.clientKey) : null,
    tls.clientCert ? Buffer.from(tls.clientCert) : null,
    tls.rootCert ? {} : { rejectUnauthorized: false },
  );
}

export function registerAs(
  address: string,
  tls: ChaincodeClientTls,
  chaincodeId: string,
): Promise<RegistrationAttempt> {
  const client = new peer.ChaincodeSupportClient(address, listenerCredentials(tls), {
    'grpc.use_local_subchannel_pool': 1,
    'grpc.ssl_target_name_override': 'localhost',
  });
  const stream = client.register();
  const received: peer.ChaincodeMessage[] = [];
  const close = (): void => {
    stream.cancel();
    client.close();
  };
  return new Promise((resolve) => {
    stream.on('data', (message: peer.ChaincodeMessage) => {
      received.push(message);
      if (message.getType() === peer.ChaincodeMessage.Type.READY) resolve({ received, close });
    });
    stream.on('error', (error: grpc.ServiceError) => {
      client.close();
      resolve({ received, error, close });
    });
    stream.on('status', (status: grpc.StatusObject) => {
      if (status.code === grpc.status.OK) resolve({ received, close });
    });
    const id = new peer.ChaincodeID();
    id.setName(chaincodeId);
    const register = new peer.ChaincodeMessage();
    register.setType(peer.ChaincodeMessage.Type.REGISTER);
    register.setPayload(id.serializeBinary());
    stream.write(register);
  });
}
