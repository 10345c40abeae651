import { status as Code } from '@grpc/grpc-js';
import type { peer } from '@hyperledger/fabric-protos';
import type { Identity } from '../identity';
import { ProposalError, unpackProposal, validateProposal, type UnpackedProposal } from '../endorser/proposal';
import type { ChannelRuntime, DeployedChaincode, NetworkView } from './network-view';
import { rpcError } from './rpc-error';
import { systemChaincode } from '../system-chaincode/system-chaincodes';

/** A client's proposal resolved against the network: the channel and chaincode it is for. */
export interface ProposalContext {
  up: UnpackedProposal;
  channel: ChannelRuntime;
  chaincode: DeployedChaincode;
}

/** Unpacks a proposal and finds its channel and chaincode, with the gRPC errors Fabric's gateway gives. */
export function proposalContext(
  network: NetworkView,
  channelId: string,
  signedProposal: peer.SignedProposal | undefined,
): ProposalContext {
  let up: UnpackedProposal;
  try {
    up = unpackProposal(signedProposal);
  } catch (err) {
    throw rpcError(Code.INVALID_ARGUMENT, (err as Error).message);
  }
  const channel = network.channel(up.channelId || channelId);
  if (!channel) throw rpcError(Code.NOT_FOUND, `channel '${up.channelId || channelId}' not found`);
  const chaincode = channel.chaincodes.get(up.chaincodeName) ?? systemChaincode(up.chaincodeName, channel, network);
  if (!chaincode) {
    throw rpcError(
      Code.FAILED_PRECONDITION,
      `no peers available to evaluate chaincode ${up.chaincodeName} in channel ${channel.name}`,
    );
  }
  return { up, channel, chaincode };
}

/** The endorser-side checks of Fabric's preProcess, run once for the proposal. */
export async function preProcess(up: UnpackedProposal, channel: ChannelRuntime): Promise<Identity> {
  const identity = validateProposal(up, channel.membership);
  await rejectDuplicate(up, channel);
  return identity;
}

/** Fabric's uniqueness check: a ProposalError when the channel's ledger already holds the proposal's transaction. */
export async function rejectDuplicate(up: UnpackedProposal, channel: ChannelRuntime): Promise<void> {
  if (await channel.ledger.getTx(up.txId)) {
    const creator = Buffer.from(up.signatureHeader.getCreator_asU8()).toString('hex');
    throw new ProposalError(`duplicate transaction found [${up.txId}]. Creator [${creator}]`);
  }
}
