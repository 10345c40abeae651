import { common } from '@hyperledger/fabric-protos';
import type { ClassicLevel } from 'classic-level';
import {
  blockHeaderHash,
  commitHashMetadata,
  computeCommitHash,
  headerFields,
  METADATA_ENTRIES,
  stateUpdatesBytes,
} from '../block';
import { collectUpdates, stateCacheKey } from './block-updates';
import { envelopeTx } from './envelope-tx';
import { KeyLayout, prefixEnd, readUint64, writeUint64 } from './key-layout';
import { LedgerError } from './ledger-error';
import { RecentTxLocations } from './recent-tx-locations';
import { PrivateState } from './private-state';
import {
  decodeHistory,
  decodeMeta,
  decodeState,
  decodeTxLocation,
  encodeHistory,
  encodeMeta,
  encodeState,
  encodeTxLocation,
  type ChannelMeta,
} from './record-codec';
import { StateCache } from './state-cache';
import {
  VALID,
  type KeyModification,
  type StateEntry,
  type TxCommit,
  type TxLocation,
  type Version,
  type VersionedValue,
} from './types';
import { decode } from '../wire';

export type LedgerDb = ClassicLevel<Buffer, Buffer>;
/** Enough for every transaction a busy client still awaits the commit of (about 150 bytes each). */
const RECENT_TX_LOCATIONS = 10_000;
type BatchOp = { type: 'put'; key: Buffer; value: Buffer } | { type: 'del'; key: Buffer };

export interface ChannelLedgerOptions {
  /** fsync every block (survives power loss; a process crash never tears a block either way). */
  readonly sync: boolean;
  /** Entries of the state cache. */
  readonly stateCacheEntries: number;
}

/**
 * One channel's ledger, shaped like a Fabric peer's: block store, state with versions, history, txid index and
 * block-hash index, all advanced together by {@link commitBlock} in one atomic LevelDB batch.
 */
export class ChannelLedger {
  readonly name: string;
  /** Private data: hashed state, and each member org's plaintext (committed with the block). */
  readonly privateState: PrivateState;
  readonly #db: LedgerDb;
  readonly #keys: KeyLayout;
  readonly #cache: StateCache;
  readonly #sync: boolean;
  #meta: ChannelMeta;
  #committing = false;
  /**
   * Every indexed transaction ID, so the look-ups made for each proposal and commit-status request (almost all
   * for IDs that are not there) need no LevelDB read. About 100 bytes per transaction.
   */
  readonly #txIds: Set<string>;
  /** Where the latest transactions committed, for the commit-status look-up that follows each submit. */
  readonly #recentTxs = new RecentTxLocations(RECENT_TX_LOCATIONS);

  private constructor(
    db: LedgerDb,
    keys: KeyLayout,
    name: string,
    meta: ChannelMeta,
    options: ChannelLedgerOptions,
    txIds: Set<string>,
  ) {
    this.name = name;
    this.#txIds = txIds;
    this.#db = db;
    this.privateState = new PrivateState(db, name);
    this.#keys = keys;
    this.#cache = new StateCache(options.stateCacheEntries);
    this.#sync = options.sync;
    this.#meta = meta;
  }

  /** Loads the channel's top (height, hashes) from `db`; used by LedgerStore. */
  static async open(db: LedgerDb, name: string, options: ChannelLedgerOptions): Promise<ChannelLedger> {
    const keys = new KeyLayout(name);
    const txIds = new Set<string>();
    const prefix = keys.txid('');
    for await (const key of db.keys({ gte: prefix, lt: prefixEnd(prefix) }))
      txIds.add(key.toString('utf8', prefix.length));
    const meta = decodeMeta(await db.get(keys.meta));
    await ChannelLedger.#indexBlockHashes(db, keys, meta);
    return new ChannelLedger(db, keys, name, meta, options, txIds);
  }

  /**
   * Builds the block-hash index of a ledger written before the index existed. Each commit indexes its block in the
   * same batch, so the newest block's entry is present exactly when every block's is.
   */
  static async #indexBlockHashes(db: LedgerDb, keys: KeyLayout, meta: ChannelMeta): Promise<void> {
    if (!meta.lastHeaderHash || (await db.get(keys.blockHash(meta.lastHeaderHash))) !== undefined) return;
    const ops: BatchOp[] = [];
    const first = keys.block(0);
    for await (const [key, value] of db.iterator({ gte: first, lt: keys.block(meta.height) })) {
      const hash = blockHeaderHash(headerFields(decode(common.Block, value)));
      ops.push({ type: 'put', key: keys.blockHash(hash), value: key.subarray(key.length - 8) });
    }
    await db.batch(ops);
  }

  /** Number of committed blocks (0 before the genesis block). */
  height(): number {
    return this.#meta.height;
  }

  /** Header hash of the newest block: the next block's previous_hash. */
  lastHeaderHash(): Uint8Array | undefined {
    return this.#meta.lastHeaderHash;
  }

  /** Serialized common.Block, as committed (with TRANSACTIONS_FILTER and COMMIT_HASH). */
  async getBlock(num: number): Promise<Uint8Array | undefined> {
    if (!Number.isSafeInteger(num) || num < 0 || num >= this.#meta.height) return undefined;
    return this.#db.get(this.#keys.block(num));
  }

  /** The committed block whose header hash is `hash` (qscc GetBlockByHash), if any. */
  async getBlockByHash(hash: Uint8Array): Promise<Uint8Array | undefined> {
    const number = await this.#db.get(this.#keys.blockHash(hash));
    return number && number.length === 8 ? this.getBlock(readUint64(number, 0)) : undefined;
  }

  async getState(namespace: string, key: string): Promise<VersionedValue | undefined> {
    const cacheKey = stateCacheKey(namespace, key);
    const cached = this.#cache.get(cacheKey);
    if (cached !== undefined) return cached ?? undefined;
    const generation = this.#cache.generation;
    const record = await this.#db.get(this.#keys.state(namespace, key));
    const entry = record ? decodeState(record) : null;
    this.#cache.fill(cacheKey, entry, generation);
    return entry ?? undefined;
  }

  /** The MVCC check's read: the version of the committed value, if any. */
  async getStateVersion(namespace: string, key: string): Promise<Version | undefined> {
    return (await this.getState(namespace, key))?.version;
  }

  /**
   * Committed keys of `namespace` in UTF-8 byte order from `startKey` (inclusive) to `endKey` (exclusive; '' =
   * to the end of the namespace), from one LevelDB snapshot.
   */
  async *rangeScan(namespace: string, startKey: string, endKey: string, limit?: number): AsyncIterable<StateEntry> {
    const range = this.#keys.stateRange(namespace, startKey, endKey);
    if (Buffer.compare(range.gte, range.lt) >= 0) return;
    for await (const [key, record] of this.#db.iterator({ gte: range.gte, lt: range.lt, limit: limit ?? Infinity })) {
      const { value, version } = decodeState(record);
      yield { key: key.toString('utf8', range.keyOffset), value, version };
    }
  }

  /** Every committed modification of a key by a valid transaction, newest first (as Fabric 2.x returns them). */
  async getHistory(namespace: string, key: string): Promise<KeyModification[]> {
    const prefix = this.#keys.historyKey(namespace, key);
    const modifications: KeyModification[] = [];
    for await (const [entryKey, record] of this.#db.iterator({ gte: prefix, lt: prefixEnd(prefix), reverse: true })) {
      modifications.push({
        ...decodeHistory(record),
        blockNum: readUint64(entryKey, prefix.length),
        txNum: readUint64(entryKey, prefix.length + 8),
      });
    }
    return modifications;
  }

  /** Where a transaction ID was first committed, with its validation code (duplicates keep the first entry). */
  async getTx(txId: string): Promise<TxLocation | undefined> {
    if (!this.#txIds.has(txId)) return undefined;
    const recent = this.#recentTxs.get(txId);
    if (recent) return recent;
    const record = await this.#db.get(this.#keys.txid(txId));
    return record ? decodeTxLocation(record) : undefined;
  }

  /**
   * Appends the next block. `txs` carries the committer's outcome per transaction (writes apply only when VALID);
   * envelopes without an entry count as write-less and are indexed from their channel header. Like Fabric's
   * ledger it completes the block before storing it: it fills TRANSACTIONS_FILTER when empty and, from block 1 on,
   * COMMIT_HASH. Block, state, history, txid index and the new top land in one batch, so a crash leaves either
   * this block or the previous one on top.
   */
  async commitBlock(block: common.Block, txs: readonly TxCommit[]): Promise<void> {
    if (this.#committing) throw new LedgerError(`channel ${this.name}: another block is being committed`);
    this.#committing = true;
    try {
      await this.#commit(block, txs);
    } finally {
      this.#committing = false;
    }
  }

  async #commit(block: common.Block, given: readonly TxCommit[]): Promise<void> {
    const header = headerFields(block);
    const blockNum = header.number;
    this.#checkChain(blockNum, header.previousHash);
    const envelopes = block.getData()?.getDataList_asU8() ?? [];
    const metadata = block.getMetadata() ?? new common.BlockMetadata();
    const entries = metadata.getMetadataList_asU8().slice();
    while (entries.length < METADATA_ENTRIES) entries.push(new Uint8Array(0));

    const outcomes = this.#outcomes(blockNum, given, envelopes.length);
    let filter = entries[common.BlockMetadataIndex.TRANSACTIONS_FILTER];
    if (filter.length === 0) {
      filter = Uint8Array.from(envelopes, (_, txNum) => outcomes.get(txNum)?.validationCode ?? VALID);
      entries[common.BlockMetadataIndex.TRANSACTIONS_FILTER] = filter;
    } else if (filter.length !== envelopes.length) {
      throw new LedgerError(
        `block ${blockNum}: TRANSACTIONS_FILTER has ${filter.length} codes for ${envelopes.length} transactions`,
      );
    }
    for (const tx of outcomes.values()) {
      if (tx.validationCode !== filter[tx.txNum]) {
        throw new LedgerError(
          `block ${blockNum} tx ${tx.txNum}: code ${tx.validationCode} disagrees with TRANSACTIONS_FILTER ${filter[tx.txNum]}`,
        );
      }
    }
    const txs = envelopes.map((envelope, txNum) => outcomes.get(txNum) ?? envelopeTx(envelope, txNum, filter[txNum]));
    const committed = await this.#committedForMetadata(txs);
    const updates = collectUpdates(blockNum, txs, (cacheKey) => committed.get(cacheKey));
    const privateCommit = await this.privateState.prepareCommit(blockNum, txs, this.#meta.stateMetadata === true);
    const stateMetadata =
      this.#meta.stateMetadata ||
      privateCommit.hasMetadata ||
      [...updates.state.values()].some((update) => update.metadata);

    let commitHash = this.#meta.commitHash;
    if (blockNum === 1 || commitHash.length > 0) {
      const updatesBytes = stateUpdatesBytes([...updates.state.values(), ...privateCommit.hashedUpdates]);
      commitHash = computeCommitHash(filter, updatesBytes, commitHash);
      entries[common.BlockMetadataIndex.COMMIT_HASH] = commitHashMetadata(commitHash);
    }
    const ops: BatchOp[] = [];
    for (const update of updates.state.values()) {
      const key = this.#keys.state(update.namespace, update.key);
      ops.push(
        update.isDelete
          ? { type: 'del', key }
          : { type: 'put', key, value: encodeState(update.value, update.version, update.metadata) },
      );
    }
    for (const entry of updates.history) {
      ops.push({
        type: 'put',
        key: this.#keys.history(entry.namespace, entry.key, blockNum, entry.txNum),
        value: encodeHistory(entry),
      });
    }
    ops.push(...privateCommit.ops);
    const indexed = this.#newTxIndexEntries(blockNum, txs);
    for (const { key, location } of indexed) ops.push({ type: 'put', key, value: encodeTxLocation(location) });
    // Keys are checked above, so the caller's block is only completed once the commit can go ahead.
    metadata.setMetadataList(entries);
    block.setMetadata(metadata);
    const blockBytes = block.serializeBinary();
    const blockValue = Buffer.from(blockBytes.buffer, blockBytes.byteOffset, blockBytes.length);
    ops.push({ type: 'put', key: this.#keys.block(blockNum), value: blockValue });
    const headerHash = blockHeaderHash(header);
    const numberValue = Buffer.allocUnsafe(8);
    writeUint64(numberValue, 0, blockNum);
    ops.push({ type: 'put', key: this.#keys.blockHash(headerHash), value: numberValue });
    const meta: ChannelMeta = { height: blockNum + 1, lastHeaderHash: headerHash, commitHash, stateMetadata };
    ops.push({ type: 'put', key: this.#keys.meta, value: encodeMeta(meta) });

    this.privateState.beginWrite();
    try {
      await this.#db.batch(ops, { sync: this.#sync });
    } finally {
      this.privateState.endWrite();
    }
    this.#meta = meta;
    for (const tx of txs) if (tx.txId !== '') this.#txIds.add(tx.txId);
    for (const { txId, location } of indexed) this.#recentTxs.add(txId, location);
    this.#cache.commit(
      Array.from(updates.state, ([cacheKey, update]) => [
        cacheKey,
        update.isDelete ? null : { value: update.value, version: update.version, metadata: update.metadata },
      ]),
    );
  }

  /**
   * Committed entries the block's metadata merge needs: keys given metadata (their value is kept) and, once any key
   * may carry metadata, every written key (its metadata is kept). Before any metadata exists this reads nothing.
   */
  async #committedForMetadata(txs: readonly TxCommit[]): Promise<Map<string, VersionedValue | null>> {
    const wanted = new Map<string, { namespace: string; key: string }>();
    for (const tx of txs) {
      if (tx.validationCode !== VALID) continue;
      for (const write of tx.metadataWrites ?? []) wanted.set(stateCacheKey(write.namespace, write.key), write);
      if (!this.#meta.stateMetadata) continue;
      for (const write of tx.writes) wanted.set(stateCacheKey(write.namespace, write.key), write);
    }
    const committed = new Map<string, VersionedValue | null>();
    await Promise.all(
      [...wanted].map(async ([cacheKey, { namespace, key }]) => {
        committed.set(cacheKey, (await this.getState(namespace, key)) ?? null);
      }),
    );
    return committed;
  }

  /** True once any key, public or hashed, has been given state metadata (key-level endorsement policies). */
  hasStateMetadata(): boolean {
    return this.#meta.stateMetadata === true;
  }

  #checkChain(blockNum: number, previousHash: Uint8Array): void {
    const { height, lastHeaderHash } = this.#meta;
    if (blockNum !== height) throw new LedgerError(`channel ${this.name}: expected block ${height}, got ${blockNum}`);
    if (lastHeaderHash && !Buffer.from(lastHeaderHash).equals(previousHash)) {
      throw new LedgerError(
        `channel ${this.name}: block ${blockNum} does not follow block ${height - 1} (previous_hash mismatch)`,
      );
    }
  }

  #outcomes(blockNum: number, txs: readonly TxCommit[], count: number): Map<number, TxCommit> {
    const byNum = new Map<number, TxCommit>();
    for (const tx of txs) {
      if (!Number.isInteger(tx.txNum) || tx.txNum < 0 || tx.txNum >= count || byNum.has(tx.txNum)) {
        throw new LedgerError(`block ${blockNum}: invalid or repeated txNum ${tx.txNum} for ${count} transactions`);
      }
      byNum.set(tx.txNum, tx);
    }
    return byNum;
  }

  /** Index entries for IDs not indexed before, neither in earlier blocks nor earlier in this one. */
  #newTxIndexEntries(
    blockNum: number,
    txs: readonly TxCommit[],
  ): Array<{ txId: string; key: Buffer; location: TxLocation }> {
    const firsts = new Map<string, TxCommit>();
    for (const tx of txs) if (tx.txId !== '' && !firsts.has(tx.txId)) firsts.set(tx.txId, tx);
    return [...firsts.values()]
      .filter((tx) => !this.#txIds.has(tx.txId))
      .map((tx) => ({
        txId: tx.txId,
        key: this.#keys.txid(tx.txId),
        location: { blockNum, txNum: tx.txNum, validationCode: tx.validationCode },
      }));
  }
}
