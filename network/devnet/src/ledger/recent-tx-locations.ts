import type { TxLocation } from './types';

/**
 * Where the most recently committed transactions landed, newest kept, oldest dropped past `capacity`. A client
 * asks for a transaction's commit status right after submitting it, usually once it has committed: answering
 * from memory spares one LevelDB read per submit. Entries never go stale, since a transaction ID's index entry
 * is written once (duplicates keep the first) and never changed.
 */
export class RecentTxLocations {
  readonly #entries = new Map<string, TxLocation>();
  readonly #capacity: number;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError(`invalid capacity ${capacity}`);
    this.#capacity = capacity;
  }

  get(txId: string): TxLocation | undefined {
    return this.#entries.get(txId);
  }

  /** Remembers a newly indexed transaction. */
  add(txId: string, location: TxLocation): void {
    if (this.#capacity === 0) return;
    this.#entries.set(txId, location);
    if (this.#entries.size > this.#capacity) this.#entries.delete(this.#entries.keys().next().value!);
  }
}
