import type { AppDatabase } from '../auth/app-database';

/**
 * The fields of a captured EPCIS event that the supply-chain ledger does not hold (KEPT_FIELDS: eventID,
 * eventTime, readPoint, sensor reports, ...), kept by the capturing org's app by the transaction that recorded
 * the event, and merged into the events queries build from the ledger. Another org's app answers the ledger's
 * view of the same event (eventTime is then the ledger's time).
 */
export class EpcisEventStore {
  constructor(private readonly db: AppDatabase) {}

  keep(transactionId: string, username: string, kept: Readonly<Record<string, unknown>>): void {
    if (Object.keys(kept).length === 0) return;
    this.db
      .prepare('INSERT OR REPLACE INTO epcis_events (transaction_id, username, kept, created_at) VALUES (?, ?, ?, ?)')
      .run(transactionId, username, JSON.stringify(kept), new Date().toISOString());
  }

  find(transactionId: string): Record<string, unknown> | undefined {
    const row = this.db.prepare('SELECT kept FROM epcis_events WHERE transaction_id = ?').get(transactionId) as
      { kept: string } | undefined;
    return row ? (JSON.parse(row.kept) as Record<string, unknown>) : undefined;
  }
}
