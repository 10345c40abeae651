import { createHash } from 'node:crypto';
import { common } from '@hyperledger/fabric-protos';
import { BinaryWriter } from 'google-protobuf';

/** One entry of a block's state update batch: the last valid write of a key in the block. */
export interface StateUpdate {
  readonly namespace: string;
  /** Private data collection of a hashed write; absent for public state. */
  readonly collection?: string;
  /** The key (hashed writes carry the key hash bytes). */
  readonly key: string | Uint8Array;
  readonly isDelete: boolean;
  readonly value?: Uint8Array;
  /** Height of the writing transaction. */
  readonly version: { readonly blockNum: number; readonly txNum: number };
}

/**
 * Fabric's order-preserving encoding of a uint64 (version heights): one length byte, then the big-endian bytes
 * without leading zeros.
 */
export function orderPreservingUint(value: number): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not a non-negative safe integer: ${value}`);
  const bytes: number[] = [];
  for (let rest = value; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Uint8Array.from([bytes.length, ...bytes]);
}

/** Version bytes of a height: blockNum then txNum, each order-preserving. */
export function heightBytes(version: StateUpdate['version']): Uint8Array {
  return Buffer.concat([orderPreservingUint(version.blockNum), orderPreservingUint(version.txNum)]);
}

const asBytes = (text: string | Uint8Array): Buffer =>
  typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text);

/**
 * The deterministic bytes Fabric 2.5 hashes for a block's update batch (txmgr.Updates{repeated KVWrite}):
 * entries sorted by namespace, public writes before collections, collections and keys in byte order; namespace
 * and collection are written only where they change. The channel-config namespace "" is left out, as in Fabric.
 * Expects at most one entry per (namespace, collection, key).
 */
export function stateUpdatesBytes(updates: Iterable<StateUpdate>): Uint8Array {
  const entries = [...updates]
    .filter((update) => update.namespace !== '')
    .map((update) => ({
      update,
      namespace: asBytes(update.namespace),
      collection: asBytes(update.collection ?? ''),
      key: asBytes(update.key),
    }))
    .sort(
      (a, b) =>
        Buffer.compare(a.namespace, b.namespace) ||
        Buffer.compare(a.collection, b.collection) ||
        Buffer.compare(a.key, b.key),
    );
  const writer = new BinaryWriter();
  let previous: (typeof entries)[number] | undefined;
  for (const entry of entries) {
    const newNamespace = !previous || !previous.namespace.equals(entry.namespace);
    const newCollection = newNamespace || !previous!.collection.equals(entry.collection);
    // KVWrite fields in number order, proto3 defaults left out (what Go's proto.Marshal emits).
    const kv = new BinaryWriter();
    if (newNamespace) kv.writeString(1, entry.update.namespace);
    if (newCollection && entry.collection.length > 0) kv.writeString(2, entry.update.collection);
    if (entry.key.length > 0) kv.writeBytes(3, entry.key);
    if (entry.update.isDelete) kv.writeBool(4, true);
    const value = entry.update.isDelete ? undefined : entry.update.value;
    if (value && value.length > 0) kv.writeBytes(5, value);
    kv.writeBytes(6, heightBytes(entry.update.version));
    writer.writeBytes(1, kv.getResultBuffer());
    previous = entry;
  }
  return writer.getResultBuffer();
}

/** Protobuf base-128 varint (google-protobuf does not export its encoder at run time). */
function uvarint(value: number): Uint8Array {
  const bytes: number[] = [];
  let rest = value;
  for (; rest >= 0x80; rest = Math.floor(rest / 0x80)) bytes.push((rest % 0x80) | 0x80);
  bytes.push(rest);
  return Uint8Array.from(bytes);
}

/**
 * COMMIT_HASH value of a block: SHA-256(varint(len(filter)) ‖ filter ‖ update batch bytes ‖ previous commit
 * hash). Fabric computes it from block 1 on (the genesis block has none), chaining from an empty hash.
 */
export function computeCommitHash(
  transactionsFilter: Uint8Array,
  updatesBytes: Uint8Array,
  previousCommitHash: Uint8Array,
): Uint8Array {
  return createHash('sha256')
    .update(uvarint(transactionsFilter.length))
    .update(transactionsFilter)
    .update(updatesBytes)
    .update(previousCommitHash)
    .digest();
}

/** The COMMIT_HASH metadata entry: Metadata{value = hash}. */
export function commitHashMetadata(hash: Uint8Array): Uint8Array {
  const metadata = new common.Metadata();
  metadata.setValue(hash);
  return metadata.serializeBinary();
}
