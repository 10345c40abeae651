import { common, peer } from '@hyperledger/fabric-protos';
import type { SignedData } from '../aclmgmt/channel-acl';
import type { ChannelRuntime, NetworkView, SystemChaincodeRunner } from '../gateway/network-view';
import { decode } from '../wire';

/** One invocation of a system chaincode on an org's peer. */
export interface SystemInvocation {
  /** The chaincode input's arguments; the first is the function name. */
  readonly args: readonly Uint8Array[];
  /** The channel the proposal was sent on (the stub's channel). */
  readonly channel: ChannelRuntime;
  /** The signed proposal as Fabric's ACL checks see it. */
  readonly signedData: SignedData;
  /** The org of the peer running it. */
  readonly peerMspId: string;
  readonly network: NetworkView;
}

/** A system chaincode: Fabric's shim.Chaincode Invoke, in-process. */
export interface SystemChaincode {
  readonly name: string;
  invoke(invocation: SystemInvocation): Promise<peer.Response>;
}

/**
 * A system chaincode that names the channel it reads in its arguments (qscc, cscc), so it also answers
 * channel-less proposals, as `peer channel getinfo` sends them.
 */
export interface ChannelLessSystemChaincode extends SystemChaincode {
  invoke(invocation: ChannelLessInvocation): Promise<peer.Response>;
}

/** An invocation without the proposal's channel. */
export type ChannelLessInvocation = Omit<SystemInvocation, 'channel'>;

/** shim.Success */
export function success(payload: Uint8Array): peer.Response {
  const response = new peer.Response();
  response.setStatus(200);
  response.setPayload(payload);
  return response;
}

/** shim.Error, or another failing status (404 for lifecycle's undefined namespaces). */
export function failure(message: string, status = 500): peer.Response {
  const response = new peer.Response();
  response.setStatus(status);
  response.setMessage(message);
  return response;
}

/** A channel the org's peer has joined; a Fabric peer has no ledger for any other. */
export function joinedChannel(network: NetworkView, name: string, mspId: string): ChannelRuntime | undefined {
  const channel = network.channel(name);
  return channel?.membership.mspIds.includes(mspId) ? channel : undefined;
}

export function text(bytes: Uint8Array | undefined): string {
  return bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') : '';
}

/**
 * Runs a system chaincode for an endorser: takes the arguments from the ChaincodeInput and the signer from the
 * proposal (both already unpacked and checked by the gateway), and answers as a chaincode's COMPLETED would.
 */
export function systemChaincodeRunner(
  chaincode: SystemChaincode,
  channel: ChannelRuntime,
  network: NetworkView,
): SystemChaincodeRunner {
  return {
    async execute(request, peerMspId) {
      const args = decode(peer.ChaincodeInput, request.input).getArgsList_asU8();
      const proposalBytes = request.signedProposal.getProposalBytes_asU8();
      const header = decode(common.Header, decode(peer.Proposal, proposalBytes).getHeader_asU8());
      const creator = decode(common.SignatureHeader, header.getSignatureHeader_asU8()).getCreator_asU8();
      const signedData = {
        data: proposalBytes,
        identity: creator,
        signature: request.signedProposal.getSignature_asU8(),
      };
      return { response: await chaincode.invoke({ args, channel, signedData, peerMspId, network }) };
    },
  };
}
