import { common, orderer } from '@hyperledger/fabric-protos';
import type { SignedData } from '../aclmgmt/channel-acl';
import { BlockCursor, StreamCancelled, type BlockSource } from './block-cursor';
import { BadSeekRequest, parseSeekEnvelope, parseSeekInfo, type SeekEnvelope } from './seek-request';
import { identityExpiresAt, SessionAccess } from './session-access';

const Status = common.Status;
type StatusCode = common.StatusMap[keyof common.StatusMap];

/** One channel as a deliver endpoint (a peer's, or later an orderer's) serves it. */
export interface DeliverChannel extends BlockSource {
  readonly name: string;
}

/** The request kind's side of a deliver stream: its read policy and how it answers. */
export interface DeliverKind {
  /** `block`, `filtered_block` or `block_and_pvtdata` (Fabric's data_type metric label). */
  readonly dataType: string;
  readonly filtered: boolean;
  /** Throws when the signer may not read the channel (Fabric's PolicyChecker). */
  checkPolicy(channel: DeliverChannel, signedData: SignedData): Promise<void>;
  /** The response message for block `number` (its stored bytes). */
  blockResponse(channel: DeliverChannel, number: number, block: Uint8Array, request: SeekEnvelope): Promise<Uint8Array>;
  /** The response message carrying a final status. */
  statusResponse(status: StatusCode): Uint8Array;
}

/** A bidirectional deliver stream, free of any transport. */
export interface DeliverStream {
  /** Seek envelopes in arrival order (decoded by the wire guard); ends when the client half-closes. */
  readonly requests: AsyncIterable<common.Envelope>;
  /** Resolves once the message is accepted (waits while the client reads slowly). */
  send(message: Uint8Array): Promise<void>;
  /** Aborted when the client cancels. */
  readonly signal: AbortSignal;
}

/** Counters a deliver endpoint reports (Fabric's deliver_* metrics). */
export interface DeliverMetrics {
  streamOpened(): void;
  streamClosed(): void;
  requestReceived(labels: DeliverLabels): void;
  requestCompleted(labels: DeliverLabels, success: boolean): void;
  blockSent(labels: DeliverLabels): void;
}

export interface DeliverLabels {
  readonly channel: string;
  readonly filtered: boolean;
  readonly dataType: string;
}

export interface DeliverHandlerOptions {
  /** Finds a channel this endpoint serves. */
  channel(channelId: string): DeliverChannel | undefined;
  /** Allowed distance between a request's timestamp and the server clock (Fabric's default: 15 minutes). */
  timeWindowMs?: number;
  now?: () => number;
  metrics?: DeliverMetrics;
}

/** What one seek request came to, and why when it was refused (Fabric only logs the reason). */
export interface SeekOutcome {
  readonly status: StatusCode;
  readonly reason?: string;
}

const FIFTEEN_MINUTES = 15 * 60_000;

/**
 * Fabric's common/deliver Handler: for each signed seek envelope on a stream, checks it, sends the blocks it asks
 * for (replayed from the ledger, then live as they commit) and closes with a status response. A non-SUCCESS status
 * ends the stream; after SUCCESS the client may send another seek. Transport-free, so an orderer endpoint can serve
 * the same requests with its own DeliverKind.
 */
export class DeliverHandler {
  readonly #options: DeliverHandlerOptions;
  readonly #now: () => number;

  constructor(options: DeliverHandlerOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** Serves a stream until the client half-closes (resolves undefined) or a request fails (resolves its outcome). */
  async handle(stream: DeliverStream, kind: DeliverKind): Promise<SeekOutcome | undefined> {
    this.#options.metrics?.streamOpened();
    try {
      for await (const request of stream.requests) {
        const outcome = await this.#deliverBlocks(stream, kind, request);
        await stream.send(kind.statusResponse(outcome.status));
        if (outcome.status !== Status.SUCCESS) return outcome;
      }
      return undefined;
    } finally {
      this.#options.metrics?.streamClosed();
    }
  }

  async #deliverBlocks(stream: DeliverStream, kind: DeliverKind, envelope: common.Envelope): Promise<SeekOutcome> {
    let request: SeekEnvelope;
    try {
      request = parseSeekEnvelope(envelope, this.#now(), this.#options.timeWindowMs ?? FIFTEEN_MINUTES);
    } catch (err) {
      return refused(Status.BAD_REQUEST, `error parsing envelope: ${(err as Error).message}`);
    }
    const channel = this.#options.channel(request.channelId);
    if (!channel) return refused(Status.NOT_FOUND, `channel ${request.channelId} not found`);

    const labels: DeliverLabels = { channel: channel.name, filtered: kind.filtered, dataType: kind.dataType };
    this.#options.metrics?.requestReceived(labels);
    let outcome: SeekOutcome = { status: Status.INTERNAL_SERVER_ERROR };
    try {
      outcome = await this.#seek(stream, kind, channel, request, labels);
      return outcome;
    } finally {
      this.#options.metrics?.requestCompleted(labels, outcome.status === Status.SUCCESS);
    }
  }

  async #seek(
    stream: DeliverStream,
    kind: DeliverKind,
    channel: DeliverChannel,
    request: SeekEnvelope,
    labels: DeliverLabels,
  ): Promise<SeekOutcome> {
    let seekInfo: orderer.SeekInfo;
    try {
      seekInfo = parseSeekInfo(request.payload);
    } catch (err) {
      return refused(Status.BAD_REQUEST, (err as BadSeekRequest).message);
    }
    const access = new SessionAccess(
      () => kind.checkPolicy(channel, request.signedData),
      identityExpiresAt(request.signedData.identity),
      this.#now,
    );
    try {
      await access.evaluate();
    } catch (err) {
      return refused(Status.FORBIDDEN, `client is not authorized: ${(err as Error).message}`);
    }
    const start = seekInfo.getStart();
    const stop = seekInfo.getStop();
    if (!start || !stop) return refused(Status.BAD_REQUEST, 'seekInfo is missing start or stop');

    const height = channel.height();
    const first = startNumber(start, height);
    let stopNumber = 0;
    if (stop.hasOldest()) stopNumber = first ?? 0;
    else if (stop.hasNewest()) stopNumber = start.hasNewest() ? (first ?? 0) : height - 1;
    else if (stop.hasSpecified()) {
      stopNumber = stop.getSpecified()!.getNumber();
      if (stopNumber < (first ?? 0)) {
        return refused(Status.BAD_REQUEST, `start number ${first} greater than stop number ${stopNumber}`);
      }
    }
    // A start Fabric's block store cannot position on gives an iterator that only ever answers NOT_FOUND.
    if (first === undefined) return refused(Status.NOT_FOUND, 'start position is not in the ledger');

    const failIfNotReady = seekInfo.getBehavior() === orderer.SeekInfo.SeekBehavior.FAIL_IF_NOT_READY;
    const cursor = new BlockCursor(channel, first, stream.signal);
    try {
      for (let number = first; ; number++) {
        if (failIfNotReady && number > channel.height() - 1) {
          return refused(Status.NOT_FOUND, `block ${number} not found, block number greater than chain length bounds`);
        }
        const block = await cursor.next();
        if (!block) return refused(Status.SERVICE_UNAVAILABLE, `block ${number} cannot be read`);
        try {
          await access.evaluate();
        } catch (err) {
          return refused(Status.FORBIDDEN, `client authorization revoked: ${(err as Error).message}`);
        }
        await stream.send(await kind.blockResponse(channel, number, block, request));
        this.#options.metrics?.blockSent(labels);
        if (number === stopNumber) return { status: Status.SUCCESS };
      }
    } finally {
      cursor.close();
    }
  }
}

/** Fabric's fileledger Iterator start: undefined where it returns a NotFoundErrorIterator. */
function startNumber(start: orderer.SeekPosition, height: number): number | undefined {
  if (start.hasOldest()) return 0;
  if (start.hasNewest()) return height - 1;
  if (start.hasSpecified()) {
    const number = start.getSpecified()!.getNumber();
    return number > height ? undefined : number;
  }
  if (start.hasNextCommit()) return height;
  return undefined;
}

function refused(status: StatusCode, reason: string): SeekOutcome {
  return { status, reason };
}

export { StreamCancelled };
