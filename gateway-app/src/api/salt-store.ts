import type { AppDatabase } from '../auth/app-database';

/**
 * Salts the app generated for a user's private values, kept in the user's own org's app beside the status of
 * the transaction that used them: the user needs a salt again to prove or share the value it salts, and the
 * ledger holds only the salted hash. Visible only to that user, like the transaction's status.
 */
export class SaltStore {
  constructor(private readonly db: AppDatabase) {}

  keep(transactionId: string, username: string, salts: Readonly<Record<string, string>>): void {
    const insert = this.db.prepare(
      'INSERT OR IGNORE INTO salts (transaction_id, field, username, salt, created_at) VALUES (?, ?, ?, ?, ?)',
    );
    const now = new Date().toISOString();
    this.db.transaction(() => {
      for (const [field, salt] of Object.entries(salts)) insert.run(transactionId, field, username, salt, now);
    })();
  }

  /** The salts kept for a transaction of the user, by request field; undefined when there are none. */
  find(transactionId: string, username: string): Record<string, string> | undefined {
    const rows = this.db
      .prepare('SELECT field, salt FROM salts WHERE transaction_id = ? AND username = ? ORDER BY field')
      .all(transactionId, username) as { field: string; salt: string }[];
    return rows.length ? Object.fromEntries(rows.map((row) => [row.field, row.salt])) : undefined;
  }
}
