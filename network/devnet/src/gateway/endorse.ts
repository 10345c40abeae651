import { status as Code } from '@grpc/grpc-js';
import { gateway } from '@hyperledger/fabric-protos';
import { candidateOrgs, detail, runOn, type EndorserOutcome } from './endorser-outcome';
import type { GatewayOptions } from './gateway-options';
import { planForInterest } from './interest-plan';
import { preparedTransaction } from './prepared-transaction';
import { preProcess, proposalContext } from './proposal-context';
import { rpcError } from './rpc-error';

/**
 * Gateway/Endorse: collects endorsements that satisfy the chaincode's policy (or from exactly the orgs the
 * client names) and returns the unsigned transaction envelope for the client to sign.
 */
export async function endorse(
  options: GatewayOptions,
  request: gateway.EndorseRequest,
): Promise<gateway.EndorseResponse> {
  const { network } = options;
  const context = proposalContext(network, request.getChannelId(), request.getProposedTransaction());
  const { up, channel, chaincode } = context;
  const requested = request.getEndorsingOrganizationsList();
  const available = candidateOrgs(options.mspId, chaincode.installedOn, requested).filter(
    (mspId) => chaincode.installedOn.includes(mspId) && network.peer(mspId) !== undefined,
  );
  let plan: string[] | undefined;
  if (requested.length > 0) {
    const missing = requested.filter((mspId) => !available.includes(mspId));
    if (missing.length > 0) {
      throw rpcError(Code.UNAVAILABLE, `failed to find any endorsing peers for org(s): ${missing.join(', ')}`);
    }
    plan = [...requested];
  } else {
    if (up.hasTransientData && !available.includes(options.mspId)) {
      throw rpcError(
        Code.FAILED_PRECONDITION,
        "no endorsers found in the gateway's organization; retry specifying endorsing organization(s) to protect transient data",
      );
    }
    plan = chaincode.policy.planEndorsers(available);
    if (!plan) {
      const unavailable = chaincode.installedOn.filter((mspId) => network.peer(mspId) === undefined);
      throw rpcError(
        Code.UNAVAILABLE,
        `failed to select a set of endorsers that satisfy the endorsement policy due to unavailability of peers: [${unavailable.join(' ')}]`,
      );
    }
  }
  let endpoints = plan.map((mspId) => network.peer(mspId)!);
  try {
    await preProcess(up, channel);
  } catch (err) {
    const message = `error validating proposal: ${(err as Error).message}`;
    throw rpcError(Code.ABORTED, 'failed to endorse transaction, see attached details for more info', [
      detail(endpoints[0], message),
    ]);
  }
  const outcomes: EndorserOutcome[] = [];
  if (requested.length === 0) {
    // The first endorsement tells which private data collections the transaction touched; their members and
    // policies decide which further orgs to ask (and transient data goes to members only).
    const first = await runOn(endpoints[0], context, true);
    if (first.failure) {
      throw rpcError(Code.ABORTED, 'failed to endorse transaction, see attached details for more info', [
        detail(first.endpoint, first.failure.message),
      ]);
    }
    const replanned = planForInterest({
      network,
      channel,
      chaincodeName: chaincode.name,
      interest: first.response!.getInterest(),
      firstOrg: first.endpoint.mspId,
      hasTransientData: up.hasTransientData,
    });
    if (replanned) endpoints = replanned.map((mspId) => network.peer(mspId)!);
    const firstOrg = first.endpoint.mspId;
    if (endpoints.some((endpoint) => endpoint.mspId === firstOrg)) outcomes.push(first);
    endpoints = endpoints.filter((endpoint) => endpoint.mspId !== firstOrg);
  }
  outcomes.push(...(await Promise.all(endpoints.map((endpoint) => runOn(endpoint, context, true)))));
  const failed = outcomes.filter((outcome) => outcome.failure);
  if (failed.length > 0) {
    const details = failed.map((outcome) => detail(outcome.endpoint, outcome.failure!.message));
    const first = outcomes[0].failure !== undefined;
    throw rpcError(
      Code.ABORTED,
      first
        ? 'failed to endorse transaction, see attached details for more info'
        : 'failed to collect enough transaction endorsements, see attached details for more info',
      details,
    );
  }
  const responses = outcomes.map((outcome) => outcome.response!);
  const payload = responses[0].getPayload_asU8();
  const mismatched = outcomes.filter((outcome) => Buffer.compare(outcome.response!.getPayload_asU8(), payload) !== 0);
  if (mismatched.length > 0) {
    throw rpcError(
      Code.ABORTED,
      'failed to collect enough transaction endorsements, see attached details for more info',
      mismatched.map((outcome) => detail(outcome.endpoint, 'ProposalResponsePayloads do not match')),
    );
  }
  const response = new gateway.EndorseResponse();
  response.setPreparedTransaction(
    preparedTransaction(
      up,
      payload,
      responses.map((r) => r.getEndorsement()!),
    ),
  );
  return response;
}
