import type { HistoryRecord } from './record-codec';
import { isDeleteWrite, VALID, type TxCommit, type Version } from './types';

/** The final effect of a block on one key: the last valid write wins, as in Fabric's update batch. */
export interface KeyUpdate {
  readonly namespace: string;
  readonly key: string;
  readonly isDelete: boolean;
  /** A private copy (never a view into block bytes); empty for deletes. */
  readonly value: Uint8Array;
  readonly version: Version;
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

/** What a block changes: writes of VALID transactions only. */
export function collectUpdates(blockNum: number, txs: readonly TxCommit[]): BlockUpdates {
  const state = new Map<string, KeyUpdate>();
  const history: HistoryUpdate[] = [];
  for (const tx of txs) {
    if (tx.validationCode !== VALID) continue;
    for (const write of tx.writes) {
      const isDelete = isDeleteWrite(write);
      const value = isDelete ? EMPTY : Uint8Array.from(write.value!);
      const version = { blockNum, txNum: tx.txNum };
      state.set(stateCacheKey(write.namespace, write.key), {
        namespace: write.namespace,
        key: write.key,
        isDelete,
        value,
        version,
      });
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
  }
  return { state, history };
}
