import { status as Code } from '@grpc/grpc-js';
import { gateway, peer } from '@hyperledger/fabric-protos';
import { candidateOrgs, detail, runOn } from './endorser-outcome';
import type { GatewayOptions } from './gateway-options';
import type { PeerEndpoint } from './network-view';
import { preProcess, proposalContext } from './proposal-context';
import { rpcError, type ErrorDetailSpec } from './rpc-error';

/** Gateway/Evaluate: runs the proposal on one endorser (own org first) and returns the chaincode's result. */
export async function evaluate(
  options: GatewayOptions,
  request: gateway.EvaluateRequest,
): Promise<gateway.EvaluateResponse> {
  const { network } = options;
  const context = proposalContext(network, request.getChannelId(), request.getProposedTransaction());
  const { up, channel, chaincode } = context;
  const targets = candidateOrgs(options.mspId, chaincode.installedOn, request.getTargetOrganizationsList())
    .filter((mspId) => chaincode.installedOn.includes(mspId))
    .map((mspId) => network.peer(mspId))
    .filter((endpoint): endpoint is PeerEndpoint => endpoint !== undefined);
  if (targets.length === 0) {
    throw rpcError(
      Code.UNAVAILABLE,
      `no peers available to evaluate chaincode ${chaincode.name} in channel ${channel.name}`,
    );
  }
  try {
    await preProcess(up, channel);
  } catch (err) {
    const message = `error validating proposal: ${(err as Error).message}`;
    throw rpcError(Code.FAILED_PRECONDITION, `evaluate call to endorser returned error: ${message}`, [
      detail(targets[0], message),
    ]);
  }
  const details: ErrorDetailSpec[] = [];
  for (const endpoint of targets) {
    const outcome = await runOn(endpoint, context, false);
    if (outcome.response) {
      const response = new gateway.EvaluateResponse();
      response.setResult(resultOf(outcome.response));
      return response;
    }
    details.push(detail(endpoint, outcome.failure!.message));
    // A chaincode error is final; a peer-side failure is retried on the next peer, as Fabric does.
    if (outcome.failure!.code === Code.UNKNOWN) {
      throw rpcError(Code.UNKNOWN, `evaluate call to endorser returned error: ${outcome.failure!.message}`, details);
    }
  }
  throw rpcError(Code.ABORTED, 'failed to evaluate transaction, see attached details for more info', details);
}

/** The transaction result the client reads: the chaincode response payload inside the ChaincodeAction. */
function resultOf(response: peer.ProposalResponse): peer.Response {
  const result = new peer.Response();
  const chaincodeResponse = response.getResponse()!;
  result.setStatus(chaincodeResponse.getStatus());
  result.setMessage(chaincodeResponse.getMessage());
  const action = peer.ChaincodeAction.deserializeBinary(
    peer.ProposalResponsePayload.deserializeBinary(response.getPayload_asU8()).getExtension_asU8(),
  );
  result.setPayload(action.getResponse()?.getPayload_asU8() ?? chaincodeResponse.getPayload_asU8());
  return result;
}
