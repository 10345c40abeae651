import { once } from 'node:events';
import type { ServerDuplexStream } from '@grpc/grpc-js';
import { common, orderer } from '@hyperledger/fabric-protos';
import type { BroadcastMetrics } from './broadcast-metrics';
import { envelopeChannelHeader } from './envelope-channel';
import { BroadcastRejection, type Orderer } from './orderer';

export interface BroadcastServiceOptions {
  /** The ordering of a channel this node serves, or undefined. */
  orderer(channelId: string): Orderer | undefined;
  /** Reports envelopes refused before they reach a channel (channel and type `unknown`, as Fabric does). */
  metrics?: BroadcastMetrics;
}

type StatusCode = common.StatusMap[keyof common.StatusMap];

/** Fabric 2.5's answer for a channel the orderer does not have (channel participation: no system channel). */
const NO_SUCH_CHANNEL = 'channel creation request not allowed because the orderer system channel is not defined';

/**
 * orderer.AtomicBroadcast/Broadcast as Fabric's broadcast handler serves it: one BroadcastResponse per envelope, in
 * order. SUCCESS means admitted for ordering (not yet committed); the first refusal is answered with its status and
 * info text and then the server ends the stream (status OK), as Fabric's Handle returns after a non-SUCCESS reply.
 * Requests are decoded by the wire guard (register with addGuardedService).
 */
export function broadcastService(options: BroadcastServiceOptions) {
  return (call: ServerDuplexStream<common.Envelope, orderer.BroadcastResponse>): void => {
    let ended = false;
    const finish = (): void => {
      if (ended) return;
      ended = true;
      call.removeListener('data', onData);
      call.end();
    };
    const onData = (envelope: common.Envelope): void => {
      if (ended) return;
      const response = processEnvelope(options, envelope);
      const flowing = call.write(response);
      if (response.getStatus() !== common.Status.SUCCESS) return finish();
      // A client that does not read its answers is not read from either.
      if (!flowing) {
        call.pause();
        void once(call, 'drain').then(
          () => call.resume(),
          () => undefined,
        );
      }
    };
    call.on('data', onData);
    call.on('end', finish);
    call.on('error', () => {
      ended = true;
    });
    call.on('cancelled', () => {
      ended = true;
    });
  };
}

/** Fabric's broadcast ProcessMessage for one normal (non-config) envelope. */
function processEnvelope(options: BroadcastServiceOptions, envelope: common.Envelope): orderer.BroadcastResponse {
  const started = performance.now();
  const refuse = (info: string): orderer.BroadcastResponse => {
    options.metrics?.processed('unknown', 'unknown', 'BAD_REQUEST', (performance.now() - started) / 1000);
    return response(common.Status.BAD_REQUEST, info);
  };
  let channelId: string;
  try {
    channelId = envelopeChannelHeader(envelope).getChannelId();
  } catch (err) {
    return refuse(`could not determine channel ID: ${(err as Error).message}`);
  }
  const channel = options.orderer(channelId);
  if (!channel) return refuse(NO_SUCH_CHANNEL);
  try {
    channel.broadcast(envelope.serializeBinary());
    return response(common.Status.SUCCESS);
  } catch (err) {
    if (err instanceof BroadcastRejection) return response(common.Status[err.status], err.message);
    return response(common.Status.INTERNAL_SERVER_ERROR, (err as Error).message);
  }
}

function response(status: StatusCode, info = ''): orderer.BroadcastResponse {
  const answer = new orderer.BroadcastResponse();
  answer.setStatus(status);
  answer.setInfo(info);
  return answer;
}
