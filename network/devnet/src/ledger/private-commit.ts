import { ledger } from '@hyperledger/fabric-protos';
import type { ClassicLevel } from 'classic-level';
import type { StateUpdate } from '../block';
import { collectHashedUpdates, hashedKeysToLookUp, type CommittedHashed, type HashedUpdate } from './hashed-updates';
import { prefixEnd, readUint64, uint64 } from './key-layout';
import { sha256, type PrivateKeyLayout } from './private-key-layout';
import type { PreparedPrivateCommit, PrivateBatchOp, PrivateState } from './private-state';
import { encodeState } from './record-codec';
import { VALID, type TxCommit, type Version } from './types';
import { decode } from '../wire';

type KVRWSet = ledger.rwset.kvrwset.KVRWSet;

interface PrivateUpdate {
  readonly key: Buffer;
  /** Undefined: delete. */
  value?: Buffer;
  readonly version: Version;
}

interface BlockRecord {
  readonly key: Buffer;
  readonly kv: KVRWSet;
}

/** An org's plaintext key given metadata by a transaction of the block (its private write set names it). */
interface MetadataKey {
  readonly mspId: string;
  readonly namespace: string;
  readonly collection: string;
  readonly plainKey: string;
}

/** The plaintext keys a stored write set names: written, deleted, or given metadata. */
function recordKeys(kv: KVRWSet): string[] {
  return [...kv.getWritesList(), ...kv.getMetadataWritesList()].map((write) => write.getKey());
}

function withoutKey(kv: KVRWSet, plainKey: string): void {
  kv.setWritesList(kv.getWritesList().filter((write) => write.getKey() !== plainKey));
  kv.setMetadataWritesList(kv.getMetadataWritesList().filter((write) => write.getKey() !== plainKey));
}

function isEmptyRecord(kv: KVRWSet): boolean {
  return kv.getWritesList().length === 0 && kv.getMetadataWritesList().length === 0;
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
  async prepare(
    blockNum: number,
    txs: readonly TxCommit[],
    metadataPossible: boolean,
    { expiriesPossible }: { expiriesPossible: boolean },
  ): Promise<PreparedPrivateCommit> {
    const ops = new Map<string, PrivateBatchOp>();
    let schedulesExpiry = false;
    const put = (key: Buffer, value: Buffer): void => void ops.set(key.toString('latin1'), { type: 'put', key, value });
    const schedule = (key: Buffer, value: Buffer): void => {
      schedulesExpiry = true;
      put(key, value);
    };
    const del = (key: Buffer): void => void ops.set(key.toString('latin1'), { type: 'del', key });
    const valid = txs.filter((tx) => tx.validationCode === VALID).sort((a, b) => a.txNum - b.txNum);

    // The last valid write of each hashed key wins, merged with metadata as for public state.
    const idOf = (namespace: string, collection: string, keyHash: Uint8Array): string =>
      this.#keys.hashedState(namespace, collection, keyHash).toString('latin1');
    const lookUp = hashedKeysToLookUp(valid, idOf, metadataPossible);
    const committed = new Map<string, CommittedHashed | undefined>();
    await Promise.all(
      [...lookUp].map(async ([id, ref]) => {
        committed.set(id, await this.#state.getHashed(ref.namespace, ref.collection, ref.keyHash));
      }),
    );
    const { updates: hashed, purges } = collectHashedUpdates(blockNum, valid, idOf, (id) => committed.get(id));

    // Each member org's plaintext: state, the write set by block, an index by key hash, and its expiry.
    const privateUpdates = new Map<string, PrivateUpdate>();
    const records = new Map<string, BlockRecord>();
    const indexEntries = new Map<string, { key: Buffer; plainKey: string; txNum: number }>();
    const metadataKeys = new Map<string, MetadataKey>();
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
        }
        for (const write of kv.getMetadataWritesList()) {
          const plainKey = write.getKey();
          const stateKey = this.#keys.privateState(data.mspId, data.namespace, data.collection, plainKey);
          const { mspId, namespace, collection } = data;
          metadataKeys.set(stateKey.toString('latin1'), { mspId, namespace, collection, plainKey });
        }
        for (const plainKey of recordKeys(kv)) {
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
          schedule(expiry, Buffer.alloc(0));
        }
      }
    }

    await this.#renewPlaintextVersions(metadataKeys, hashed, privateUpdates, idOf);

    const rewrites = new Map<string, BlockRecord>();
    for (const purge of purges) {
      await this.#purge(purge, blockNum, { privateUpdates, records, indexEntries, rewrites }, del);
    }
    if (expiriesPossible) {
      await this.#expireHashed(blockNum, hashed, del);
      await this.#expirePrivate(blockNum, privateUpdates, rewrites, del);
    }

    for (const record of rewrites.values()) {
      if (isEmptyRecord(record.kv)) del(record.key);
      else put(record.key, Buffer.from(record.kv.serializeBinary()));
    }
    const hashedUpdates: StateUpdate[] = [];
    let hasMetadata = false;
    for (const [id, update] of hashed) {
      const key = Buffer.from(id, 'latin1');
      if (update.valueHash) put(key, encodeState(update.valueHash, update.version, update.metadata));
      else del(key);
      if (update.metadata) hasMetadata = true;
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
        schedule(
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
      if (isEmptyRecord(record.kv)) del(record.key);
      else put(record.key, Buffer.from(record.kv.serializeBinary()));
    }
    for (const entry of indexEntries.values()) put(entry.key, Buffer.from(entry.plainKey, 'utf8'));
    return { ops: [...ops.values()], hashedUpdates, hasMetadata, schedulesExpiry };
  }

  /**
   * Fabric's incrementPvtdataVersionIfNeeded: a metadata-only write gives the hashed key a new version, so each
   * member org's plaintext of it moves to that version too (else its reads would see stale data), provided the
   * plaintext is the value the hash stands for.
   */
  async #renewPlaintextVersions(
    metadataKeys: ReadonlyMap<string, MetadataKey>,
    hashed: ReadonlyMap<string, HashedUpdate>,
    privateUpdates: Map<string, PrivateUpdate>,
    idOf: (namespace: string, collection: string, keyHash: Uint8Array) => string,
  ): Promise<void> {
    for (const [id, { mspId, namespace, collection, plainKey }] of metadataKeys) {
      const update = hashed.get(idOf(namespace, collection, sha256(plainKey)));
      if (!update?.valueHash) continue; // deleted, or metadata of a key that does not exist
      const pending = privateUpdates.get(id);
      const latest = pending
        ? pending.value && { value: pending.value, version: pending.version }
        : await this.#state.getPrivate(mspId, namespace, collection, plainKey);
      if (!latest) continue; // this org lacks the data, as a Fabric peer committing with missing private data
      if (latest.version.blockNum === update.version.blockNum && latest.version.txNum === update.version.txNum)
        continue;
      if (!sha256(latest.value).equals(update.valueHash)) continue;
      privateUpdates.set(id, {
        key: Buffer.from(id, 'latin1'),
        value: Buffer.from(latest.value),
        version: update.version,
      });
    }
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
      if (record) withoutKey(record.kv, hit.plainKey);
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
      for (const plainKey of new Set(record ? recordKeys(record.kv) : [])) {
        del(this.#keys.keyIndex(namespace, collection, sha256(plainKey), mspId, entry.blockNum, entry.txNum));
        const stateKey = this.#keys.privateState(mspId, namespace, collection, plainKey);
        if (updated.has(stateKey.toString('latin1'))) continue;
        const current = await this.#state.getPrivate(mspId, namespace, collection, plainKey);
        if (current && current.version.blockNum === entry.blockNum) del(stateKey);
      }
    }
  }
}
