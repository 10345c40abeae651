import { createHash } from 'node:crypto';
import { ledger } from '@hyperledger/fabric-protos';
import type { Version } from '../ledger';
import { compareUtf8 } from '../ledger/utf8-order';
import { metadataEntries } from '../ledger/state-metadata';
import { kvWrites } from './kv-writes';

const { kvrwset } = ledger.rwset;

interface PrivateWrite {
  readonly value?: Uint8Array;
  readonly isDelete: boolean;
  readonly isPurge: boolean;
}

interface CollectionRwSet {
  readonly reads: Map<string, Version | null>;
  readonly writes: Map<string, PrivateWrite>;
  /** Key -> its new metadata entries (name -> value); an empty map removes the key's metadata. */
  readonly metadataWrites: Map<string, ReadonlyMap<string, Uint8Array>>;
}

function sha256(data: Uint8Array | string): Uint8Array {
  return createHash('sha256').update(data).digest();
}

function toProtoVersion(version: Version): ledger.rwset.kvrwset.Version {
  const proto = new kvrwset.Version();
  proto.setBlockNum(version.blockNum);
  proto.setTxNum(version.txNum);
  return proto;
}

/**
 * A transaction's private data as Fabric's RWSetBuilder keeps it: per namespace and collection the hashed reads
 * (key hash and version), the writes (plaintext for the private write set, hashes for the block), the metadata
 * writes (entries under the key hash in the block; the bare key in the private write set), and which
 * collections were read in plaintext. Collections, keys and namespaces come out sorted by UTF-8 bytes; each
 * collection's pvt_rwset_hash is SHA-256 of exactly the KVRWSet bytes the private write set carries.
 */
export class PrivateRwSetBuilder {
  readonly #namespaces = new Map<string, Map<string, CollectionRwSet>>();
  readonly #plaintextReads = new Set<string>();
  /** Serialized private KVRWSet per `${ns}\0${coll}`, computed once so hash and payload agree. */
  #pvtBytes: Map<string, Uint8Array> | undefined;

  addHashedRead(ns: string, coll: string, key: string, version: Version | undefined): void {
    const reads = this.#collection(ns, coll).reads;
    if (!reads.has(key)) reads.set(key, version ?? null);
  }

  /** A GetPrivateData read: the hashed read plus a note that plaintext of the collection was read. */
  addPlaintextRead(ns: string, coll: string, key: string, version: Version | undefined): void {
    this.addHashedRead(ns, coll, key, version);
    this.#plaintextReads.add(`${ns}\0${coll}`);
  }

  addWrite(ns: string, coll: string, key: string, value: Uint8Array | undefined): void {
    const isDelete = !value || value.length === 0;
    this.#collection(ns, coll).writes.set(key, { ...(isDelete ? {} : { value }), isDelete, isPurge: false });
  }

  addPurge(ns: string, coll: string, key: string): void {
    this.#collection(ns, coll).writes.set(key, { isDelete: true, isPurge: true });
  }

  /** SetPrivateDataMetadata: replaces the key's metadata with `entries`, as the last call for a key does. */
  addMetadataWrite(ns: string, coll: string, key: string, entries: ReadonlyMap<string, Uint8Array>): void {
    this.#collection(ns, coll).metadataWrites.set(key, entries);
  }

  namespaces(): string[] {
    return [...this.#namespaces.keys()];
  }

  /** Collections of `ns` touched in any way, sorted. */
  collections(ns: string): string[] {
    return [...(this.#namespaces.get(ns)?.keys() ?? [])].sort(compareUtf8);
  }

  /** Plaintext keys of a collection the transaction writes, deletes, purges or gives metadata. */
  writtenKeys(ns: string, coll: string): string[] {
    const entry = this.#namespaces.get(ns)?.get(coll);
    return entry ? [...new Set([...entry.writes.keys(), ...entry.metadataWrites.keys()])] : [];
  }

  readPlaintext(ns: string, coll: string): boolean {
    return this.#plaintextReads.has(`${ns}\0${coll}`);
  }

  /** The collection_hashed_rwset entries of a namespace in the public read-write set. */
  hashedRwSets(ns: string): ledger.rwset.CollectionHashedReadWriteSet[] {
    const collections = this.#namespaces.get(ns);
    if (!collections) return [];
    const pvtBytes = this.#privateBytes();
    return this.collections(ns).map((coll) => {
      const entry = collections.get(coll)!;
      const hashed = new kvrwset.HashedRWSet();
      hashed.setHashedReadsList(
        [...entry.reads.keys()].sort(compareUtf8).map((key) => {
          const read = new kvrwset.KVReadHash();
          read.setKeyHash(sha256(key));
          const version = entry.reads.get(key);
          if (version) read.setVersion(toProtoVersion(version));
          return read;
        }),
      );
      hashed.setHashedWritesList(
        [...entry.writes.keys()].sort(compareUtf8).map((key) => {
          const write = entry.writes.get(key)!;
          const hash = new kvrwset.KVWriteHash();
          hash.setKeyHash(sha256(key));
          hash.setIsDelete(write.isDelete);
          if (write.value) hash.setValueHash(sha256(write.value));
          hash.setIsPurge(write.isPurge);
          return hash;
        }),
      );
      hashed.setMetadataWritesList(
        [...entry.metadataWrites.keys()].sort(compareUtf8).map((key) => {
          const write = new kvrwset.KVMetadataWriteHash();
          write.setKeyHash(sha256(key));
          write.setEntriesList(metadataEntries(entry.metadataWrites.get(key)!));
          return write;
        }),
      );
      const set = new ledger.rwset.CollectionHashedReadWriteSet();
      set.setCollectionName(coll);
      set.setHashedRwset(hashed.serializeBinary());
      const bytes = pvtBytes.get(`${ns}\0${coll}`);
      if (bytes) set.setPvtRwsetHash(sha256(bytes));
      return set;
    });
  }

  /** The private write set (plaintext writes only), or undefined when the transaction wrote no private data. */
  toTxPvtReadWriteSet(): ledger.rwset.TxPvtReadWriteSet | undefined {
    const pvtBytes = this.#privateBytes();
    if (pvtBytes.size === 0) return undefined;
    const tx = new ledger.rwset.TxPvtReadWriteSet();
    tx.setDataModel(ledger.rwset.TxReadWriteSet.DataModel.KV);
    for (const ns of this.namespaces().sort(compareUtf8)) {
      const collections = this.collections(ns).filter((coll) => pvtBytes.has(`${ns}\0${coll}`));
      if (collections.length === 0) continue;
      const nsSet = new ledger.rwset.NsPvtReadWriteSet();
      nsSet.setNamespace(ns);
      nsSet.setCollectionPvtRwsetList(
        collections.map((coll) => {
          const collSet = new ledger.rwset.CollectionPvtReadWriteSet();
          collSet.setCollectionName(coll);
          collSet.setRwset(pvtBytes.get(`${ns}\0${coll}`)!);
          return collSet;
        }),
      );
      tx.addNsPvtRwset(nsSet);
    }
    return tx;
  }

  #privateBytes(): Map<string, Uint8Array> {
    if (this.#pvtBytes) return this.#pvtBytes;
    const result = new Map<string, Uint8Array>();
    for (const [ns, collections] of this.#namespaces) {
      for (const [coll, entry] of collections) {
        if (entry.writes.size === 0 && entry.metadataWrites.size === 0) continue;
        const kv = new kvrwset.KVRWSet();
        kv.setWritesList(kvWrites(entry.writes));
        // Fabric's private write set names the key without the entries: they live on the hashed key only, and
        // the name is what lets member orgs move their plaintext to the key's new version.
        kv.setMetadataWritesList(
          [...entry.metadataWrites.keys()].sort(compareUtf8).map((key) => {
            const write = new kvrwset.KVMetadataWrite();
            write.setKey(key);
            return write;
          }),
        );
        result.set(`${ns}\0${coll}`, kv.serializeBinary());
      }
    }
    this.#pvtBytes = result;
    return result;
  }

  #collection(ns: string, coll: string): CollectionRwSet {
    if (this.#pvtBytes) throw new Error('the private read-write set is already built');
    let collections = this.#namespaces.get(ns);
    if (!collections) this.#namespaces.set(ns, (collections = new Map()));
    let entry = collections.get(coll);
    if (!entry) collections.set(coll, (entry = { reads: new Map(), writes: new Map(), metadataWrites: new Map() }));
    return entry;
  }
}
