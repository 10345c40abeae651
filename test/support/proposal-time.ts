import { createHash, createPrivateKey } from 'node:crypto';
import { signers, type Gateway, type Proposal } from '@hyperledger/fabric-gateway';
import { common, gateway as gatewayProtos, peer } from '@hyperledger/fabric-protos';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';

/** The timestamp the real client put in a proposal's channel header, in milliseconds. */
export function proposalTimeMs(proposal: Proposal): number {
  const signed = gatewayProtos.ProposedTransaction.deserializeBinary(proposal.getBytes()).getProposal();
  if (!signed) throw new Error('the client built a proposal without its signed proposal');
  const header = common.Header.deserializeBinary(
    peer.Proposal.deserializeBinary(signed.getProposalBytes_asU8()).getHeader_asU8(),
  );
  const timestamp = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8()).getTimestamp();
  if (!timestamp) throw new Error('the proposal has no timestamp');
  return timestamp.getSeconds() * 1000 + timestamp.getNanos() / 1_000_000;
}

/**
 * A proposal the real client built, re-dated to `atMs` and signed again with the user's key: the timestamp is the
 * submitter's claim, so a test plays a submitter whose clock says `atMs` instead of waiting for the wall clock.
 * The transaction ID does not depend on the timestamp (nonce and creator only), so it stays valid.
 */
export async function datedProposal(
  gateway: Gateway,
  keyPem: string,
  original: Proposal,
  atMs: number,
): Promise<Proposal> {
  const proposed = gatewayProtos.ProposedTransaction.deserializeBinary(original.getBytes());
  const signed = proposed.getProposal();
  if (!signed) throw new Error('the client built a proposal without its signed proposal');
  const proposal = peer.Proposal.deserializeBinary(signed.getProposalBytes_asU8());
  const header = common.Header.deserializeBinary(proposal.getHeader_asU8());
  const channelHeader = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
  const timestamp = new Timestamp();
  timestamp.setSeconds(Math.floor(atMs / 1000));
  timestamp.setNanos((atMs % 1000) * 1_000_000);
  channelHeader.setTimestamp(timestamp);
  header.setChannelHeader(channelHeader.serializeBinary());
  proposal.setHeader(header.serializeBinary());
  const proposalBytes = proposal.serializeBinary();
  signed.setProposalBytes(proposalBytes);
  signed.setSignature(new Uint8Array());
  proposed.setProposal(signed);
  const sign = signers.newPrivateKeySigner(createPrivateKey(keyPem));
  const signature = await sign(createHash('sha256').update(proposalBytes).digest());
  return gateway.newSignedProposal(proposed.serializeBinary(), signature);
}
