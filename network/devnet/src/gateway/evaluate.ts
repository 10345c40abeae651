import { status as Code } from '@grpc/grpc-js';
import { gateway, peer } from '@hyperledger/fabric-protos';
import { candidateOrgs, detail, proposalRejection, runOn } from './endorser-outcome';
import type { GatewayOptions } from './gateway-options';
import type { PeerEndpoint } from './network-view';
import { proposalContext } from './proposal-context';
import { rpcError, type ErrorDetailSpec } from './rpc-error';
import { decode } from '../wire';

/**
 * Gateway/Evaluate as Fabric 2.5's gateway does it: one endorser, the gateway's own org's first (only that
 * org when the proposal carries transient data and the client named no target orgs); a chaincode error or a
 * refused proposal ends the call, a failure of the peer itself is retried on the next org's peer.
 */
export async function evaluate(
  options: GatewayOptions,
  request: gateway.EvaluateRequest,
): Promise<gateway.EvaluateResponse> {
  const { network } = options;
  const context = proposalContext(network, request.getChannelId(), request.getProposedTransaction());
  const { up, channel, chaincode } = context;
  let targetOrgs = request.getTargetOrganizationsList();
  const transientProtected = up.hasTransientData && targetOrgs.length === 0;
  if (transientProtected) targetOrgs = [options.mspId];
  const targets = candidateOrgs(options.mspId, chaincode.installedOn, targetOrgs)
    .map((mspId) => network.peer(mspId))
    .filter((endpoint): endpoint is PeerEndpoint => endpoint !== undefined);
  if (targets.length === 0) {
    const reason = `no peers available to evaluate chaincode ${chaincode.name} in channel ${channel.name}`;
    throw rpcError(
      Code.FAILED_PRECONDITION,
      transientProtected
        ? `no endorsers found in the gateway's organization; retry specifying target organization(s) to protect transient data: ${reason}`
        : reason,
    );
  }
  const rejection = await proposalRejection(context);
  const details: ErrorDetailSpec[] = [];
  let code: Code = Code.ABORTED;
  for (const endpoint of targets) {
    const outcome = await runOn(endpoint, context, false, rejection);
    if (outcome.response) {
      const response = new gateway.EvaluateResponse();
      response.setResult(resultOf(outcome.response));
      return response;
    }
    const { message } = outcome.failure!;
    code = outcome.failure!.code;
    details.push(detail(endpoint, message));
    // A chaincode error or a refused proposal is final; a failure of the peer itself (or of its auth filters,
    // which Fabric's gateway cannot tell from an unreachable peer) is retried elsewhere.
    if (code !== Code.ABORTED && code !== Code.UNAVAILABLE)
      throw rpcError(code, `evaluate call to endorser returned error: ${message}`, details);
  }
  throw rpcError(code, 'failed to evaluate transaction, see attached details for more info', details);
}

/** The transaction result the client reads: the chaincode response payload inside the ChaincodeAction. */
function resultOf(response: peer.ProposalResponse): peer.Response {
  const result = new peer.Response();
  const chaincodeResponse = response.getResponse()!;
  result.setStatus(chaincodeResponse.getStatus());
  result.setMessage(chaincodeResponse.getMessage());
  const action = decode(
    peer.ChaincodeAction,
    decode(peer.ProposalResponsePayload, response.getPayload_asU8()).getExtension_asU8(),
  );
  result.setPayload(action.getResponse()?.getPayload_asU8() ?? chaincodeResponse.getPayload_asU8());
  return result;
}
