import type { AppDatabase } from '../auth/app-database';
import type { AppError } from '../errors/app-error';
import type { CommittedTransaction } from '../fabric/transaction-runner';

export type TransactionState = 'SUBMITTED' | 'COMMITTED' | 'FAILED';

/** What `GET /api/transactions/{id}` answers about a transaction submitted through the app. */
export interface TransactionStatus {
  readonly transactionId: string;
  readonly scenario: string;
  readonly transaction: string;
  readonly status: TransactionState;
  /** The chaincode's answer (of the committed attempt once committed). */
  readonly result: unknown;
  /** Set once committed; differs from `transactionId` when a conflict retry committed. */
  readonly committedTransactionId: string | null;
  readonly blockNumber: number | null;
  readonly attempts: number | null;
  readonly error: { code: string; message: string } | null;
  readonly submittedAt: string;
  readonly updatedAt: string;
}

interface Row {
  transaction_id: string;
  scenario: string;
  transaction_name: string;
  status: TransactionState;
  result: string | null;
  committed_transaction_id: string | null;
  block_number: number | null;
  attempts: number | null;
  error: string | null;
  created_at: string;
  updated_at: string;
}

/** Durable status of submitted transactions, visible only to the user who submitted them. */
export class TransactionStatusStore {
  constructor(private readonly db: AppDatabase) {}

  /** Records a submitted transaction (again after a crash: a second call keeps the first record). */
  submitted(transactionId: string, username: string, scenario: string, transaction: string, result: unknown): void {
    const now = new Date().toISOString();
    this.db
      .prepare(
        `INSERT OR IGNORE INTO transactions (transaction_id, username, scenario, transaction_name, status, result, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'SUBMITTED', ?, ?, ?)`,
      )
      .run(transactionId, username, scenario, transaction, JSON.stringify(result), now, now);
  }

  committed(transactionId: string, committed: CommittedTransaction, result: unknown): void {
    this.db
      .prepare(
        `UPDATE transactions SET status = 'COMMITTED', result = ?, committed_transaction_id = ?, block_number = ?, attempts = ?,
         updated_at = ? WHERE transaction_id = ?`,
      )
      .run(
        JSON.stringify(result),
        committed.transactionId,
        committed.blockNumber,
        committed.attempts,
        new Date().toISOString(),
        transactionId,
      );
  }

  failed(transactionId: string, error: AppError): void {
    this.db
      .prepare(
        `UPDATE transactions SET status = 'FAILED', error = ?, attempts = ?, updated_at = ? WHERE transaction_id = ?`,
      )
      .run(
        JSON.stringify(error.toJSON()),
        (error.details.attempts as number | undefined) ?? null,
        new Date().toISOString(),
        transactionId,
      );
  }

  find(transactionId: string, username: string): TransactionStatus | undefined {
    const row = this.db
      .prepare('SELECT * FROM transactions WHERE transaction_id = ? AND username = ?')
      .get(transactionId, username) as Row | undefined;
    if (!row) return undefined;
    return {
      transactionId: row.transaction_id,
      scenario: row.scenario,
      transaction: row.transaction_name,
      status: row.status,
      result: row.result === null ? null : JSON.parse(row.result),
      committedTransactionId: row.committed_transaction_id,
      blockNumber: row.block_number,
      attempts: row.attempts,
      error: row.error === null ? null : (JSON.parse(row.error) as { code: string; message: string }),
      submittedAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }
}
