import { sha256 } from './private-key-layout';
import type { TxCommit, Version } from './types';

const EMPTY_VALUE_HASH = sha256(new Uint8Array(0));

/** A hashed key: namespace, collection and SHA-256 of the key. */
export interface HashedKeyRef {
  readonly namespace: string;
  readonly collection: string;
  readonly keyHash: Buffer;
}

/** A hashed key's entry as the block starts. */
export interface CommittedHashed {
  readonly valueHash: Uint8Array;
  readonly metadata?: Uint8Array;
}

/** The final effect of a block on one hashed key. */
export interface HashedUpdate extends HashedKeyRef {
  /** Absent: the key is deleted, and its metadata with it. */
  readonly valueHash?: Buffer;
  /** The key's metadata after the block (serialized); absent: none. */
  readonly metadata?: Uint8Array;
  readonly version: Version;
  readonly blockToLive: number;
}

/** A PURGE_PRIVATE_DATA write of a valid transaction. */
export interface HashedPurge extends HashedKeyRef {
  readonly version: Version;
}

/** Map key of a hashed key; the caller's choice, as long as distinct keys get distinct IDs. */
export type HashedKeyId = (namespace: string, collection: string, keyHash: Uint8Array) => string;

interface KeyOps {
  readonly ref: HashedKeyRef;
  readonly blockToLive: number;
  isDelete: boolean;
  valueHash?: Buffer;
  setsMetadata: boolean;
  metadata?: Uint8Array;
}

/**
 * The hashed keys whose committed entry {@link collectHashedUpdates} needs: those given metadata (their value hash
 * is kept) and, once any key may carry metadata, those written (their metadata is kept).
 */
export function hashedKeysToLookUp(
  validTxs: readonly TxCommit[],
  idOf: HashedKeyId,
  metadataPossible: boolean,
): Map<string, HashedKeyRef> {
  const wanted = new Map<string, HashedKeyRef>();
  const want = (namespace: string, collection: string, keyHash: Uint8Array): void => {
    const id = idOf(namespace, collection, keyHash);
    if (!wanted.has(id)) wanted.set(id, { namespace, collection, keyHash: Buffer.from(keyHash) });
  };
  for (const tx of validTxs) {
    for (const group of tx.hashedWrites ?? []) {
      for (const write of group.metadataWrites ?? []) want(group.namespace, group.collection, write.keyHash);
      if (!metadataPossible) continue;
      for (const write of group.writes) want(group.namespace, group.collection, write.keyHash);
    }
  }
  return wanted;
}

/**
 * A block's effect on the hashed state, merged as Fabric's validator does for public keys (tx_ops.go), since hashed
 * keys carry private keys' metadata: a delete or purge drops value hash and metadata; a value write keeps the key's
 * latest metadata unless the same transaction sets it; a metadata-only write keeps the latest value hash under the
 * new version, and does nothing to a key that does not exist. "Latest" is this block's earlier updates, else
 * `committed`. `validTxs` must be the block's valid transactions in block order.
 */
export function collectHashedUpdates(
  blockNum: number,
  validTxs: readonly TxCommit[],
  idOf: HashedKeyId,
  committed: (id: string) => CommittedHashed | undefined,
): { updates: Map<string, HashedUpdate>; purges: HashedPurge[] } {
  const updates = new Map<string, HashedUpdate>();
  const purges: HashedPurge[] = [];
  const latest = (id: string): CommittedHashed | undefined => {
    const updated = updates.get(id);
    if (updated) return updated.valueHash ? { valueHash: updated.valueHash, metadata: updated.metadata } : undefined;
    return committed(id);
  };
  for (const tx of validTxs) {
    const version = { blockNum, txNum: tx.txNum };
    const ops = new Map<string, KeyOps>();
    const opsOf = (namespace: string, collection: string, keyHash: Uint8Array, blockToLive: number): KeyOps => {
      const id = idOf(namespace, collection, keyHash);
      let entry = ops.get(id);
      if (!entry) {
        entry = {
          ref: { namespace, collection, keyHash: Buffer.from(keyHash) },
          blockToLive,
          isDelete: false,
          setsMetadata: false,
        };
        ops.set(id, entry);
      }
      return entry;
    };
    for (const group of tx.hashedWrites ?? []) {
      const { namespace, collection, blockToLive } = group;
      for (const write of group.writes) {
        const entry = opsOf(namespace, collection, write.keyHash, blockToLive);
        entry.isDelete =
          write.isDelete ||
          !write.valueHash ||
          write.valueHash.length === 0 ||
          EMPTY_VALUE_HASH.equals(write.valueHash);
        entry.valueHash = entry.isDelete ? undefined : Buffer.from(write.valueHash!);
        if (write.isPurge) purges.push({ ...entry.ref, version });
      }
      for (const write of group.metadataWrites ?? []) {
        const entry = opsOf(namespace, collection, write.keyHash, blockToLive);
        entry.setsMetadata = true;
        entry.metadata = write.metadata && write.metadata.length > 0 ? Uint8Array.from(write.metadata) : undefined;
      }
    }
    for (const [id, entry] of ops) {
      const { ref, blockToLive } = entry;
      if (entry.isDelete) {
        updates.set(id, { ...ref, version, blockToLive });
        continue;
      }
      let { valueHash, metadata } = entry;
      if (valueHash === undefined) {
        const current = latest(id);
        if (!current) continue; // metadata for a key that does not exist: nothing to keep it on
        valueHash = Buffer.from(current.valueHash);
      } else if (!entry.setsMetadata) {
        metadata = latest(id)?.metadata;
      }
      updates.set(id, { ...ref, valueHash, version, blockToLive, ...(metadata ? { metadata } : {}) });
    }
  }
  return { updates, purges };
}
