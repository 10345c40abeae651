import { status as Code } from '@grpc/grpc-js';
import type { peer } from '@hyperledger/fabric-protos';
import type { ProposalContext } from './proposal-context';
import type { PeerEndpoint } from './network-view';
import type { ErrorDetailSpec } from './rpc-error';

/** What one endorser answered: its signed response, or the failure Fabric's gateway would report. */
export interface EndorserOutcome {
  endpoint: PeerEndpoint;
  response?: peer.ProposalResponse;
  /** Set when the endorser failed: the gRPC code Fabric's gateway derives and the detail message. */
  failure?: { code: Code; message: string };
}

/** Runs the proposal on one org's endorser; `endorse` false skips the signature (evaluations). */
export async function runOn(
  endpoint: PeerEndpoint,
  { up, channel, chaincode }: ProposalContext,
  endorse: boolean,
): Promise<EndorserOutcome> {
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

/** Orgs that could endorse: the requested ones, else the gateway's own org first, then the rest. */
export function candidateOrgs(localMspId: string, installedOn: readonly string[], requested: readonly string[]) {
  if (requested.length > 0) return [...requested];
  const local = installedOn.includes(localMspId) ? [localMspId] : [];
  return [...local, ...installedOn.filter((mspId) => mspId !== localMspId)];
}
