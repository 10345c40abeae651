import type { ChaincodeStub, Iterators } from 'fabric-shim';
import { InternalError, LimitExceededError, ValidationError } from './errors';
import { compareKeys, partialKeyRange } from './keys';

/** One key and its value from a range read. */
export interface Entry {
  readonly key: string;
  readonly value: Uint8Array;
}

/** One version of a key from its history, newest first as the peer returns them. */
export interface KeyVersion {
  readonly txId: string;
  readonly timestamp: string;
  readonly isDelete: boolean;
  readonly value: Uint8Array;
}

/** The bound of a non-paginated range read: more than `max` entries is refused, never read to the end. */
export interface ScanLimit {
  readonly max: number;
}

export interface PageOfEntries {
  readonly entries: readonly Entry[];
  /** Where the next page starts; empty when there is none. */
  readonly bookmark: string;
}

/**
 * The world state as one transaction sees it, with Fabric's rules made explicit instead of discovered:
 * - The peer answers reads with COMMITTED values, never with this transaction's own writes. The store keeps
 *   a write cache so `get` after `put` in the same transaction returns what was put, and `scan` merges the
 *   cache into the committed range (keys written appear, keys deleted disappear, all in the peer's key order).
 *   Committed values are cached too: a second read of a key costs no round trip to the peer.
 * - Every range read in a transaction that may write is bounded: `scan` takes a maximum and refuses a larger
 *   set with LIMIT_EXCEEDED after reading at most a few entries past it.
 * - A transaction with a paginated range read may not write, and one that wrote may not read paginated; the
 *   store refuses both orders with INTERNAL (a defect in the flow), instead of letting the peer fail later.
 * - A read-only store (evaluate flows) refuses every write.
 */
export class TxStore {
  private readonly written = new Map<string, Uint8Array | null>();
  private readonly committed = new Map<string, Uint8Array | undefined>();
  private pagedRead = false;

  constructor(
    private readonly stub: ChaincodeStub,
    /** An evaluate flow's store: every write is refused. */
    readonly readOnly: boolean,
  ) {}

  async get(key: string): Promise<Uint8Array | undefined> {
    if (this.written.has(key)) return this.written.get(key) ?? undefined;
    if (this.committed.has(key)) return this.committed.get(key);
    const value = await this.stub.getState(key);
    const found = value && value.length > 0 ? value : undefined;
    this.committed.set(key, found);
    return found;
  }

  async put(key: string, value: Uint8Array): Promise<void> {
    this.checkWritable(key);
    // Fabric treats an empty value as a delete; index entries therefore hold one byte.
    if (value.length === 0) throw new InternalError(`refusing to write an empty value to ${printable(key)}`);
    this.written.set(key, value);
    await this.stub.putState(key, value);
  }

  async delete(key: string): Promise<void> {
    this.checkWritable(key);
    this.written.set(key, null);
    await this.stub.deleteState(key);
  }

  /** Whether this transaction has written (or deleted) the key. */
  hasWritten(key: string): boolean {
    return this.written.has(key);
  }

  /**
   * Every entry under a partial composite key as this transaction sees it (committed state with its own writes
   * and deletions applied), in key order. Refuses with LIMIT_EXCEEDED a set of more than `limit.max` entries.
   */
  async scan(objectType: string, attributes: readonly string[], limit: ScanLimit): Promise<Entry[]> {
    const { max } = limit;
    if (!Number.isSafeInteger(max) || max < 1)
      throw new InternalError(`scan maximum must be a positive integer: ${max}`);
    const { start } = partialKeyRange(objectType, attributes);
    // Keys in the range all start with the partial key: U+10FFFF, the range's end, cannot occur in a key.
    const own = [...this.written].filter(([key]) => key.startsWith(start));
    const deleted = own.filter(([, value]) => value === null).length;
    // Having read this many committed entries proves the set is too large, whatever this transaction deleted.
    const proof = max + deleted + 1;
    const merged = new Map<string, Uint8Array>();
    const iterator = await this.stub.getStateByPartialCompositeKey(objectType, [...attributes]);
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        merged.set(next.value.key, next.value.value);
        if (merged.size === proof) throw tooMany(objectType, attributes, max);
      }
    } finally {
      await iterator.close();
    }
    for (const [key, value] of own) {
      if (value === null) merged.delete(key);
      else merged.set(key, value);
    }
    if (merged.size > max) throw tooMany(objectType, attributes, max);
    return [...merged.keys()].sort(compareKeys).map((key) => ({ key, value: merged.get(key)! }));
  }

  /** One page of committed entries under a partial composite key. Read-only transactions only. */
  async page(
    objectType: string,
    attributes: readonly string[],
    pageSize: number,
    bookmark: string,
  ): Promise<PageOfEntries> {
    if (this.written.size > 0) {
      throw new InternalError('a paginated read after a write in the same transaction (Fabric refuses it)');
    }
    if (bookmark !== '') {
      // A bookmark outside the range would make the peer read other records; it is a client error.
      const { start, end } = partialKeyRange(objectType, attributes);
      if (bookmark < start || bookmark >= end) throw new ValidationError('bookmark does not belong to this list');
    }
    this.pagedRead = true;
    const { iterator, metadata } = await this.stub.getStateByPartialCompositeKeyWithPagination(
      objectType,
      [...attributes],
      pageSize,
      bookmark,
    );
    const entries: Entry[] = [];
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        entries.push({ key: next.value.key, value: next.value.value });
      }
    } finally {
      await iterator.close();
    }
    return { entries, bookmark: metadata?.bookmark ?? '' };
  }

  /** Up to `limit` versions of a key after skipping `skip`, newest first. */
  async history(key: string, skip: number, limit: number): Promise<{ versions: KeyVersion[]; more: boolean }> {
    const versions: KeyVersion[] = [];
    let seen = 0;
    let more = false;
    const iterator: Iterators.HistoryQueryIterator = await this.stub.getHistoryForKey(key);
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        if (seen++ < skip) continue;
        if (versions.length === limit) {
          more = true;
          break;
        }
        const modification = next.value;
        versions.push({
          txId: modification.txId,
          timestamp: timestampIso(modification.timestamp),
          isDelete: modification.isDelete,
          value: modification.value,
        });
      }
    } finally {
      await iterator.close();
    }
    return { versions, more };
  }

  private checkWritable(key: string): void {
    if (this.readOnly) throw new InternalError(`a read-only transaction tried to write ${printable(key)}`);
    if (this.pagedRead) {
      throw new InternalError(
        `a write after a paginated read in the same transaction (Fabric refuses it): ${printable(key)}`,
      );
    }
  }
}

function timestampIso(timestamp: { seconds: unknown; nanos: number } | undefined): string {
  if (!timestamp) return '';
  const raw = timestamp.seconds as number | { toNumber(): number };
  const seconds = typeof raw === 'number' ? raw : raw.toNumber();
  return new Date(seconds * 1000 + Math.floor(timestamp.nanos / 1_000_000)).toISOString();
}

function tooMany(objectType: string, attributes: readonly string[], max: number): LimitExceededError {
  const under = attributes.length > 0 ? ` under ${attributes.join(' / ')}` : '';
  return new LimitExceededError(
    `more than ${max} ${objectType} entries${under}; one transaction reads at most ${max}`,
    max,
  );
}

function printable(key: string): string {
  return JSON.stringify(key.split('\u0000').join('·'));
}
