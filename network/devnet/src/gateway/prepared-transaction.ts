import { common, peer } from '@hyperledger/fabric-protos';
import type { UnpackedProposal } from '../endorser/proposal';

/** Assembles the unsigned transaction envelope as Fabric's gateway does (protoutil.CreateSignedTx shape). */
export function preparedTransaction(
  up: UnpackedProposal,
  responsePayload: Uint8Array,
  endorsements: peer.Endorsement[],
): common.Envelope {
  const endorsedAction = new peer.ChaincodeEndorsedAction();
  endorsedAction.setProposalResponsePayload(responsePayload);
  endorsedAction.setEndorsementsList(uniqueEndorsements(endorsements));
  const actionPayload = new peer.ChaincodeActionPayload();
  actionPayload.setChaincodeProposalPayload(up.payloadWithoutTransient);
  actionPayload.setAction(endorsedAction);
  const action = new peer.TransactionAction();
  action.setHeader(up.header.getSignatureHeader_asU8());
  action.setPayload(actionPayload.serializeBinary());
  const transaction = new peer.Transaction();
  transaction.setActionsList([action]);
  const payload = new common.Payload();
  payload.setHeader(up.header);
  payload.setData(transaction.serializeBinary());
  const envelope = new common.Envelope();
  envelope.setPayload(payload.serializeBinary());
  return envelope;
}

function uniqueEndorsements(endorsements: peer.Endorsement[]): peer.Endorsement[] {
  const seen = new Set<string>();
  return endorsements.filter((endorsement) => {
    const key = Buffer.from(endorsement.getEndorser_asU8()).toString('base64');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
