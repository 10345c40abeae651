import type { ChaincodeStub, Iterators } from 'fabric-shim';
import { InternalError, ValidationError } from './errors';
import { partialKeyRange } from './keys';

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

export interface PageOfEntries {
  readonly entries: readonly Entry[];
  /** Where the next page starts; empty when there is none. */
  readonly bookmark: string;
}

/**
 * The world state as one transaction sees it, with Fabric's rules made explicit instead of discovered:
 * - The peer answers reads with COMMITTED values, never with this transaction's own writes. The store keeps
 *   a write cache so `get` after `put` in the same transaction returns what was put; range reads still see
 *   only committed state, so flows must not range-read keys they have written. Committed values are cached
 *   too: a second read of a key costs no round trip to the peer.
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
    private readonly readOnly: boolean,
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

  /** Every committed entry under a partial composite key, in key order. For bounded sets only. */
  async scan(objectType: string, attributes: readonly string[]): Promise<Entry[]> {
    const entries: Entry[] = [];
    const iterator = await this.stub.getStateByPartialCompositeKey(objectType, [...attributes]);
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        entries.push({ key: next.value.key, value: next.value.value });
      }
    } finally {
      await iterator.close();
    }
    return entries;
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

function printable(key: string): string {
  return JSON.stringify(key.split('\u0000').join('·'));
}
