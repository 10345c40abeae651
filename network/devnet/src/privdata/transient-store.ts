import type { ledger } from '@hyperledger/fabric-protos';

/** Fabric's `peer.gossip.pvtData.transientstoreMaxBlockRetention` default. */
export const TRANSIENT_BLOCK_RETENTION = 1000;
/** Bounds the memory endorse-only traffic (endorsed, never submitted) can take. */
const MAX_ENTRIES = 10_000;

interface Entry {
  /** Ledger height when the first endorser stored it. */
  readonly endorsedAt: number;
  /** One private write set per distinct endorsement result (endorsers normally agree). */
  readonly sets: ledger.rwset.TxPvtReadWriteSet[];
  readonly seen: Set<string>;
}

/**
 * The private write sets of endorsed, not yet committed transactions: Fabric's transient store together with
 * the dissemination that brings them to member peers. The committer takes what matches the hashes in the
 * block and drops the entry once the transaction is in a block (valid or not); entries of transactions never
 * submitted go after {@link TRANSIENT_BLOCK_RETENTION} blocks.
 */
export class TransientStore {
  readonly #entries = new Map<string, Entry>();

  constructor(
    private readonly retentionBlocks = TRANSIENT_BLOCK_RETENTION,
    private readonly maxEntries = MAX_ENTRIES,
  ) {}

  get size(): number {
    return this.#entries.size;
  }

  persist(txId: string, endorsedAt: number, pvt: ledger.rwset.TxPvtReadWriteSet): void {
    let entry = this.#entries.get(txId);
    if (!entry) {
      if (this.#entries.size >= this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
      entry = { endorsedAt, sets: [], seen: new Set() };
      this.#entries.set(txId, entry);
    }
    const fingerprint = Buffer.from(pvt.serializeBinary()).toString('base64');
    if (entry.seen.has(fingerprint)) return;
    entry.seen.add(fingerprint);
    entry.sets.push(pvt);
  }

  /** The private write sets endorsers produced for a transaction (none when it had no private writes). */
  candidates(txId: string): readonly ledger.rwset.TxPvtReadWriteSet[] {
    return this.#entries.get(txId)?.sets ?? [];
  }

  remove(txId: string): void {
    this.#entries.delete(txId);
  }

  /** Drops entries endorsed more than the retention before `height`. */
  purgeBelow(height: number): void {
    for (const [txId, entry] of this.#entries) {
      if (entry.endorsedAt + this.retentionBlocks <= height) this.#entries.delete(txId);
    }
  }
}
