import type { ServerDuplexStream, UntypedServiceImplementation } from '@grpc/grpc-js';
import { peer } from '@hyperledger/fabric-protos';
import { ChaincodeConnection } from './connection';
import type { ChaincodeRuntime } from './runtime';

/**
 * The peer's `protos.ChaincodeSupport/Register` endpoint that chaincode processes dial. The first message
 * must be REGISTER carrying the chaincode ID; the connection is then handed to the runtime.
 */
export function chaincodeSupportService(runtime: ChaincodeRuntime): UntypedServiceImplementation {
  return {
    register(stream: ServerDuplexStream<peer.ChaincodeMessage, peer.ChaincodeMessage>): void {
      stream.once('data', (first: peer.ChaincodeMessage) => {
        if (first.getType() !== peer.ChaincodeMessage.Type.REGISTER) {
          stream.destroy(new Error(`chaincode must register first, received ${first.getType()}`));
          return;
        }
        let chaincodeId: string;
        try {
          chaincodeId = peer.ChaincodeID.deserializeBinary(first.getPayload_asU8()).getName();
        } catch (err) {
          stream.destroy(new Error(`malformed REGISTER message: ${(err as Error).message}`));
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
