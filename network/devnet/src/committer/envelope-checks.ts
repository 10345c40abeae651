import { createHash } from 'node:crypto';
import { common, peer } from '@hyperledger/fabric-protos';
import { computeTxId } from '../endorser/proposal';
import type { Identity, MembershipRegistry } from '../identity';
import { decode } from '../wire';
import { Invalid, parse } from './invalid-tx';

const Code = peer.TxValidationCode;
const HeaderType = common.HeaderType;

/** An ENDORSER_TRANSACTION envelope that passed Fabric's ValidateTransaction, taken apart. */
export interface CheckedEnvelope {
  readonly payload: common.Payload;
  readonly channelHeader: common.ChannelHeader;
  readonly signatureHeader: common.SignatureHeader;
  readonly creator: Identity;
  readonly actionPayload: peer.ChaincodeActionPayload;
  readonly endorsedAction: peer.ChaincodeEndorsedAction;
  readonly responsePayload: peer.ProposalResponsePayload;
}

/**
 * Fabric's ValidateTransaction (core/common/validation/msgvalidation.go), with its validation codes: the
 * payload (BAD_PAYLOAD); the common header: channel and signature headers decode, a supported header type,
 * epoch 0, nonce and creator present (BAD_COMMON_HEADER); the creator is a valid member whose signature over
 * the payload verifies (BAD_CREATOR_SIGNATURE); the transaction ID is hex(SHA-256(nonce ‖ creator))
 * (BAD_PROPOSAL_TXID); and the endorser transaction (INVALID_ENDORSER_TRANSACTION): exactly one action, whose
 * signature header has a nonce and creator, and whose endorsed response was made for this very proposal: the
 * ProposalResponsePayload's proposal_hash must equal SHA-256(channel header ‖ action signature header ‖
 * chaincode proposal payload as carried in the transaction). That hash binds the endorsements to this
 * transaction ID, creator and arguments, so an endorsed action re-wrapped into another transaction is refused.
 */
export function checkEnvelope(envelope: common.Envelope, membership: MembershipRegistry): CheckedEnvelope {
  const payloadBytes = envelope.getPayload_asU8();
  const payload = parse(() => decode(common.Payload, payloadBytes), Code.BAD_PAYLOAD);
  const header = payload.getHeader();
  if (!header) throw new Invalid(Code.BAD_COMMON_HEADER, 'nil header');
  const channelHeader = parse(
    () => decode(common.ChannelHeader, header.getChannelHeader_asU8()),
    Code.BAD_COMMON_HEADER,
  );
  const signatureHeader = parse(
    () => decode(common.SignatureHeader, header.getSignatureHeader_asU8()),
    Code.BAD_COMMON_HEADER,
  );
  const type = channelHeader.getType();
  if (type !== HeaderType.ENDORSER_TRANSACTION && type !== HeaderType.CONFIG_UPDATE && type !== HeaderType.CONFIG) {
    throw new Invalid(Code.BAD_COMMON_HEADER, `invalid header type ${type}`);
  }
  if (channelHeader.getEpoch() !== 0) {
    throw new Invalid(
      Code.BAD_COMMON_HEADER,
      `invalid Epoch in ChannelHeader. Expected 0, got [${channelHeader.getEpoch()}]`,
    );
  }
  checkSignatureHeader(signatureHeader, Code.BAD_COMMON_HEADER);

  const creatorBytes = signatureHeader.getCreator_asU8();
  let creator: Identity;
  try {
    creator = membership.deserialize(creatorBytes);
  } catch (err) {
    throw new Invalid(Code.BAD_CREATOR_SIGNATURE, `MSP error: ${(err as Error).message}`);
  }
  if (!creator.verify(payloadBytes, envelope.getSignature_asU8())) {
    throw new Invalid(Code.BAD_CREATOR_SIGNATURE, "creator's signature over the proposal is not valid");
  }

  // The committer applies no client config transactions: only endorser transactions go further.
  if (type === HeaderType.CONFIG)
    throw new Invalid(Code.INVALID_CONFIG_TRANSACTION, 'config transactions are not applied');
  if (type !== HeaderType.ENDORSER_TRANSACTION) throw new Invalid(Code.UNSUPPORTED_TX_PAYLOAD, `header type ${type}`);

  const expected = computeTxId(signatureHeader.getNonce_asU8(), creatorBytes);
  if (channelHeader.getTxId() !== expected) {
    throw new Invalid(Code.BAD_PROPOSAL_TXID, `invalid txid. got [${channelHeader.getTxId()}], expected [${expected}]`);
  }
  return { payload, channelHeader, signatureHeader, creator, ...checkEndorserTransaction(payload, header) };
}

function checkEndorserTransaction(
  payload: common.Payload,
  header: common.Header,
): Pick<CheckedEnvelope, 'actionPayload' | 'endorsedAction' | 'responsePayload'> {
  const Bad = Code.INVALID_ENDORSER_TRANSACTION;
  const transaction = parse(() => decode(peer.Transaction, payload.getData_asU8()), Bad);
  const actions = transaction.getActionsList();
  if (actions.length !== 1) {
    throw new Invalid(Bad, `only one action per transaction is supported, tx contains ${actions.length}`);
  }
  const action = actions[0];
  const actionHeaderBytes = action.getHeader_asU8();
  checkSignatureHeader(
    parse(() => decode(common.SignatureHeader, actionHeaderBytes), Bad),
    Bad,
  );
  const actionPayload = parse(() => decode(peer.ChaincodeActionPayload, action.getPayload_asU8()), Bad);
  const endorsedAction = actionPayload.getAction();
  if (!endorsedAction) throw new Invalid(Bad, 'nil chaincode endorsed action');
  const responsePayload = parse(
    () => decode(peer.ProposalResponsePayload, endorsedAction.getProposalResponsePayload_asU8()),
    Bad,
  );
  const proposalHash = createHash('sha256')
    .update(header.getChannelHeader_asU8())
    .update(actionHeaderBytes)
    .update(actionPayload.getChaincodeProposalPayload_asU8())
    .digest();
  if (Buffer.compare(proposalHash, responsePayload.getProposalHash_asU8()) !== 0) {
    throw new Invalid(Bad, 'proposal hash does not match');
  }
  return { actionPayload, endorsedAction, responsePayload };
}

function checkSignatureHeader(signatureHeader: common.SignatureHeader, code: number): void {
  if (signatureHeader.getNonce_asU8().length === 0) throw new Invalid(code, 'invalid nonce specified in the header');
  if (signatureHeader.getCreator_asU8().length === 0) {
    throw new Invalid(code, 'invalid creator specified in the header');
  }
}
