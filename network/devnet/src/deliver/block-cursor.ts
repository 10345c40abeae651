/** What a deliver endpoint reads from one channel's block store. */
export interface BlockSource {
  /** Number of committed blocks. */
  height(): number;
  /** A committed block's bytes (serialized common.Block). */
  block(number: number): Promise<Uint8Array | undefined>;
  /** Calls `listener` after every block commit; returns the unsubscribe function. */
  onBlock(listener: () => void): () => void;
}

/** Ends a wait because the client went away. */
export class StreamCancelled extends Error {
  override readonly name = 'StreamCancelled';
}

/**
 * Reads blocks in order from a start number: committed ones straight from the store, later ones as they are
 * committed. Blocks are addressed by number, so a block committed while older ones are replayed is neither missed
 * nor sent twice.
 */
export class BlockCursor {
  readonly #source: BlockSource;
  readonly #signal: AbortSignal;
  readonly #unsubscribe: () => void;
  #wake: (() => void) | undefined;
  #next: number;

  constructor(source: BlockSource, start: number, signal: AbortSignal) {
    this.#source = source;
    this.#signal = signal;
    this.#next = start;
    this.#unsubscribe = source.onBlock(() => this.#wake?.());
  }

  /** The next block's bytes, waiting for it to be committed; rejects with StreamCancelled on abort. */
  async next(): Promise<Uint8Array | undefined> {
    while (this.#source.height() <= this.#next) {
      if (this.#signal.aborted) throw new StreamCancelled('context finished before block retrieved');
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.#signal.removeEventListener('abort', done);
          this.#wake = undefined;
          resolve();
        };
        this.#wake = done;
        this.#signal.addEventListener('abort', done, { once: true });
      });
    }
    return this.#source.block(this.#next++);
  }

  close(): void {
    this.#wake?.();
    this.#unsubscribe();
  }
}
