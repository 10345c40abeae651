import { ledger } from '@hyperledger/fabric-protos';
import type { ClassicLevel } from 'classic-level';
import type { StateUpdate } from '../block';
import { prefixEnd, readUint64, uint64 } from './key-layout';
import { sha256, type PrivateKeyLayout } from './private-key-layout';
import type { PreparedPrivateCommit, PrivateBatchOp, PrivateState } from './private-state';
import { encodeState } from './record-codec';
import { VALID, type TxCommit, type Version } from './types';
import { decode } from '../wire';

const EMPTY_VALUE_HASH = sha256(new Uint8Array(0));

interface HashedUpdate {
  readonly namespace: string;
  readonly collection: string;
  readonly keyHash: Buffer;
  readonly valueHash?: Buffer;
  readonly version: Version;
  readonly blockToLive: number;
}

interface PrivateUpdate {
  readonly key: Buffer;
  /** Undefined: delete. */
  value?: Buffer;
  readonly version: Version;
}

interface BlockRecord {
  readonly key: Buffer;
  readonly kv: ledger.rwset.kvrwset.KVRWSet;
}

/**
 * The private data part of one block commit (see {@link PrivateState.prepareCommit}): collects the block's
 * hashed and plaintext writes, applies purges to them and to earlier blocks' write sets, and expires what the
 * block's height ends. Reads go to committed state only; nothing is written until the caller's batch.
 */
export class PrivateCommit {
  readonly #db: ClassicLevel<Buffer, Buffer>;
  readonly #keys: PrivateKeyLayout;
  readonly #state: Pick<PrivateState, 'getHashed' | 'getPrivate'>;

  constructor(
    db: ClassicLevel<Buffer, Buffer>,
    keys: PrivateKeyLayout,
    state: Pick<PrivateState, 'getHashed' | 'getPrivate'>,
  ) {
    this.#db = db;
    this.#keys = keys;
    this.#state = state;
  }

  /**
   * Turns a block's valid private writes into LevelDB operations: hashed and plaintext state, stored write sets,
   * purges of earlier versions, and the expiries this block triggers or schedules.
   */
  async prepare(blockNum: number, txs: readonly TxCommit[]): Promise<PreparedPrivateCommit> {
    const ops = new Map<string, PrivateBatchOp>();
    const put = (key: Buffer, value: Buffer): void => void ops.set(key.toString('latin1'), { type: 'put', key, value });
    const del = (key: Buffer): void => void ops.set(key.toString('latin1'), { type: 'del', key });
    const valid = txs.filter((tx) => tx.validationCode === VALID).sort((a, b) => a.txNum - b.txNum);

    // The last valid write of each hashed key wins, as for public state.
    const hashed = new Map<string, HashedUpdate>();
    const purges: Array<{ namespace: string; collection: string; keyHash: Buffer; version: Version }> = [];
    for (const tx of valid) {
      const version = { blockNum, txNum: tx.txNum };
      for (const group of tx.hashedWrites ?? []) {
        for (const write of group.writes) {
          const keyHash = Buffer.from(write.keyHash);
          const isDelete =
            write.isDelete ||
            !write.valueHash ||
            write.valueHash.length === 0 ||
            EMPTY_VALUE_HASH.equals(write.valueHash);
          const key = this.#keys.hashedState(group.namespace, group.collection, keyHash);
          hashed.set(key.toString('latin1'), {
            namespace: group.namespace,
            collection: group.collection,
            keyHash,
            ...(isDelete ? {} : { valueHash: Buffer.from(write.valueHash!) }),
            version,
            blockToLive: group.blockToLive,
          });
          if (write.isPurge)
            purges.push({ namespace: group.namespace, collection: group.collection, keyHash, version });
        }
      }
    }

    // Each member org's plaintext: state, the write set by block, an index by key hash, and its expiry.
    const privateUpdates = new Map<string, PrivateUpdate>();
    const records = new Map<string, BlockRecord>();
    const indexEntries = new Map<string, { key: Buffer; plainKey: string; txNum: number }>();
    for (const tx of valid) {
      const version = { blockNum, txNum: tx.txNum };
      for (const data of tx.privateWrites ?? []) {
        const kv = decode(ledger.rwset.kvrwset.KVRWSet, data.rwset);
        const recordKey = this.#keys.blockData(data.mspId, blockNum, tx.txNum, data.namespace, data.collection);
        records.set(recordKey.toString('latin1'), { key: recordKey, kv });
        for (const write of kv.getWritesList()) {
          const plainKey = write.getKey();
          const value = write.getValue_asU8();
          const isDelete = write.getIsDelete() || value.length === 0;
          const stateKey = this.#keys.privateState(data.mspId, data.namespace, data.collection, plainKey);
          privateUpdates.set(stateKey.toString('latin1'), {
            key: stateKey,
            ...(isDelete ? {} : { value: Buffer.from(value) }),
            version,
          });
          const indexKey = this.#keys.keyIndex(
            data.namespace,
            data.collection,
            sha256(plainKey),
            data.mspId,
            blockNum,
            tx.txNum,
          );
          indexEntries.set(indexKey.toString('latin1'), { key: indexKey, plainKey, txNum: tx.txNum });
        }
        if (data.blockToLive > 0) {
          const expiry = this.#keys.privateExpiry(blockNum + data.blockToLive + 1, {
            mspId: data.mspId,
            blockNum,
            txNum: tx.txNum,
            namespace: data.namespace,
            collection: data.collection,
          });
          put(expiry, Buffer.alloc(0));
        }
      }
    }

    const rewrites = new Map<string, BlockRecord>();
    for (const purge of purges) {
      await this.#purge(purge, blockNum, { privateUpdates, records, indexEntries, rewrites }, del);
    }
    await this.#expireHashed(blockNum, hashed, del);
    await this.#expirePrivate(blockNum, privateUpdates, rewrites, del);

    for (const record of rewrites.values()) {
      if (record.kv.getWritesList().length === 0) del(record.key);
      else put(record.key, Buffer.from(record.kv.serializeBinary()));
    }
    const hashedUpdates: StateUpdate[] = [];
    for (const [id, update] of hashed) {
      const key = Buffer.from(id, 'latin1');
      if (update.valueHash) put(key, encodeState(update.valueHash, update.version));
      else del(key);
      hashedUpdates.push({
        namespace: update.namespace,
        collection: update.collection,
        key: update.keyHash,
        isDelete: !update.valueHash,
        value: update.valueHash,
        version: update.version,
      });
      if (update.valueHash && update.blockToLive > 0) {
        const expiryBlock = blockNum + update.blockToLive + 1;
        put(
          this.#keys.hashedExpiry(expiryBlock, update.namespace, update.collection, update.keyHash),
          uint64(blockNum),
        );
      }
    }
    for (const update of privateUpdates.values()) {
      if (update.value) put(update.key, encodeState(update.value, update.version));
      else del(update.key);
    }
    for (const record of records.values()) {
      if (record.kv.getWritesList().length === 0) del(record.key);
      else put(record.key, Buffer.from(record.kv.serializeBinary()));
    }
    for (const entry of indexEntries.values()) put(entry.key, Buffer.from(entry.plainKey, 'utf8'));
    return { ops: [...ops.values()], hashedUpdates };
  }

  /**
   * PURGE_PRIVATE_DATA at `version`: every org drops the key's plaintext written at or before it, from state and
   * from its stored write sets (earlier blocks and this one), found through the key-hash index.
   */
  async #purge(
    purge: { namespace: string; collection: string; keyHash: Buffer; version: Version },
    blockNum: number,
    current: {
      privateUpdates: Map<string, PrivateUpdate>;
      records: Map<string, BlockRecord>;
      indexEntries: Map<string, { key: Buffer; plainKey: string; txNum: number }>;
      rewrites: Map<string, BlockRecord>;
    },
    del: (key: Buffer) => void,
  ): Promise<void> {
    const { namespace, collection, keyHash, version } = purge;
    const prefix = this.#keys.keyIndexPrefix(namespace, collection, keyHash);
    const found: Array<{ mspId: string; blockNum: number; txNum: number; plainKey: string; indexKey: Buffer }> = [];
    for await (const [indexKey, plainKey] of this.#db.iterator({ gte: prefix, lt: prefixEnd(prefix) })) {
      found.push({
        ...this.#keys.parseKeyIndex(indexKey, prefix.length),
        plainKey: plainKey.toString('utf8'),
        indexKey,
      });
    }
    for (const [id, entry] of current.indexEntries) {
      if (!id.startsWith(prefix.toString('latin1')) || entry.txNum > version.txNum) continue;
      found.push({
        ...this.#keys.parseKeyIndex(entry.key, prefix.length),
        plainKey: entry.plainKey,
        indexKey: entry.key,
      });
      current.indexEntries.delete(id);
    }
    for (const hit of found) {
      del(hit.indexKey);
      const recordKey = this.#keys.blockData(hit.mspId, hit.blockNum, hit.txNum, namespace, collection);
      const recordId = recordKey.toString('latin1');
      const record =
        hit.blockNum === blockNum
          ? current.records.get(recordId)
          : await this.#storedRecord(recordId, current.rewrites);
      if (record) record.kv.setWritesList(record.kv.getWritesList().filter((write) => write.getKey() !== hit.plainKey));
      const stateKey = this.#keys.privateState(hit.mspId, namespace, collection, hit.plainKey);
      const pending = current.privateUpdates.get(stateKey.toString('latin1'));
      if (pending && pending.version.txNum > version.txNum) continue; // written again after the purge
      if (pending) pending.value = undefined;
      else del(stateKey);
    }
  }

  /** A stored write set of an earlier block, loaded once for rewriting; undefined when already gone. */
  async #storedRecord(id: string, rewrites: Map<string, BlockRecord>): Promise<BlockRecord | undefined> {
    const loaded = rewrites.get(id);
    if (loaded) return loaded;
    const key = Buffer.from(id, 'latin1');
    const bytes = await this.#db.get(key);
    if (!bytes) return undefined;
    const record = { key, kv: decode(ledger.rwset.kvrwset.KVRWSet, bytes) };
    rewrites.set(id, record);
    return record;
  }

  /** Hashed keys whose blockToLive ends at this block go, unless written again since. */
  async #expireHashed(blockNum: number, updated: ReadonlyMap<string, HashedUpdate>, del: (key: Buffer) => void) {
    const prefix = this.#keys.hashedExpiryPrefix(blockNum);
    for await (const [scheduleKey, committingBlock] of this.#db.iterator({ gte: prefix, lt: prefixEnd(prefix) })) {
      del(scheduleKey);
      const { namespace, collection, keyHash } = this.#keys.parseHashedExpiry(scheduleKey, prefix.length);
      const stateKey = this.#keys.hashedState(namespace, collection, keyHash);
      if (updated.has(stateKey.toString('latin1'))) continue;
      const current = await this.#state.getHashed(namespace, collection, keyHash);
      if (current && current.version.blockNum === readUint64(committingBlock, 0)) del(stateKey);
    }
  }

  /** Write sets whose blockToLive ends at this block go from the org's store, with their still-current keys. */
  async #expirePrivate(
    blockNum: number,
    updated: ReadonlyMap<string, PrivateUpdate>,
    rewrites: Map<string, BlockRecord>,
    del: (key: Buffer) => void,
  ): Promise<void> {
    const prefix = this.#keys.privateExpiryPrefix(blockNum);
    for await (const [scheduleKey] of this.#db.iterator({ gte: prefix, lt: prefixEnd(prefix) })) {
      del(scheduleKey);
      const entry = this.#keys.parsePrivateExpiry(scheduleKey, prefix.length);
      const { mspId, namespace, collection } = entry;
      const recordKey = this.#keys.blockData(mspId, entry.blockNum, entry.txNum, namespace, collection);
      const record = await this.#storedRecord(recordKey.toString('latin1'), rewrites);
      rewrites.delete(recordKey.toString('latin1'));
      del(recordKey);
      for (const write of record?.kv.getWritesList() ?? []) {
        const plainKey = write.getKey();
        del(this.#keys.keyIndex(namespace, collection, sha256(plainKey), mspId, entry.blockNum, entry.txNum));
        const stateKey = this.#keys.privateState(mspId, namespace, collection, plainKey);
        if (updated.has(stateKey.toString('latin1'))) continue;
        const current = await this.#state.getPrivate(mspId, namespace, collection, plainKey);
        if (current && current.version.blockNum === entry.blockNum) del(stateKey);
      }
    }
  }
}
