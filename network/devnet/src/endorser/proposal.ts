import { createHash } from 'node:crypto';
import { common, peer } from '@hyperledger/fabric-protos';
import type { SignedData } from '../aclmgmt/channel-acl';
import { parseSerializedIdentity, type Identity, type MembershipRegistry } from '../identity';
import { decode } from '../wire';

/** A proposal that failed Fabric's checks; `message` is the text a Fabric peer gives. */
export class ProposalError extends Error {
  override readonly name = 'ProposalError';
}

/** A SignedProposal taken apart once, with everything later stages need. */
export interface UnpackedProposal {
  readonly signedProposal: peer.SignedProposal;
  readonly header: common.Header;
  readonly channelHeader: common.ChannelHeader;
  readonly signatureHeader: common.SignatureHeader;
  readonly channelId: string;
  readonly txId: string;
  readonly chaincodeName: string;
  /** ChaincodeInput bytes: what the chaincode receives in its TRANSACTION message. */
  readonly inputBytes: Uint8Array;
  /** ChaincodeProposalPayload without the transient map: what goes into the transaction. */
  readonly payloadWithoutTransient: Uint8Array;
  readonly hasTransientData: boolean;
  /** SHA-256(channel header ‖ signature header ‖ payload without transient), as in ProposalResponsePayload. */
  readonly proposalHash: Uint8Array;
}

/** The proposal as Fabric's SignedProposal.SignedData gives it to policies: its bytes, creator and signature. */
export function proposalSignedData(up: UnpackedProposal): SignedData {
  return {
    data: up.signedProposal.getProposalBytes_asU8(),
    identity: up.signatureHeader.getCreator_asU8(),
    signature: up.signedProposal.getSignature_asU8(),
  };
}

export function unpackProposal(signedProposal: peer.SignedProposal | undefined): UnpackedProposal {
  if (!signedProposal) throw new ProposalError('a signed proposal is required');
  try {
    const proposal = decode(peer.Proposal, signedProposal.getProposalBytes_asU8());
    const header = decode(common.Header, proposal.getHeader_asU8());
    const channelHeaderBytes = header.getChannelHeader_asU8();
    const signatureHeaderBytes = header.getSignatureHeader_asU8();
    const channelHeader = decode(common.ChannelHeader, channelHeaderBytes);
    const signatureHeader = decode(common.SignatureHeader, signatureHeaderBytes);
    const extension = decode(peer.ChaincodeHeaderExtension, channelHeader.getExtension_asU8());
    const payload = decode(peer.ChaincodeProposalPayload, proposal.getPayload_asU8());
    const invocation = decode(peer.ChaincodeInvocationSpec, payload.getInput_asU8());
    const spec = invocation.getChaincodeSpec();
    if (!spec) throw new ProposalError(`no chaincode spec is provided, channel id [${channelHeader.getChannelId()}]`);
    const chaincodeId = spec.getChaincodeId();
    if (!chaincodeId)
      throw new ProposalError(`no chaincode id is provided, channel id [${channelHeader.getChannelId()}]`);
    const chaincodeName = chaincodeId.getName();
    if (!chaincodeName) {
      throw new ProposalError(`no chaincode name is provided, channel id [${channelHeader.getChannelId()}]`);
    }
    if (extension.getChaincodeId()?.getName() && extension.getChaincodeId()?.getName() !== chaincodeName) {
      throw new ProposalError('chaincode name in the header extension does not match the invocation spec');
    }
    const input = spec.getInput();
    if (!input) throw new ProposalError('chaincode input did not contain any input');
    const withoutTransient = new peer.ChaincodeProposalPayload();
    withoutTransient.setInput(payload.getInput_asU8());
    const payloadWithoutTransient = withoutTransient.serializeBinary();
    const proposalHash = createHash('sha256')
      .update(channelHeaderBytes)
      .update(signatureHeaderBytes)
      .update(payloadWithoutTransient)
      .digest();
    return {
      signedProposal,
      header,
      channelHeader,
      signatureHeader,
      channelId: channelHeader.getChannelId(),
      txId: channelHeader.getTxId(),
      chaincodeName,
      inputBytes: input.serializeBinary(),
      payloadWithoutTransient,
      hasTransientData: payload.getTransientmapMap().getLength() > 0,
      proposalHash,
    };
  } catch (err) {
    if (err instanceof ProposalError) throw err;
    throw new ProposalError(`failed to unpack transaction proposal: ${(err as Error).message}`);
  }
}

/** Fabric's transaction ID rule: hex(SHA-256(nonce ‖ creator)). */
export function computeTxId(nonce: Uint8Array, creator: Uint8Array): string {
  return createHash('sha256').update(nonce).update(creator).digest('hex');
}

/**
 * The checks a Fabric endorser makes before simulating (header, nonce, creator, transaction ID, creator
 * certificate and signature); returns the creator's identity. Messages follow Fabric's endorser.
 */
export function validateProposal(up: UnpackedProposal, membership: MembershipRegistry): Identity {
  const type = up.channelHeader.getType();
  if (type !== common.HeaderType.ENDORSER_TRANSACTION) {
    const name = Object.entries(common.HeaderType).find(([, value]) => value === type)?.[0];
    throw new ProposalError(`invalid header type ${name ?? type}`);
  }
  if (up.channelHeader.getEpoch() !== 0) throw new ProposalError('epoch is non-zero');
  const nonce = up.signatureHeader.getNonce_asU8();
  if (nonce.length === 0) throw new ProposalError('nonce is empty');
  const creator = up.signatureHeader.getCreator_asU8();
  if (creator.length === 0) throw new ProposalError('creator is empty');
  const expected = computeTxId(nonce, creator);
  if (up.txId !== expected) {
    throw new ProposalError(`incorrectly computed txid '${up.txId}' -- expected '${expected}'`);
  }
  const signature = up.signedProposal.getSignature_asU8();
  if (signature.length === 0) throw new ProposalError('empty signature bytes');
  let claimedMsp: string;
  try {
    claimedMsp = parseSerializedIdentity(creator).mspId;
  } catch {
    claimedMsp = '';
  }
  if (!membership.mspIds.includes(claimedMsp)) {
    throw new ProposalError(`access denied: channel [${up.channelId}] creator org unknown, creator is malformed`);
  }
  let identity: Identity;
  try {
    identity = membership.deserialize(creator);
  } catch {
    // A known MSP but a certificate it does not vouch for (wrong CA, expired, no NodeOU).
    throw new ProposalError(`access denied: channel [${up.channelId}] creator org [${claimedMsp}]`);
  }
  if (!identity.verify(up.signedProposal.getProposalBytes_asU8(), signature)) {
    throw new ProposalError(`access denied: channel [${up.channelId}] creator org [${identity.mspId}]`);
  }
  return identity;
}
