import type { ChaincodeStub, ClientIdentity } from 'fabric-shim';
import { compositeKey, partialKeyRange } from '../../../chaincode/scene-kit/src';

/**
 * A test double of the chaincode stub for in-process unit tests of the kit's store and record types. It
 * keeps Fabric's rules that the kit depends on: reads see committed state only (never this transaction's
 * writes), range reads return keys in order, paginated reads hand back the next key as bookmark (empty when
 * exhausted), history lists versions newest first. `commit()` ends a transaction.
 */
export class FakeLedger {
  readonly committed = new Map<string, Uint8Array>();
  readonly history = new Map<string, { txId: string; value: Uint8Array; isDelete: boolean }[]>();
  private txCount = 0;

  transaction(timestampMs = 1_700_000_000_000): FakeStub {
    this.txCount += 1;
    return new FakeStub(this, `tx${this.txCount}`, timestampMs);
  }
}

export class FakeStub {
  readonly writes = new Map<string, Uint8Array | null>();
  event: { name: string; payload: Uint8Array } | undefined;

  constructor(
    private readonly ledger: FakeLedger,
    private readonly txId: string,
    private readonly timestampMs: number,
  ) {}

  asStub(): ChaincodeStub {
    return this as unknown as ChaincodeStub;
  }

  getTxID(): string {
    return this.txId;
  }

  getTxTimestamp() {
    return {
      seconds: { toNumber: () => Math.floor(this.timestampMs / 1000) },
      nanos: (this.timestampMs % 1000) * 1_000_000,
    };
  }

  async getState(key: string): Promise<Uint8Array> {
    return this.ledger.committed.get(key) ?? new Uint8Array();
  }

  async putState(key: string, value: Uint8Array): Promise<void> {
    this.writes.set(key, value);
  }

  async deleteState(key: string): Promise<void> {
    this.writes.set(key, null);
  }

  createCompositeKey(type: string, attrs: string[]): string {
    return compositeKey(type, attrs);
  }

  getStateByPartialCompositeKey(type: string, attrs: string[]) {
    const { start, end } = partialKeyRange(type, attrs);
    return Promise.resolve(iteratorOf(this.range(start, end)));
  }

  getStateByPartialCompositeKeyWithPagination(type: string, attrs: string[], pageSize: number, bookmark: string) {
    const { start, end } = partialKeyRange(type, attrs);
    const all = this.range(bookmark || start, end);
    const page = all.slice(0, pageSize);
    const next = all[pageSize]?.key ?? '';
    return Promise.resolve({
      iterator: iteratorOf(page),
      metadata: { fetchedRecordsCount: page.length, bookmark: next },
    });
  }

  getHistoryForKey(key: string) {
    const versions = [...(this.ledger.history.get(key) ?? [])].reverse().map((v, i) => ({
      txId: v.txId,
      value: v.value,
      isDelete: v.isDelete,
      timestamp: { seconds: 1_700_000_000 + i, nanos: 0 },
    }));
    return Promise.resolve(iteratorOf(versions));
  }

  setEvent(name: string, payload: Uint8Array): void {
    this.event = { name, payload };
  }

  /** Applies this transaction's writes, as a valid commit would. */
  commit(): void {
    for (const [key, value] of this.writes) {
      if (value === null) this.ledger.committed.delete(key);
      else this.ledger.committed.set(key, value);
      const versions = this.ledger.history.get(key) ?? [];
      versions.push({ txId: this.txId, value: value ?? new Uint8Array(), isDelete: value === null });
      this.ledger.history.set(key, versions);
    }
  }

  private range(start: string, end: string): { key: string; value: Uint8Array }[] {
    return [...this.ledger.committed.keys()]
      .filter((key) => key >= start && key < end)
      .sort()
      .map((key) => ({ key, value: this.ledger.committed.get(key)! }));
  }
}

function iteratorOf<T>(items: T[]) {
  let index = 0;
  return {
    next: async () =>
      index < items.length ? { value: items[index++], done: false } : { value: undefined, done: true },
    close: async () => undefined,
  };
}

/** A client identity as the contract API would build it from a certificate. */
export function fakeIdentity(mspId: string, user: string, attrs: Record<string, string> = {}): ClientIdentity {
  return {
    getMSPID: () => mspId,
    getID: () => `x509::/C=US/O=${mspId}/CN=${user}::/C=US/CN=ca.${mspId}`,
    getAttributeValue: (name: string) => attrs[name] ?? null,
  } as unknown as ClientIdentity;
}
