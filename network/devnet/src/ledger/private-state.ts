import { ledger } from '@hyperledger/fabric-protos';
import type { ClassicLevel } from 'classic-level';
import type { StateUpdate } from '../block';
import { prefixEnd } from './key-layout';
import { PrivateCommit } from './private-commit';
import { PrivateKeyLayout, sha256 } from './private-key-layout';
import { decodeState } from './record-codec';
import type { TxCommit, Version, VersionedValue } from './types';

type Db = ClassicLevel<Buffer, Buffer>;
export type PrivateBatchOp = { type: 'put'; key: Buffer; value: Buffer } | { type: 'del'; key: Buffer };

/** Hashed state entry: SHA-256 of the value, the height of the transaction that wrote it, and its metadata. */
export interface HashedValue {
  readonly valueHash: Uint8Array;
  readonly version: Version;
  /** The private key's state metadata (key-level endorsement policy), serialized; absent: none. */
  readonly metadata?: Uint8Array;
}

/** What a block does to private data, ready to join the block's LevelDB batch. */
export interface PreparedPrivateCommit {
  readonly ops: PrivateBatchOp[];
  /** The block's hashed-state updates, for the commit hash (as Fabric, expiry deletions are not in it). */
  readonly hashedUpdates: StateUpdate[];
  /** True when a hashed key carries metadata after the block. */
  readonly hasMetadata: boolean;
  /** True when the block schedules a blockToLive expiry. */
  readonly schedulesExpiry: boolean;
}

const MAX_CONSISTENT_READ_ATTEMPTS = 3;

/**
 * The private data part of a channel's ledger: the hashed state every peer holds, and per member org its
 * plaintext state and its private write sets by block (the data Deliver with private data sends). Plaintext of
 * an org is written only under that org's keys, so an org that is not a member of a collection never holds it.
 * Expiry (blockToLive) and purges remove plaintext from state and from the stored write sets, and the key from
 * the hashed state, in the same batch as the block that triggers them.
 */
export class PrivateState {
  readonly #db: Db;
  readonly #keys: PrivateKeyLayout;
  /** Odd while a block batch is being written; reads spanning a change retry. */
  #generation = 0;
  /**
   * Whether any blockToLive expiry may be scheduled, learnt from the store at the first commit and set once a
   * block schedules one. Without any, a block commit need not look its height up in the expiry schedules: two
   * LevelDB iterators per block, most of a block's storage reads for a channel without private data.
   */
  #expiriesScheduled: Promise<boolean> | undefined;

  constructor(db: Db, channel: string) {
    this.#db = db;
    this.#keys = new PrivateKeyLayout(channel);
  }

  async getHashed(namespace: string, collection: string, keyHash: Uint8Array): Promise<HashedValue | undefined> {
    const record = await this.#db.get(this.#keys.hashedState(namespace, collection, keyHash));
    if (!record) return undefined;
    const { value, version, metadata } = decodeState(record);
    return { valueHash: value, version, ...(metadata ? { metadata } : {}) };
  }

  /** The plaintext an org's store holds for a key, if any. */
  async getPrivate(
    mspId: string,
    namespace: string,
    collection: string,
    key: string,
  ): Promise<VersionedValue | undefined> {
    const record = await this.#db.get(this.#keys.privateState(mspId, namespace, collection, key));
    return record ? decodeState(record) : undefined;
  }

  /**
   * An org's plaintext of a key together with the version of its hash, read without a block commit between the
   * two (as Fabric simulates under its commit lock), so they disagree only when the org truly lacks the data.
   */
  async getPrivateWithHashVersion(
    mspId: string,
    namespace: string,
    collection: string,
    key: string,
  ): Promise<{ value?: VersionedValue; hashVersion?: Version }> {
    const keyHash = sha256(key);
    for (let attempt = 1; ; attempt++) {
      const generation = this.#generation;
      const [value, hashed] = await Promise.all([
        this.getPrivate(mspId, namespace, collection, key),
        this.getHashed(namespace, collection, keyHash),
      ]);
      const stable = generation % 2 === 0 && generation === this.#generation;
      if (stable || attempt === MAX_CONSISTENT_READ_ATTEMPTS) return { value, hashVersion: hashed?.version };
    }
  }

  /**
   * An org's plaintext keys of one collection in UTF-8 byte order from `startKey` (inclusive) to `endKey`
   * (exclusive; '' = to the end), from one LevelDB snapshot.
   */
  async *privateRange(
    mspId: string,
    namespace: string,
    collection: string,
    startKey: string,
    endKey: string,
    limit?: number,
  ): AsyncIterable<{ key: string; value: Uint8Array; version: Version }> {
    const range = this.#keys.privateRange(mspId, namespace, collection, startKey, endKey);
    if (Buffer.compare(range.gte, range.lt) >= 0) return;
    for await (const [key, record] of this.#db.iterator({ gte: range.gte, lt: range.lt, limit: limit ?? Infinity })) {
      const { value, version } = decodeState(record);
      yield { key: key.toString('utf8', range.keyOffset), value, version };
    }
  }

  /**
   * The private write sets an org's store holds for a block, by transaction number: only collections the org is
   * a member of, without expired or purged data.
   */
  async blockPrivateData(mspId: string, blockNum: number): Promise<Map<number, ledger.rwset.TxPvtReadWriteSet>> {
    const prefix = this.#keys.blockDataPrefix(mspId, blockNum);
    const byTx = new Map<number, Map<string, ledger.rwset.NsPvtReadWriteSet>>();
    for await (const [key, rwset] of this.#db.iterator({ gte: prefix, lt: prefixEnd(prefix) })) {
      const { txNum, namespace, collection } = this.#keys.parseBlockData(key, prefix.length);
      let namespaces = byTx.get(txNum);
      if (!namespaces) byTx.set(txNum, (namespaces = new Map()));
      let ns = namespaces.get(namespace);
      if (!ns) {
        ns = new ledger.rwset.NsPvtReadWriteSet();
        ns.setNamespace(namespace);
        namespaces.set(namespace, ns);
      }
      const coll = new ledger.rwset.CollectionPvtReadWriteSet();
      coll.setCollectionName(collection);
      coll.setRwset(rwset);
      ns.addCollectionPvtRwset(coll);
    }
    const result = new Map<number, ledger.rwset.TxPvtReadWriteSet>();
    for (const [txNum, namespaces] of byTx) {
      const tx = new ledger.rwset.TxPvtReadWriteSet();
      tx.setDataModel(ledger.rwset.TxReadWriteSet.DataModel.KV);
      tx.setNsPvtRwsetList([...namespaces.values()]);
      result.set(txNum, tx);
    }
    return result;
  }

  /** Brackets the LevelDB batch of a block commit (see {@link getPrivateWithHashVersion}). */
  beginWrite(): void {
    this.#generation++;
  }

  endWrite(): void {
    this.#generation++;
  }

  /**
   * Turns a block's valid private writes into LevelDB operations: hashed and plaintext state, stored write sets,
   * purges of earlier versions, and the expiries this block triggers or schedules. `metadataPossible`: whether any
   * key may already carry metadata (else value writes need no look-up to keep it).
   */
  async prepareCommit(
    blockNum: number,
    txs: readonly TxCommit[],
    metadataPossible = true,
  ): Promise<PreparedPrivateCommit> {
    this.#expiriesScheduled ??= this.#anyExpiryStored();
    const prepared = await new PrivateCommit(this.#db, this.#keys, this).prepare(blockNum, txs, metadataPossible, {
      expiriesPossible: await this.#expiriesScheduled,
    });
    if (prepared.schedulesExpiry) this.#expiriesScheduled = Promise.resolve(true);
    return prepared;
  }

  async #anyExpiryStored(): Promise<boolean> {
    for (const section of this.#keys.expirySections()) {
      for await (const _ of this.#db.keys({ gte: section, lt: prefixEnd(section), limit: 1 })) return true;
    }
    return false;
  }
}
