import type { Logger } from 'pino';
import type { LedgerBinding } from './ledger-binding';

export interface LedgerGuardOptions {
  readonly binding: LedgerBinding;
  /** Reads the genesis block hash of the channel the app serves now. */
  readonly genesisHash: () => Promise<string>;
  /** Starts the event listeners (once the read model is known to be of this ledger). */
  readonly startListeners: () => void;
  readonly logger: Logger;
  /** Pause before asking again when the network did not answer. */
  readonly retryMs?: number;
}

/**
 * Starts the read model's listeners only once the read model is bound to the ledger the app reads (emptied
 * first when it was built from another). When no peer answers at start, the app serves anyway and asks again
 * after a pause; the listeners could not have read the ledger either.
 */
export class LedgerGuard {
  private bound = false;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: LedgerGuardOptions) {}

  get isBound(): boolean {
    return this.bound;
  }

  /** The first check; settles whether or not the network answered. */
  async start(): Promise<void> {
    await this.attempt();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }

  private async attempt(): Promise<void> {
    const { binding, genesisHash, startListeners, logger, retryMs = 5_000 } = this.options;
    try {
      const hash = await genesisHash();
      if (this.closed) return;
      binding.bind(hash, logger);
      this.bound = true;
      startListeners();
    } catch (err) {
      if (this.closed) return;
      logger.warn(
        { err },
        `cannot read block 0 of the channel to check which ledger the read model is of: asking again in ${retryMs} ms`,
      );
      this.timer = setTimeout(() => void this.attempt(), retryMs);
      this.timer.unref();
    }
  }
}
