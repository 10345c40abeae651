import type { VersionedValue } from './types';

/**
 * Bounded, write-through LRU of committed state: `null` records a key known to be absent (creates and MVCC checks
 * of new keys are common). The committer writes every key it changes after the LevelDB batch lands; readers
 * that missed only fill the cache if no commit happened while they read (see {@link generation}), so a slow
 * read can never put a pre-commit value back.
 */
export class StateCache {
  readonly #entries = new Map<string, VersionedValue | null>();
  readonly #capacity: number;
  #generation = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError(`invalid cache capacity ${capacity}`);
    this.#capacity = capacity;
  }

  /** Bumped on every commit. */
  get generation(): number {
    return this.#generation;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The cached entry (`null` = known absent) or `undefined` on a miss. */
  get(key: string): VersionedValue | null | undefined {
    const entry = this.#entries.get(key);
    if (entry !== undefined) {
      // Move to the most recently used end.
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    }
    return entry;
  }

  /** Fills a miss read at `generation`; ignored when a commit happened meanwhile. */
  fill(key: string, entry: VersionedValue | null, generation: number): void {
    if (generation === this.#generation) this.#set(key, entry);
  }

  /** Applies a committed block's updates. */
  commit(updates: Iterable<[string, VersionedValue | null]>): void {
    this.#generation++;
    for (const [key, entry] of updates) this.#set(key, entry);
  }

  #set(key: string, entry: VersionedValue | null): void {
    if (this.#capacity === 0) return;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    if (this.#entries.size > this.#capacity) this.#entries.delete(this.#entries.keys().next().value!);
  }
}
