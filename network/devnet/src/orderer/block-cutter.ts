export interface BatchLimits {
  maxMessageCount: number;
  preferredMaxBytes: number;
}

/**
 * Fabric's block cutter, tuned for a single-process network: a batch is cut as soon as the committer is
 * idle (so one transaction at a time waits for nobody), and while a block is being committed the next
 * batch fills up to the message count or preferred size limit. No envelope waits longer than one block
 * commit, which is well inside any batch timeout, so the timeout needs no timer of its own.
 */
export class BlockCutter {
  readonly #limits: BatchLimits;
  readonly #deliver: (batch: Uint8Array[]) => Promise<void>;
  #pending: Uint8Array[] = [];
  #busy = false;
  #scheduled = false;
  #drained: Array<() => void> = [];

  constructor(limits: BatchLimits, deliver: (batch: Uint8Array[]) => Promise<void>) {
    this.#limits = limits;
    this.#deliver = deliver;
  }

  enqueue(envelope: Uint8Array): void {
    this.#pending.push(envelope);
    this.#schedule();
  }

  /** Resolves when every enqueued envelope has been delivered. */
  drain(): Promise<void> {
    if (!this.#busy && this.#pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#drained.push(resolve));
  }

  #schedule(): void {
    if (this.#busy || this.#scheduled) return;
    this.#scheduled = true;
    // setImmediate lets envelopes that arrive in the same turn of the event loop share a block.
    setImmediate(() => {
      this.#scheduled = false;
      void this.#cut();
    });
  }

  async #cut(): Promise<void> {
    if (this.#busy || this.#pending.length === 0) return;
    this.#busy = true;
    try {
      while (this.#pending.length > 0) {
        const batch = this.#takeBatch();
        try {
          await this.#deliver(batch);
        } catch (err) {
          // A failed commit must not wedge the channel; the envelopes are lost as if the orderer crashed.
          process.emitWarning(`block commit failed: ${(err as Error).message}`);
        }
      }
    } finally {
      this.#busy = false;
      for (const resolve of this.#drained.splice(0)) resolve();
    }
  }

  #takeBatch(): Uint8Array[] {
    let size = 0;
    let count = 0;
    while (count < this.#pending.length && count < this.#limits.maxMessageCount) {
      const next = this.#pending[count].length;
      if (count > 0 && size + next > this.#limits.preferredMaxBytes) break;
      size += next;
      count++;
    }
    return this.#pending.splice(0, count);
  }
}
