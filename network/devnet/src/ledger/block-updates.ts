import type { HistoryRecord } from './record-codec';
import { isDeleteWrite, VALID, type TxCommit, type Version, type VersionedValue } from './types';

/** The final effect of a block on one key: the last valid write wins, as in Fabric's update batch. */
export interface KeyUpdate {
  readonly namespace: string;
  readonly key: string;
  readonly isDelete: boolean;
  /** A private copy (never a view into block bytes); empty for deletes. */
  readonly value: Uint8Array;
  readonly version: Version;
  /** The key's state metadata after the block (serialized); absent: none. */
  readonly metadata?: Uint8Array;
}

export interface HistoryUpdate extends HistoryRecord {
  readonly namespace: string;
  readonly key: string;
  readonly txNum: number;
}

export interface BlockUpdates {
  /** Keyed by {@link stateCacheKey}. */
  readonly state: Map<string, KeyUpdate>;
  /** Every valid write in block order: Fabric's history keeps each one, not only the last. */
  readonly history: HistoryUpdate[];
}

const EMPTY = new Uint8Array(0);

/** Map key of a state entry; namespaces cannot contain \0, so this never collides. */
export function stateCacheKey(namespace: string, key: string): string {
  return `${namespace}\0${key}`;
}

/**
 * Committed state of a key as the block starts: `null` when absent, `undefined` when not looked up (the caller
 * looks up every key a metadata write touches, and every written key once any key may have metadata).
 */
export type CommittedLookup = (cacheKey: string) => VersionedValue | null | undefined;

interface KeyOps {
  namespace: string;
  key: string;
  isDelete: boolean;
  value?: Uint8Array;
  setsMetadata: boolean;
  metadata?: Uint8Array;
}

/**
 * What a block changes: writes of VALID transactions only, merged with metadata as Fabric's validator does
 * (tx_ops.go): a delete drops value and metadata; a value write keeps the key's latest metadata unless the same
 * transaction sets it; a metadata-only write keeps the latest value under the new version, and does nothing to a
 * key that does not exist. "Latest" is this block's earlier updates, else committed state.
 */
export function collectUpdates(blockNum: number, txs: readonly TxCommit[], committed?: CommittedLookup): BlockUpdates {
  const state = new Map<string, KeyUpdate>();
  const history: HistoryUpdate[] = [];
  const latest = (cacheKey: string): { value: Uint8Array; metadata?: Uint8Array } | undefined => {
    const updated = state.get(cacheKey);
    if (updated) return updated.isDelete ? undefined : updated;
    return committed?.(cacheKey) ?? undefined;
  };
  for (const tx of txs) {
    if (tx.validationCode !== VALID) continue;
    const ops = new Map<string, KeyOps>();
    const opsOf = (namespace: string, key: string): KeyOps => {
      const cacheKey = stateCacheKey(namespace, key);
      let entry = ops.get(cacheKey);
      if (!entry) {
        entry = { namespace, key, isDelete: false, setsMetadata: false };
        ops.set(cacheKey, entry);
      }
      return entry;
    };
    for (const write of tx.writes) {
      const isDelete = isDeleteWrite(write);
      const value = isDelete ? EMPTY : Uint8Array.from(write.value!);
      const entry = opsOf(write.namespace, write.key);
      entry.isDelete = isDelete;
      entry.value = isDelete ? undefined : value;
      history.push({
        namespace: write.namespace,
        key: write.key,
        txNum: tx.txNum,
        txId: tx.txId,
        isDelete,
        value,
        timestamp: tx.timestamp,
      });
    }
    for (const write of tx.metadataWrites ?? []) {
      const entry = opsOf(write.namespace, write.key);
      entry.setsMetadata = true;
      entry.metadata = write.metadata && write.metadata.length > 0 ? Uint8Array.from(write.metadata) : undefined;
    }
    const version = { blockNum, txNum: tx.txNum };
    for (const [cacheKey, entry] of ops) {
      const { namespace, key } = entry;
      if (entry.isDelete) {
        state.set(cacheKey, { namespace, key, isDelete: true, value: EMPTY, version });
        continue;
      }
      let { value, metadata } = entry;
      if (value === undefined) {
        const current = latest(cacheKey);
        if (!current) continue; // metadata for a key that does not exist: nothing to keep it on
        value = current.value;
      } else if (!entry.setsMetadata) {
        metadata = latest(cacheKey)?.metadata;
      }
      state.set(cacheKey, { namespace, key, isDelete: false, value, version, ...(metadata ? { metadata } : {}) });
    }
  }
  return { state, history };
}
