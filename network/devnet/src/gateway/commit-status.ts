import { status as Code } from '@grpc/grpc-js';
import { gateway, type peer } from '@hyperledger/fabric-protos';
import type { GatewayOptions } from './gateway-options';
import { rpcError } from './rpc-error';
import { authoriseSignedRequest } from './signed-request';
import { decode } from '../wire';

/** Gateway/CommitStatus: waits until the transaction commits and reports its validation code and block. */
export async function commitStatus(
  options: GatewayOptions,
  request: gateway.SignedCommitStatusRequest,
  signal: AbortSignal,
): Promise<gateway.CommitStatusResponse> {
  let statusRequest: gateway.CommitStatusRequest;
  try {
    statusRequest = decode(gateway.CommitStatusRequest, request.getRequest_asU8());
  } catch (err) {
    throw rpcError(Code.INVALID_ARGUMENT, `invalid status request: ${(err as Error).message}`);
  }
  if (statusRequest.getIdentity_asU8().length === 0) throw rpcError(Code.INVALID_ARGUMENT, 'no identity provided');
  if (!statusRequest.getChannelId()) throw rpcError(Code.INVALID_ARGUMENT, 'no channel ID provided');
  if (!statusRequest.getTransactionId()) {
    throw rpcError(Code.INVALID_ARGUMENT, 'transaction ID should not be empty');
  }
  const channel = options.network.channel(statusRequest.getChannelId());
  if (!channel) throw rpcError(Code.NOT_FOUND, `channel '${statusRequest.getChannelId()}' not found`);
  authoriseSignedRequest(
    channel,
    statusRequest.getIdentity_asU8(),
    request.getRequest_asU8(),
    request.getSignature_asU8(),
  );
  const timeout = AbortSignal.timeout(options.commitTimeoutMs);
  const status = await channel.notifier
    .waitForTx(statusRequest.getTransactionId(), AbortSignal.any([signal, timeout]))
    .catch(() => {
      throw rpcError(Code.DEADLINE_EXCEEDED, 'commit status wait cancelled or timed out');
    });
  const response = new gateway.CommitStatusResponse();
  response.setResult(status.code as peer.TxValidationCodeMap[keyof peer.TxValidationCodeMap]);
  response.setBlockNumber(status.blockNum);
  return response;
}
