import { status as Code, type ServerDuplexStream, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { peer } from '@hyperledger/fabric-protos';
import { ChaincodeConnection } from './connection';
import type { ChaincodeRuntime } from './runtime';
import { decode, endCallWithError, statusError } from '../wire';

/**
 * The peer's `protos.ChaincodeSupport/Register` endpoint that chaincode processes dial. The first message
 * must be REGISTER carrying the chaincode ID; the connection is then handed to the runtime.
 */
export function chaincodeSupportService(runtime: ChaincodeRuntime): UntypedServiceImplementation {
  return {
    register(stream: ServerDuplexStream<peer.ChaincodeMessage, peer.ChaincodeMessage>): void {
      // Every failure before registration ends the call with a status, as Fabric's handler returns an error.
      const onEarlyEnd = (): void =>
        endCallWithError(stream, statusError(Code.UNKNOWN, 'received EOF, ending chaincode support stream'));
      stream.once('end', onEarlyEnd);
      stream.once('data', (first: peer.ChaincodeMessage) => {
        stream.off('end', onEarlyEnd);
        if (first.getType() !== peer.ChaincodeMessage.Type.REGISTER) {
          const type = Object.entries(peer.ChaincodeMessage.Type).find(([, v]) => v === first.getType())?.[0];
          const message = `[${first.getTxid()}] Fabric side handler cannot handle message (${type ?? first.getType()}) while in created state`;
          endCallWithError(stream, statusError(Code.UNKNOWN, message));
          return;
        }
        let chaincodeId: string;
        try {
          chaincodeId = decode(peer.ChaincodeID, first.getPayload_asU8()).getName();
        } catch (err) {
          endCallWithError(
            stream,
            statusError(Code.INVALID_ARGUMENT, `malformed REGISTER message: ${(err as Error).message}`),
          );
          return;
        }
        const connection = new ChaincodeConnection(chaincodeId, stream);
        try {
          runtime.register(chaincodeId, connection);
        } catch (err) {
          const error = new peer.ChaincodeMessage();
          error.setType(peer.ChaincodeMessage.Type.ERROR);
          error.setPayload(Buffer.from((err as Error).message));
          stream.write(error);
          connection.close();
          return;
        }
        connection.acceptRegistration();
      });
    },
  };
}
