import { common } from '@hyperledger/fabric-protos';
import type { MembershipRegistry } from '../identity';
import { BlockCutter, type BatchLimits } from './block-cutter';
import { decode } from '../wire';
import type { BroadcastMetrics } from './broadcast-metrics';

export interface OrdererLimits extends BatchLimits {
  absoluteMaxBytes: number;
}

const HEADER_TYPE_NAMES: ReadonlyMap<number, string> = new Map(
  Object.entries(common.HeaderType).map(([name, value]) => [value, name]),
);

/** The Broadcast status a Fabric orderer would answer with, and its info text. */
export class BroadcastRejection extends Error {
  override readonly name = 'BroadcastRejection';
  constructor(
    readonly status: keyof typeof common.Status,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The ordering service of one channel: admits envelopes the way a Fabric orderer's broadcast handler and
 * message processor do (size limit, a channel header naming this channel, no config messages, creator is a
 * channel member whose signature verifies: the Writers policy) and cuts admitted envelopes into blocks for the
 * committer. Like Fabric's orderer it does not look inside endorser transactions; the committer does.
 */
export class Orderer {
  readonly #cutter: BlockCutter;

  constructor(
    private readonly channelId: string,
    private readonly limits: OrdererLimits,
    private readonly membership: MembershipRegistry,
    deliver: (batch: Uint8Array[]) => Promise<void>,
    private readonly metrics?: BroadcastMetrics,
  ) {
    this.#cutter = new BlockCutter(limits, deliver);
  }

  /** Admits one envelope for ordering; throws BroadcastRejection like a non-SUCCESS Broadcast response. */
  broadcast(envelopeBytes: Uint8Array): void {
    if (!this.metrics) return this.#admit(envelopeBytes, {});
    const started = performance.now();
    const seen: { type?: string } = {};
    let status = 'SUCCESS';
    try {
      this.#admit(envelopeBytes, seen);
    } catch (err) {
      status = err instanceof BroadcastRejection ? err.status : 'INTERNAL_SERVER_ERROR';
      throw err;
    } finally {
      this.metrics.processed(this.channelId, seen.type ?? 'unknown', status, (performance.now() - started) / 1000);
    }
  }

  /** The admission checks; `seen.type` receives the header type's name once known. */
  #admit(envelopeBytes: Uint8Array, seen: { type?: string }): void {
    if (envelopeBytes.length > this.limits.absoluteMaxBytes) {
      throw new BroadcastRejection(
        'BAD_REQUEST',
        `message payload is ${envelopeBytes.length} bytes and exceeds maximum allowed ${this.limits.absoluteMaxBytes} bytes`,
      );
    }
    let envelope: common.Envelope;
    let header: common.Header | undefined;
    let channelHeader: common.ChannelHeader;
    try {
      envelope = decode(common.Envelope, envelopeBytes);
      header = decode(common.Payload, envelope.getPayload_asU8()).getHeader();
      if (!header) throw new Error('header not set');
      channelHeader = decode(common.ChannelHeader, header.getChannelHeader_asU8());
    } catch (err) {
      throw new BroadcastRejection('BAD_REQUEST', `could not determine channel ID: ${(err as Error).message}`);
    }
    seen.type = HEADER_TYPE_NAMES.get(channelHeader.getType()) ?? String(channelHeader.getType());
    if (channelHeader.getChannelId() !== this.channelId) {
      throw new BroadcastRejection('NOT_FOUND', `channel ${channelHeader.getChannelId()} does not exist`);
    }
    rejectConfigMessages(channelHeader.getType());
    let signatureHeader: common.SignatureHeader;
    try {
      signatureHeader = decode(common.SignatureHeader, header.getSignatureHeader_asU8());
    } catch (err) {
      throw new BroadcastRejection('BAD_REQUEST', `could not convert message to signedData: ${(err as Error).message}`);
    }
    let authorised = false;
    try {
      const creator = this.membership.deserialize(signatureHeader.getCreator_asU8());
      authorised = creator.verify(envelope.getPayload_asU8(), envelope.getSignature_asU8());
    } catch {
      authorised = false;
    }
    if (!authorised) {
      throw new BroadcastRejection(
        'FORBIDDEN',
        "implicit policy evaluation failed - 0 sub-policies were satisfied, but this policy requires 1 of the 'Writers' sub-policies to be satisfied: permission denied",
      );
    }
    this.#cutter.enqueue(envelopeBytes);
  }

  /** Resolves once everything admitted so far has been committed. */
  drain(): Promise<void> {
    return this.#cutter.drain();
  }
}

/** Fabric's orderer takes CONFIG messages only from itself; this network applies no channel config updates. */
function rejectConfigMessages(type: number): void {
  const { CONFIG, ORDERER_TRANSACTION, CONFIG_UPDATE } = common.HeaderType;
  if (type === CONFIG || type === ORDERER_TRANSACTION) {
    throw new BroadcastRejection('BAD_REQUEST', 'message is of type that cannot be processed directly');
  }
  if (type === CONFIG_UPDATE) {
    throw new BroadcastRejection(
      'BAD_REQUEST',
      'channel configuration updates are not supported by the Scenechain dev network',
    );
  }
}
