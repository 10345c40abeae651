import { status as Code } from '@grpc/grpc-js';
import { gateway } from '@hyperledger/fabric-protos';
import { policyLayouts } from './endorsement-layouts';
import { EndorsementPlan } from './endorsement-plan';
import { candidateOrgs, detail, proposalRejection, runOn } from './endorser-outcome';
import type { GatewayOptions } from './gateway-options';
import { layoutsForInterest } from './interest-plan';
import type { NetworkView, PeerEndpoint } from './network-view';
import { preparedTransaction } from './prepared-transaction';
import { proposalContext, type ProposalContext } from './proposal-context';
import { rpcError } from './rpc-error';

/**
 * Gateway/Endorse as Fabric 2.5's gateway does it: with `endorsingOrganizations`, one peer of each named org
 * at once; otherwise the proposal runs first on the gateway's own org (when it has the chaincode), a failure
 * there ends the call with that peer's one error detail, and only a successful first endorsement goes on to
 * the further orgs a layout needs (of the policies its ChaincodeInterest names: the chaincode's, those it called,
 * its private data collections'), in parallel, retrying other layouts when an org fails or answers differently. Returns the unsigned transaction envelope for the client to sign.
 */
export async function endorse(
  options: GatewayOptions,
  request: gateway.EndorseRequest,
): Promise<gateway.EndorseResponse> {
  const context = proposalContext(options.network, request.getChannelId(), request.getProposedTransaction());
  const rejection = await proposalRejection(context);
  const requested = request.getEndorsingOrganizationsList();
  const plan =
    requested.length > 0
      ? planForOrgs(options.network, context, requested)
      : await planFromFirstEndorser(options, context, rejection);

  while (!plan.completed) {
    const endorsers = plan.endorsers();
    if (endorsers.length === 0) break;
    await Promise.all(
      endorsers.map(async (first) => {
        for (let endpoint: PeerEndpoint | undefined = first; endpoint; endpoint = plan.nextPeerInGroup(endpoint)) {
          const outcome = await runOn(endpoint, context, true, rejection);
          if (outcome.response) {
            if (plan.processEndorsement(endpoint, outcome.response)) return;
          } else {
            plan.addError(detail(endpoint, outcome.failure!.message));
          }
        }
      }),
    );
  }
  if (!plan.completed) {
    throw rpcError(
      Code.ABORTED,
      'failed to collect enough transaction endorsements, see attached details for more info',
      plan.errorDetails,
    );
  }
  const response = new gateway.EndorseResponse();
  response.setPreparedTransaction(preparedTransaction(context.up, plan.responsePayload!, plan.endorsements()));
  return response;
}

/** The client names the orgs: one layout needing one peer of each (Fabric's planForOrgs). */
function planForOrgs(network: NetworkView, { chaincode }: ProposalContext, orgs: readonly string[]): EndorsementPlan {
  const peers = endorsingPeers(network, chaincode.installedOn, orgs);
  const missing = orgs.filter((mspId) => !peers.has(mspId));
  if (missing.length > 0) {
    throw rpcError(Code.UNAVAILABLE, `failed to find any endorsing peers for org(s): ${missing.join(', ')}`);
  }
  return new EndorsementPlan([[...new Set(orgs)]], peers);
}

/**
 * Fabric's planFromFirstEndorser: endorse on one peer (the gateway's own org's when it has the chaincode),
 * then plan the rest with the policy's layouts, preferring those that include the first endorser's org.
 */
async function planFromFirstEndorser(
  { network, mspId: localMspId }: GatewayOptions,
  context: ProposalContext,
  rejection: string | undefined,
): Promise<EndorsementPlan> {
  const { chaincode, up } = context;
  const candidates = candidateOrgs(localMspId, chaincode.installedOn, []);
  const peers = endorsingPeers(network, chaincode.installedOn, candidates);
  let first = peers.get(localMspId)?.[0];
  if (!first) {
    if (up.hasTransientData) {
      throw rpcError(
        Code.FAILED_PRECONDITION,
        "no endorsers found in the gateway's organization; retry specifying endorsing organization(s) to protect transient data",
      );
    }
    const layouts = policyLayouts(chaincode.policy, [...peers.keys()]);
    if (layouts.length === 0) throw rpcError(Code.FAILED_PRECONDITION, noLayoutMessage(network, context, peers));
    first = peers.get(layouts[0][0])![0];
  }

  const outcome = await runOn(first, context, true, rejection);
  if (!outcome.response) {
    throw rpcError(Code.ABORTED, 'failed to endorse transaction, see attached details for more info', [
      detail(first, outcome.failure!.message),
    ]);
  }

  // The rest follows from what the first endorsement touched: called chaincodes and private data collections.
  const layouts =
    layoutsForInterest({
      network,
      channel: context.channel,
      chaincodeName: chaincode.name,
      interest: outcome.response.getInterest(),
      firstOrg: first.mspId,
      hasTransientData: up.hasTransientData,
    }) ?? policyLayouts(chaincode.policy, [...peers.keys()]);
  if (layouts.length === 0) throw rpcError(Code.FAILED_PRECONDITION, noLayoutMessage(network, context, peers));
  const firstOrg = first.mspId;
  const plan = new EndorsementPlan(
    [...layouts.filter((orgs) => orgs.includes(firstOrg)), ...layouts.filter((orgs) => !orgs.includes(firstOrg))],
    peers,
  );
  plan.processEndorsement(first, outcome.response);
  return plan;
}

/** The running peers, by org in `orgs` order, of the orgs that have the chaincode installed. */
function endorsingPeers(
  network: NetworkView,
  installedOn: readonly string[],
  orgs: readonly string[],
): Map<string, PeerEndpoint[]> {
  const peers = new Map<string, PeerEndpoint[]>();
  for (const mspId of orgs) {
    const endpoint = installedOn.includes(mspId) ? network.peer(mspId) : undefined;
    if (endpoint) peers.set(mspId, [endpoint]);
  }
  return peers;
}

/** Fabric's discovery-based messages: peers that are down, or a policy the installed orgs cannot meet. */
function noLayoutMessage(
  network: NetworkView,
  { chaincode }: ProposalContext,
  available: ReadonlyMap<string, unknown>,
): string {
  if (policyLayouts(chaincode.policy, chaincode.installedOn).length === 0) {
    return 'no combination of peers can be derived which satisfy the endorsement policy: no peer combination can satisfy the endorsement policy';
  }
  const unavailable = chaincode.installedOn
    .filter((mspId) => !available.has(mspId))
    .map((mspId) => network.peerAddress(mspId) ?? mspId);
  return `failed to select a set of endorsers that satisfy the endorsement policy due to unavailability of peers: [${unavailable.join(' ')}]`;
}
