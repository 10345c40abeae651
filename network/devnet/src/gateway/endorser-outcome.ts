import { status as Code } from '@grpc/grpc-js';
import type { peer } from '@hyperledger/fabric-protos';
import { preProcess, type ProposalContext } from './proposal-context';
import type { PeerEndpoint } from './network-view';
import type { ErrorDetailSpec } from './rpc-error';

/** What one endorser answered: its signed response, or the failure Fabric's gateway would report. */
export interface EndorserOutcome {
  endpoint: PeerEndpoint;
  response?: peer.ProposalResponse;
  /** Set when the endorser failed: the gRPC code Fabric's gateway derives and the detail message. */
  failure?: { code: Code; message: string };
}

/**
 * Fabric's endorser checks (preProcess) give every peer of the channel the same answer, so they run once per
 * request: the message each endorser would answer with, or undefined when the proposal passes.
 */
export async function proposalRejection({ up, channel }: ProposalContext): Promise<string | undefined> {
  try {
    await preProcess(up, channel);
    return undefined;
  } catch (err) {
    return `error validating proposal: ${(err as Error).message}`;
  }
}

/**
 * Runs the proposal on one org's endorser; `endorse` false skips the signature (evaluations). The endorser's own
 * time-window check comes first; then a `rejection` from {@link proposalRejection} is that endorser's answer
 * without running anything.
 */
export async function runOn(
  endpoint: PeerEndpoint,
  { up, channel, chaincode }: ProposalContext,
  endorse: boolean,
  rejection?: string,
): Promise<EndorserOutcome> {
  // Fabric 3's auth filters come first and answer with an error, not a response: the gateway takes that for an
  // unavailable peer (UNAVAILABLE), as it does for a peer it cannot reach.
  const unauthorized = endpoint.endorser.timeWindowRefusal(up);
  if (unauthorized !== undefined) return { endpoint, failure: { code: Code.UNAVAILABLE, message: unauthorized } };
  if (rejection !== undefined) return { endpoint, failure: { code: Code.FAILED_PRECONDITION, message: rejection } };
  const response = await endpoint.endorser.processProposal(up, chaincode, channel.ledger, endorse);
  const status = response.getResponse()?.getStatus() ?? 500;
  if (status >= 200 && status < 400) return { endpoint, response };
  const message = response.getResponse()?.getMessage() ?? '';
  if (response.getPayload_asU8().length === 0) {
    return { endpoint, failure: { code: Code.ABORTED, message } };
  }
  return { endpoint, failure: { code: Code.UNKNOWN, message: `chaincode response ${status}, ${message}` } };
}

export function detail(endpoint: { address: string; mspId: string }, message: string): ErrorDetailSpec {
  return { address: endpoint.address, mspId: endpoint.mspId, message };
}

/**
 * Orgs that could endorse, the gateway's own org first: the requested ones (all installed orgs when none are),
 * keeping only those that have the chaincode.
 */
export function candidateOrgs(localMspId: string, installedOn: readonly string[], requested: readonly string[]) {
  const wanted = requested.length > 0 ? requested : installedOn;
  const local = wanted.includes(localMspId) && installedOn.includes(localMspId) ? [localMspId] : [];
  return [...local, ...wanted.filter((mspId) => mspId !== localMspId && installedOn.includes(mspId))];
}
