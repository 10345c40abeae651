import { once } from 'node:events';
import {
  Metadata,
  status as Code,
  type ServerDuplexStream,
  type ServiceDefinition,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { common, peer } from '@hyperledger/fabric-protos';
import { checkChannelAcl, type SignedData } from '../aclmgmt/channel-acl';
import type { ChannelRuntime, NetworkView } from '../gateway/network-view';
import { rpcError } from '../gateway/rpc-error';
import { endCallWithError } from '../wire';
import {
  DeliverHandler,
  StreamCancelled,
  type DeliverChannel,
  type DeliverKind,
  type DeliverMetrics,
} from './deliver-handler';
import { blockAndPrivateDataResponse, blockResponse, filteredBlockResponse, statusResponse } from './peer-responses';

export interface PeerDeliverOptions {
  /** The org whose peer serves the stream: it serves the channels that org has joined. */
  mspId: string;
  network: NetworkView;
  metrics?: DeliverMetrics;
  /** Fabric's peer.authentication.timewindow (default 15 minutes). */
  timeWindowMs?: number;
  now?: () => number;
}

/** Trailer naming why a seek request was refused; Fabric only logs it, clients may read it. */
export const REFUSAL_REASON_TRAILER = 'deliver-refusal-reason';

/** A channel as the deliver handler reads it, with its runtime for the access checks of peer and orderer. */
export interface RuntimeChannel extends DeliverChannel {
  readonly runtime: ChannelRuntime;
}

/** The Deliver view of a channel's ledger: its height, its blocks and news of each new one. */
export function runtimeChannel(runtime: ChannelRuntime): RuntimeChannel {
  return {
    name: runtime.name,
    runtime,
    height: () => runtime.ledger.height(),
    block: (number) => runtime.ledger.getBlock(number),
    onBlock: (listener) => runtime.notifier.onBlock(listener),
  };
}

const raw = {
  responseSerialize: (message: Uint8Array): Buffer =>
    Buffer.from(message.buffer, message.byteOffset, message.byteLength),
};

/**
 * protos.Deliver as grpc-js serves it here: requests are decoded by the wire guard (register it with
 * addGuardedService) and responses leave as bytes (blocks go out as stored, without a decode/encode pass).
 */
export const peerDeliverServiceDefinition: ServiceDefinition = {
  deliver: { ...peer.DeliverService.deliver, ...raw },
  deliverFiltered: { ...peer.DeliverService.deliverFiltered, ...raw },
  deliverWithPrivateData: { ...peer.DeliverService.deliverWithPrivateData, ...raw },
} as unknown as ServiceDefinition;

/**
 * One org's protos.Deliver service: Deliver (full blocks), DeliverFiltered (FilteredBlocks) and
 * DeliverWithPrivateData (blocks with the private data this peer holds that the requester may read), each gated
 * by the channel's Readers through Fabric's `event/Block` / `event/FilteredBlock` ACLs.
 */
export function peerDeliverService(options: PeerDeliverOptions): UntypedServiceImplementation {
  const handler = new DeliverHandler({
    channel: (channelId) => joinedChannel(options, channelId),
    timeWindowMs: options.timeWindowMs,
    now: options.now,
    metrics: options.metrics,
  });
  const kinds = {
    block: kind('block', false, 'event/Block', (_channel, _number, block) => Promise.resolve(blockResponse(block))),
    filtered: kind('filtered_block', true, 'event/FilteredBlock', (_channel, _number, block) =>
      Promise.resolve(filteredBlockResponse(block)),
    ),
    privateData: kind('block_and_pvtdata', false, 'event/Block', async (channel, number, block, request) => {
      const runtime = (channel as RuntimeChannel).runtime;
      // The ACL check already accepted this identity.
      const requester = runtime.membership.deserialize(request.signedData.identity);
      return blockAndPrivateDataResponse(block, await runtime.privateDataOf(options.mspId, number, requester));
    }),
  };
  const serve = (deliverKind: DeliverKind) => (call: ServerDuplexStream<common.Envelope, Uint8Array>) => {
    void serveStream(handler, deliverKind, call);
  };
  return {
    deliver: serve(kinds.block),
    deliverFiltered: serve(kinds.filtered),
    deliverWithPrivateData: serve(kinds.privateData),
  };
}

function kind(
  dataType: string,
  filtered: boolean,
  resource: string,
  blockResponseOf: DeliverKind['blockResponse'],
): DeliverKind {
  return {
    dataType,
    filtered,
    checkPolicy: (channel: DeliverChannel, signedData: SignedData) =>
      checkChannelAcl(resource, (channel as RuntimeChannel).runtime, [signedData]),
    blockResponse: blockResponseOf,
    statusResponse,
  };
}

/** A channel the org's peer has joined (is a member of), or undefined: Fabric's peer knows no other. */
function joinedChannel(options: PeerDeliverOptions, channelId: string): RuntimeChannel | undefined {
  const runtime = options.network.channel(channelId);
  if (!runtime || !runtime.membership.mspIds.includes(options.mspId)) return undefined;
  return runtimeChannel(runtime);
}

/** Serves one Deliver stream with `handler`, ending the call with the outcome's refusal reason as a trailer. */
export async function serveStream(
  handler: DeliverHandler,
  deliverKind: DeliverKind,
  call: ServerDuplexStream<common.Envelope, Uint8Array>,
): Promise<void> {
  const controller = new AbortController();
  call.on('cancelled', () => controller.abort());
  const stream = {
    requests: requestsOf(call, controller.signal),
    signal: controller.signal,
    async send(message: Uint8Array): Promise<void> {
      if (controller.signal.aborted) throw new StreamCancelled('client went away');
      if (call.write(message)) return;
      await once(call, 'drain', { signal: controller.signal }).catch(() => {
        throw new StreamCancelled('client went away');
      });
    },
  };
  try {
    const outcome = await handler.handle(stream, deliverKind);
    if (controller.signal.aborted) return;
    const trailer = new Metadata();
    if (outcome?.reason) trailer.set(REFUSAL_REASON_TRAILER, outcome.reason);
    call.end(trailer);
  } catch (err) {
    if (controller.signal.aborted || err instanceof StreamCancelled) return;
    endCallWithError(call, rpcError(Code.INTERNAL, (err as Error).message));
  }
}

/** The call's request messages, ending when the client half-closes or cancels. */
async function* requestsOf(
  call: ServerDuplexStream<common.Envelope, Uint8Array>,
  signal: AbortSignal,
): AsyncGenerator<common.Envelope> {
  // The default iterator destroys the whole duplex when the requests end, dropping responses still being written.
  const iterator = call.iterator({ destroyOnReturn: false }) as AsyncIterator<common.Envelope>;
  while (!signal.aborted) {
    const next = await iterator.next().catch(() => ({ done: true as const, value: undefined }));
    if (next.done) return;
    yield next.value;
  }
}
