import type { Checkpoint } from '@hyperledger/fabric-gateway';
import type { ReadModelDatabase } from '../readmodel/read-model-database';

export interface StoredCheckpoint {
  readonly blockNumber: number;
  /** The last transaction whose events were applied; events after it in the same block are still due. */
  readonly transactionId: string;
}

/** Listener checkpoints in the read model's database, written in the same SQLite transaction as the projection. */
export class CheckpointStore {
  private readonly select;
  private readonly upsert;

  constructor(db: ReadModelDatabase) {
    this.select = db.prepare<[string], { block_number: number; transaction_id: string }>(
      'SELECT block_number, transaction_id FROM checkpoints WHERE listener = ?',
    );
    this.upsert =
      db.prepare(`INSERT INTO checkpoints (listener, block_number, transaction_id, updated_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (listener) DO UPDATE SET block_number = excluded.block_number, transaction_id = excluded.transaction_id,
      updated_at = excluded.updated_at`);
  }

  get(listener: string): StoredCheckpoint | undefined {
    const row = this.select.get(listener);
    return row && { blockNumber: row.block_number, transactionId: row.transaction_id };
  }

  save(listener: string, checkpoint: StoredCheckpoint): void {
    this.upsert.run(listener, checkpoint.blockNumber, checkpoint.transactionId, new Date().toISOString());
  }
}

/** A stored checkpoint in the shape fabric-gateway resumes from (start block plus the transaction to skip past). */
export function gatewayCheckpoint(stored: StoredCheckpoint): Checkpoint {
  return { getBlockNumber: () => BigInt(stored.blockNumber), getTransactionId: () => stored.transactionId };
}
