import type { peer } from '@hyperledger/fabric-protos';
import { AccessDenied, checkChannelAcl } from '../aclmgmt/channel-acl';
import { channelConfig } from '../channel/channel-config';
import {
  failure,
  joinedChannel,
  success,
  text,
  type ChannelLessInvocation,
  type ChannelLessSystemChaincode,
} from './system-chaincode';

/** cscc functions a dev network peer cannot perform: its channels and their members come from the topology. */
const UNSUPPORTED = new Set(['JoinChain', 'JoinChainBySnapshot', 'JoinBySnapshotStatus', 'GetChannels']);

/**
 * cscc, Fabric's configuration system chaincode (core/scc/cscc), for reading: GetChannelConfig (the channel's
 * common.Config from its newest config block) and GetConfigBlock (that block), for the channel's Readers.
 */
export const cscc: ChannelLessSystemChaincode = {
  name: 'cscc',
  async invoke({ args, signedData, peerMspId, network }: ChannelLessInvocation): Promise<peer.Response> {
    if (args.length < 1) return failure(`Incorrect number of arguments, ${args.length}`);
    const fname = text(args[0]);
    if (fname !== 'GetChannels' && fname !== 'JoinBySnapshotStatus' && args.length < 2) {
      return failure(`Incorrect number of arguments, ${args.length}`);
    }
    if (UNSUPPORTED.has(fname)) {
      return failure(`${fname} is not supported by the dev network: its channels and members come from the topology`);
    }
    if (fname !== 'GetChannelConfig' && fname !== 'GetConfigBlock') {
      return failure(`Requested function ${fname} not found.`);
    }
    const cid = text(args[1]);
    if (fname === 'GetChannelConfig' && cid === '') return failure('empty channel name provided');
    const channel = joinedChannel(network, cid, peerMspId);
    // Fabric checks the ACL first; for a channel the peer has not joined that check is what fails.
    if (!channel)
      return failure(`access denied for [${fname}][${cid}]: Failed to get policy manager for channel [${cid}]`);
    try {
      await checkChannelAcl(`cscc/${fname}`, channel, [signedData]);
    } catch (err) {
      if (!(err instanceof AccessDenied)) throw err;
      return failure(`access denied for [${fname}][${cid}]: ${err.message}`);
    }
    const config = await channelConfig(channel.ledger);
    return success(fname === 'GetConfigBlock' ? config.blockBytes : config.config.serializeBinary());
  },
};
