import { status as Code, type ServerDuplexStream, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { peer } from '@hyperledger/fabric-protos';
import { ChaincodeConnection } from './connection';
import { RegistrationRefused, type LaunchCredentials } from './launch-credentials';
import type { ChaincodeRuntime } from './runtime';
import { decode, endCallWithError, statusError } from '../wire';

type RegisterStream = ServerDuplexStream<peer.ChaincodeMessage, peer.ChaincodeMessage>;

/**
 * The peer's `protos.ChaincodeSupport/Register` endpoint that launched chaincode processes dial, served only on
 * the mutual-TLS chaincode listener. As Fabric's access control interceptor, the first message must be REGISTER
 * from a connection whose client certificate the peer issued for that chaincode's current launch; the runtime
 * then refuses a second registration for a live slot. A refused stream ends with a gRPC status.
 */
export function chaincodeSupportService(
  runtime: ChaincodeRuntime,
  credentials: LaunchCredentials,
): UntypedServiceImplementation {
  return {
    register(stream: RegisterStream): void {
      // A client that goes away before registering must not surface as an unhandled stream error.
      stream.on('error', () => undefined);
      // Every failure before registration ends the call with a status, as Fabric's handler returns an error.
      const onEarlyEnd = (): void =>
        endCallWithError(stream, statusError(Code.UNKNOWN, 'received EOF, ending chaincode support stream'));
      stream.once('end', onEarlyEnd);
      stream.once('data', (first: peer.ChaincodeMessage) => {
        stream.off('end', onEarlyEnd);
        try {
          const chaincodeId = registeringAs(first);
          const launchId = credentials.authenticate(stream.getAuthContext().sslPeerCertificate?.raw, chaincodeId);
          // Built synchronously inside this handler so that no message after REGISTER goes unheard.
          // A refused connection is closed by the refusal below.
          const connection = new ChaincodeConnection(chaincodeId, stream);
          runtime.register(chaincodeId, connection, launchId);
          connection.acceptRegistration();
        } catch (err) {
          refuse(stream, err);
        }
      });
    },
  };
}

function registeringAs(first: peer.ChaincodeMessage): string {
  if (first.getType() !== peer.ChaincodeMessage.Type.REGISTER) {
    throw new RegistrationRefused(Code.FAILED_PRECONDITION, 'First message needs to be a register');
  }
  let name: string;
  try {
    name = decode(peer.ChaincodeID, first.getPayload_asU8()).getName();
  } catch (err) {
    throw new RegistrationRefused(Code.INVALID_ARGUMENT, `malformed REGISTER message: ${(err as Error).message}`);
  }
  if (name === '') {
    throw new RegistrationRefused(
      Code.INVALID_ARGUMENT,
      'error in handling register chaincode, chaincodeID name is empty',
    );
  }
  return name;
}

/** Ends the stream with the refusal's status. */
function refuse(stream: RegisterStream, err: unknown): void {
  const refusal =
    err instanceof RegistrationRefused ? err : new RegistrationRefused(Code.INTERNAL, (err as Error).message);
  endCallWithError(stream, statusError(refusal.code, refusal.message));
}
