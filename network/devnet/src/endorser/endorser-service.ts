import { status as Code, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import { peer } from '@hyperledger/fabric-protos';
import { AccessDenied, checkChannelAcl } from '../aclmgmt/channel-acl';
import type { NetworkView } from '../gateway/network-view';
import { rejectDuplicate } from '../gateway/proposal-context';
import type { MembershipRegistry } from '../identity';
import { systemChaincode } from '../system-chaincode/system-chaincodes';
import { joinedChannel } from '../system-chaincode/system-chaincode';
import { statusError } from '../wire';
import { processChannelLessProposal } from './channel-less-proposal';
import { ERROR_THRESHOLD, failure, SHIM_ERROR } from './endorser';
import { ProposalError, proposalSignedData, unpackProposal, validateProposal } from './proposal';

export interface EndorserServiceOptions {
  /** The org whose peer serves it. */
  mspId: string;
  network: NetworkView;
  /** The peer's local MSP, which validates channel-less proposals. */
  localMsp: MembershipRegistry;
}

/**
 * `protos.Endorser` on a peer's port: ProcessProposal as Fabric 2.5's endorser answers it. A proposal that cannot
 * be unpacked, fails validation or the channel's `peer/Propose` ACL is a gRPC error (UNKNOWN, as a Go error
 * returned by the handler is); a missing channel or chaincode and every failure after the checks is a
 * ProposalResponse with status 500 and Fabric's message; a chaincode's own error is its response.
 */
export function endorserService(options: EndorserServiceOptions) {
  return {
    processProposal(
      call: ServerUnaryCall<peer.SignedProposal, peer.ProposalResponse>,
      callback: sendUnaryData<peer.ProposalResponse>,
    ): void {
      processProposal(options, call.request).then(
        (response) => callback(null, response),
        (err: unknown) => {
          if (err instanceof ProposalError || err instanceof AccessDenied) {
            callback(statusError(Code.UNKNOWN, err.message));
          } else {
            callback(statusError(Code.INTERNAL, `endorser failed: ${(err as Error).message}`));
          }
        },
      );
    },
  };
}

async function processProposal(
  options: EndorserServiceOptions,
  signedProposal: peer.SignedProposal,
): Promise<peer.ProposalResponse> {
  const { mspId, network } = options;
  const up = unpackProposal(signedProposal);
  const endpoint = network.peer(mspId);
  if (!endpoint) return failure(`peer of ${mspId} is stopped`);
  // The peer's auth filters run before the endorser and answer with an error, not a response.
  const refusal = endpoint.endorser.timeWindowRefusal(up);
  if (refusal !== undefined) throw new ProposalError(refusal);
  if (up.channelId === '') {
    // Chaincode install and other local _lifecycle calls act on the peer's own file system; the dev network
    // installs chaincodes from its topology instead.
    const answer = await processChannelLessProposal(up, options.localMsp, mspId, network);
    return (
      answer ??
      failure(
        `channel-less proposals are served by the dev network only for qscc and cscc, not ${up.chaincodeName}: name a channel`,
      )
    );
  }
  const channel = joinedChannel(network, up.channelId, mspId);
  if (!channel) return failure(`channel '${up.channelId}' not found`);

  // Fabric's preProcess: validation, duplicate check, and the Writers ACL for application chaincodes.
  try {
    validateProposal(up, channel.membership);
  } catch (err) {
    throw new ProposalError(`error validating proposal: ${(err as Error).message}`);
  }
  await rejectDuplicate(up, channel);
  const system = systemChaincode(up.chaincodeName, channel, network);
  if (!system) await checkChannelAcl('peer/Propose', channel, [proposalSignedData(up)]);

  const chaincode = channel.chaincodes.get(up.chaincodeName) ?? system;
  const undefinedReason = !chaincode
    ? `chaincode ${up.chaincodeName} not found`
    : !chaincode.system && !chaincode.installedOn.includes(mspId)
      ? `chaincode definition for '${up.chaincodeName}' exists, but chaincode is not installed`
      : undefined;
  if (undefinedReason !== undefined) {
    return failure(
      `make sure the chaincode ${up.chaincodeName} has been successfully defined on channel ${channel.name} and try again: ${undefinedReason}`,
    );
  }
  const response = await endpoint.endorser.processProposal(up, chaincode!, channel.ledger, true);
  const status = response.getResponse()?.getStatus() ?? SHIM_ERROR;
  // Fabric keeps the simulation only for statuses of 500 and above; 400-499 come back as the bare response.
  if (status >= ERROR_THRESHOLD && status < SHIM_ERROR) {
    const bare = new peer.ProposalResponse();
    bare.setResponse(response.getResponse());
    return bare;
  }
  return response;
}
