import { status as Code } from '@grpc/grpc-js';
import { gateway } from '@hyperledger/fabric-protos';
import { BroadcastRejection } from '../orderer/orderer';
import type { GatewayOptions } from './gateway-options';
import { rpcError } from './rpc-error';

/** Gateway/Submit: hands the client-signed envelope to the channel's orderer. */
export function submit(options: GatewayOptions, request: gateway.SubmitRequest): gateway.SubmitResponse {
  const envelope = request.getPreparedTransaction();
  if (!envelope) throw rpcError(Code.INVALID_ARGUMENT, 'a prepared transaction is required');
  if (envelope.getSignature_asU8().length === 0) {
    throw rpcError(Code.INVALID_ARGUMENT, 'prepared transaction must be signed');
  }
  const channel = options.network.channel(request.getChannelId());
  if (!channel) {
    throw rpcError(
      Code.NOT_FOUND,
      `failed to create block deliverer for channel \`${request.getChannelId()}\`, missing OrdererConfig`,
    );
  }
  try {
    channel.orderer.broadcast(envelope.serializeBinary());
  } catch (err) {
    if (!(err instanceof BroadcastRejection)) throw err;
    throw rpcError(
      Code.ABORTED,
      `received unsuccessful response from orderer: status=${err.status}, info=${err.message}`,
    );
  }
  return new gateway.SubmitResponse();
}
