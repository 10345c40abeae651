import type { ServerDuplexStream } from '@grpc/grpc-js';
import { common, orderer } from '@hyperledger/fabric-protos';
import { validSigners, type SignedData } from '../aclmgmt/channel-acl';
import { channelConfig } from '../channel/channel-config';
import { DeliverHandler, type DeliverKind } from '../deliver/deliver-handler';
import { runtimeChannel, serveStream, type RuntimeChannel } from '../deliver/peer-deliver-service';
import { blockResponse } from '../deliver/peer-responses';
import type { ChannelRuntime } from '../gateway/network-view';

export interface OrdererDeliverOptions {
  /** A channel this ordering node serves, or undefined. */
  channel(channelId: string): ChannelRuntime | undefined;
  /** The orderer's General.Authentication.TimeWindow (Fabric's default: 15 minutes). */
  timeWindowMs?: number;
  now?: () => number;
}

/** The orderer's read policy (policies.ChannelReaders). */
const CHANNEL_READERS = '/Channel/Readers';

/**
 * What the orderer's Deliver sends: full blocks as stored, after a signature filter on `/Channel/Readers` (Fabric's
 * orderer server uses a SigFilter, not the peer's resource ACLs). orderer.DeliverResponse numbers its `status` and
 * `block` fields as peer.DeliverResponse does, so the peer's block framing serves here too.
 */
const ordererBlocks: DeliverKind = {
  dataType: 'block',
  filtered: false,
  async checkPolicy(channel, signedData: SignedData) {
    const { runtime } = channel as RuntimeChannel;
    const { policies } = await channelConfig(runtime.ledger);
    const reason = policies.evaluate(CHANNEL_READERS, validSigners(runtime, [signedData]));
    if (reason !== undefined) throw new Error(`${reason}: permission denied`);
  },
  blockResponse: (_channel, _number, block) => Promise.resolve(blockResponse(block)),
  statusResponse(status) {
    const response = new orderer.DeliverResponse();
    response.setStatus(status);
    return response.serializeBinary();
  },
};

/**
 * orderer.AtomicBroadcast/Deliver: blocks of a channel the orderer serves, with the seek semantics, statuses and
 * session checks of Fabric's common/deliver handler (shared with the peer's Deliver). Requests are decoded by the
 * wire guard; responses leave as bytes (see ordererServiceDefinition).
 */
export function ordererDeliverService(options: OrdererDeliverOptions) {
  const handler = new DeliverHandler({
    channel: (channelId) => {
      const runtime = options.channel(channelId);
      return runtime && runtimeChannel(runtime);
    },
    timeWindowMs: options.timeWindowMs,
    now: options.now,
  });
  return (call: ServerDuplexStream<common.Envelope, Uint8Array>): void => {
    void serveStream(handler, ordererBlocks, call);
  };
}
