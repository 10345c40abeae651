import type { ChaincodeEvent, CloseableAsyncIterable, Network } from '@hyperledger/fabric-gateway';
import type { Logger } from 'pino';
import type { Projector } from '../readmodel/projector';
import type { ReadModelDatabase } from '../readmodel/read-model-database';
import { sceneEventPayload } from '../readmodel/scene-event';
import { gatewayCheckpoint, type CheckpointStore, type StoredCheckpoint } from './checkpoint-store';

export interface ChaincodeEventListenerOptions {
  /** Scenario ID: names the checkpoint and tags the projected events. */
  readonly scenario: string;
  readonly chaincode: string;
  /** The channel as the app's service identity sees it. */
  readonly network: () => Network;
  readonly db: ReadModelDatabase;
  readonly projector: Projector;
  readonly checkpoints: CheckpointStore;
  readonly logger: Logger;
  /** Called after each transaction's events are applied (event subscriptions read on from the read model). */
  readonly onApplied?: () => void;
  /** Pause before reconnecting after the stream failed (a peer went away). */
  readonly reconnectDelayMs?: number;
}

const utf8 = new TextDecoder();
const RECENT_LIMIT = 10_000;

/**
 * Follows one chaincode's events from its durable checkpoint and feeds them to the read model. Each event is
 * projected and checkpointed in one SQLite transaction, so after a crash or restart the listener resumes
 * exactly after the last event it applied: nothing is lost and nothing applied twice. A broken stream (peer
 * down) is reopened from the checkpoint after a pause.
 */
export class ChaincodeEventListener {
  private stream: CloseableAsyncIterable<ChaincodeEvent> | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private connected = false;
  private readonly recent = new Set<string>();
  private readonly waiters = new Map<string, (() => void)[]>();
  private wakeReconnect: (() => void) | undefined;

  constructor(private readonly options: ChaincodeEventListenerOptions) {}

  get name(): string {
    return this.options.scenario;
  }

  get position(): StoredCheckpoint | undefined {
    return this.options.checkpoints.get(this.options.scenario);
  }

  get isConnected(): boolean {
    return this.connected;
  }

  start(): void {
    if (this.running) return;
    this.stopped = false;
    this.running = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stream?.close();
    this.wakeReconnect?.();
    await this.running;
    this.running = undefined;
  }

  /** Resolves once the events of a transaction are in the read model (at once if they already are). */
  waitForTransaction(transactionId: string, timeoutMs = 10_000): Promise<void> {
    if (this.recent.has(transactionId)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`events of ${transactionId} not projected within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const list = this.waiters.get(transactionId) ?? [];
      list.push(() => {
        clearTimeout(timer);
        resolve();
      });
      this.waiters.set(transactionId, list);
    });
  }

  private async run(): Promise<void> {
    const { logger } = this.options;
    while (!this.stopped) {
      try {
        await this.follow();
      } catch (err) {
        if (this.stopped) break;
        this.connected = false;
        logger.warn(
          { err, scenario: this.options.scenario },
          'chaincode event stream failed; reconnecting from the checkpoint',
        );
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.options.reconnectDelayMs ?? 1_000);
          this.wakeReconnect = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
    this.connected = false;
  }

  private async follow(): Promise<void> {
    const { chaincode, scenario, checkpoints, db, projector, logger } = this.options;
    const stored = checkpoints.get(scenario);
    const stream = await this.options
      .network()
      .getChaincodeEvents(chaincode, stored ? { checkpoint: gatewayCheckpoint(stored) } : { startBlock: 0n });
    this.stream = stream;
    if (this.stopped) stream.close();
    this.connected = true;
    const applyOne = db.transaction((event: ChaincodeEvent) => {
      const parsed = sceneEventPayload.safeParse(safeJson(utf8.decode(event.payload)));
      if (parsed.success) projector.apply(scenario, Number(event.blockNumber), event.transactionId, parsed.data.events);
      else
        logger.warn(
          { scenario, transactionId: event.transactionId, eventName: event.eventName },
          'chaincode event without a scene-kit payload: skipped',
        );
      checkpoints.save(scenario, { blockNumber: Number(event.blockNumber), transactionId: event.transactionId });
    });
    for await (const event of stream) {
      applyOne(event);
      this.projected(event.transactionId);
      this.options.onApplied?.();
    }
  }

  private projected(transactionId: string): void {
    this.recent.add(transactionId);
    if (this.recent.size > RECENT_LIMIT) this.recent.delete(this.recent.values().next().value as string);
    const waiting = this.waiters.get(transactionId);
    if (waiting) {
      this.waiters.delete(transactionId);
      for (const wake of waiting) wake();
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
