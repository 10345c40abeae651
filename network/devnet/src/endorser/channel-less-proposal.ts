import { peer } from '@hyperledger/fabric-protos';
import type { MembershipRegistry } from '../identity';
import type { NetworkView } from '../gateway/network-view';
import { channelLessSystemChaincode } from '../system-chaincode/system-chaincodes';
import { decode } from '../wire';
import { SHIM_ERROR } from './endorser';
import { ProposalError, proposalSignedData, validateProposal, type UnpackedProposal } from './proposal';

/**
 * A proposal with no channel, as Fabric 2.5's endorser serves it: validated against the peer's local MSP (there
 * are no channel policies), no duplicate check, and answered unendorsed. The dev network serves it for qscc and
 * cscc, which read the channel their arguments name (`peer channel getinfo` asks qscc this way); local
 * `_lifecycle` calls act on a peer's own file system, which the dev network's topology replaces: undefined for
 * those.
 */
export async function processChannelLessProposal(
  up: UnpackedProposal,
  localMsp: MembershipRegistry,
  mspId: string,
  network: NetworkView,
): Promise<peer.ProposalResponse | undefined> {
  const chaincode = channelLessSystemChaincode(up.chaincodeName);
  if (!chaincode) return undefined;
  try {
    validateProposal(up, localMsp);
  } catch (err) {
    throw new ProposalError(`error validating proposal: ${(err as Error).message}`);
  }
  const args = decode(peer.ChaincodeInput, up.inputBytes).getArgsList_asU8();
  const response = await chaincode.invoke({ args, signedData: proposalSignedData(up), peerMspId: mspId, network });
  if (response.getStatus() < SHIM_ERROR) return responseOf(response);
  // Fabric keeps the payload of a failed simulation: the proposal hash and the chaincode's response.
  const action = new peer.ChaincodeAction();
  action.setResponse(response);
  const chaincodeId = new peer.ChaincodeID();
  chaincodeId.setName(up.chaincodeName);
  action.setChaincodeId(chaincodeId);
  const payload = new peer.ProposalResponsePayload();
  payload.setProposalHash(up.proposalHash);
  payload.setExtension$(action.serializeBinary());
  const proposalResponse = responseOf(response);
  proposalResponse.setPayload(payload.serializeBinary());
  return proposalResponse;
}

function responseOf(response: peer.Response): peer.ProposalResponse {
  const proposalResponse = new peer.ProposalResponse();
  proposalResponse.setResponse(response);
  return proposalResponse;
}
