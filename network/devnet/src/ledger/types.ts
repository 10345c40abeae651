/** Height of the transaction that last wrote a key: Fabric's version.Height. */
export interface Version {
  readonly blockNum: number;
  readonly txNum: number;
}

export interface VersionedValue {
  readonly value: Uint8Array;
  readonly version: Version;
  /** The key's state metadata (a serialized KVMetadataWrite without key, as Fabric stores it); absent: none. */
  readonly metadata?: Uint8Array;
}

/** One entry of a transaction's write set. Fabric treats an empty value as a delete. */
export interface KeyWrite {
  readonly namespace: string;
  readonly key: string;
  readonly isDelete: boolean;
  readonly value?: Uint8Array;
}

/**
 * A transaction's metadata write (KVRWSet.metadata_writes): replaces the key's metadata with `metadata` (serialized
 * entries), or removes it when `metadata` is absent. A key that does not exist stays absent, as in Fabric.
 */
export interface KeyMetadataWrite {
  readonly namespace: string;
  readonly key: string;
  readonly metadata?: Uint8Array;
}

export interface TxTimestamp {
  readonly seconds: number;
  readonly nanos: number;
}

/** What the committer decided about one transaction of a block. */
export interface TxCommit {
  readonly txId: string;
  /** Position of the transaction in the block. */
  readonly txNum: number;
  /** peer.TxValidationCode; writes apply only when VALID (0). */
  readonly validationCode: number;
  /** The transaction's channel header timestamp (reported by history queries). */
  readonly timestamp: TxTimestamp;
  readonly writes: readonly KeyWrite[];
  readonly metadataWrites?: readonly KeyMetadataWrite[];
  /** Hashed writes to private data collections, as the block carries them. */
  readonly hashedWrites?: readonly CollectionHashedWrites[];
  /** Plaintext private write sets each member org's store takes (already checked against the block's hashes). */
  readonly privateWrites?: readonly OrgPrivateWrites[];
}

/** One write of a hashed write set: SHA-256 of the key and of the value. */
export interface HashedWrite {
  readonly keyHash: Uint8Array;
  /** Absent for deletes and purges. */
  readonly valueHash?: Uint8Array;
  readonly isDelete: boolean;
  /** PURGE_PRIVATE_DATA: also removes every earlier version of the key from the member orgs' stores. */
  readonly isPurge: boolean;
}

/**
 * A metadata write to a hashed key (HashedRWSet.metadata_writes): replaces the key's metadata with `metadata`
 * (serialized entries), or removes it when absent. Fabric keeps private keys' metadata on the hashed key only.
 */
export interface HashedMetadataWrite {
  readonly keyHash: Uint8Array;
  readonly metadata?: Uint8Array;
}

/** The hashed writes a transaction made to one collection. */
export interface CollectionHashedWrites {
  readonly namespace: string;
  readonly collection: string;
  /** The collection's blockToLive (0: never expires). */
  readonly blockToLive: number;
  readonly writes: readonly HashedWrite[];
  readonly metadataWrites?: readonly HashedMetadataWrite[];
}

/** One member org's plaintext of one collection written by a transaction. */
export interface OrgPrivateWrites {
  readonly mspId: string;
  readonly namespace: string;
  readonly collection: string;
  readonly blockToLive: number;
  /** The collection's serialized KVRWSet: the bytes whose SHA-256 the block carries as pvt_rwset_hash. */
  readonly rwset: Uint8Array;
}

export interface StateEntry {
  readonly key: string;
  readonly value: Uint8Array;
  readonly version: Version;
}

/** One modification of a key, as GetHistoryForKey reports it. */
export interface KeyModification {
  readonly txId: string;
  readonly value: Uint8Array;
  readonly isDelete: boolean;
  readonly timestamp: TxTimestamp;
  readonly blockNum: number;
  readonly txNum: number;
}

export interface TxLocation {
  readonly blockNum: number;
  readonly txNum: number;
  readonly validationCode: number;
}

/** peer.TxValidationCode.VALID */
export const VALID = 0;

/** Fabric's rule (rwsetutil.IsKVWriteDelete): a write without a value deletes the key. */
export function isDeleteWrite(write: KeyWrite): boolean {
  return write.isDelete || !write.value || write.value.length === 0;
}
