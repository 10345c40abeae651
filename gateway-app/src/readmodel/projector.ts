import type { ReadModelDatabase } from './read-model-database';
import type { SceneEventEntry } from './scene-event';

interface RecordRow {
  status: string | null;
  revision: number;
  created_at: string;
}

/**
 * Applies chaincode events to the read model: appends each event (once: a replayed event is ignored by its
 * transaction ID and position) and folds it into its record's latest known state. Run inside the same SQLite
 * transaction as the listener's checkpoint, so a crash loses or repeats nothing.
 */
export class Projector {
  private readonly insertEvent;
  private readonly selectRecord;
  private readonly upsertRecord;

  constructor(db: ReadModelDatabase) {
    this.insertEvent = db.prepare(`INSERT OR IGNORE INTO events
      (scenario, block_number, transaction_id, event_index, name, record_type, record_id, revision, action,
       from_state, to_state, actor_msp, actor_user, actor_role, timestamp, details)
      VALUES (@scenario, @block, @txId, @index, @name, @recordType, @id, @revision, @action, @from, @to, @actorMsp, @actorUser,
       @actorRole, @timestamp, @details)`);
    this.selectRecord = db.prepare<[string, string, string], RecordRow>(
      'SELECT status, revision, created_at FROM records WHERE scenario = ? AND record_type = ? AND record_id = ?',
    );
    this.upsertRecord = db.prepare(`INSERT INTO records
      (scenario, record_type, record_id, status, revision, created_at, updated_at, last_seq, last_transaction_id, last_actor_msp, details, search)
      VALUES (@scenario, @recordType, @id, @status, @revision, @createdAt, @updatedAt, @seq, @txId, @actorMsp, @details, @search)
      ON CONFLICT (scenario, record_type, record_id) DO UPDATE SET
        status = excluded.status, revision = excluded.revision, updated_at = excluded.updated_at, last_seq = excluded.last_seq,
        last_transaction_id = excluded.last_transaction_id, last_actor_msp = excluded.last_actor_msp,
        details = excluded.details, search = excluded.search`);
  }

  /** Projects one transaction's events; answers how many were new. */
  apply(scenario: string, blockNumber: number, transactionId: string, events: readonly SceneEventEntry[]): number {
    let added = 0;
    events.forEach((event, index) => {
      const inserted = this.insertEvent.run({
        scenario,
        block: blockNumber,
        txId: transactionId,
        index,
        name: event.name,
        recordType: event.recordType,
        id: event.id,
        revision: event.revision,
        action: event.action,
        from: event.from,
        to: event.to,
        actorMsp: event.actor.mspId,
        actorUser: event.actor.user,
        actorRole: event.actor.role,
        timestamp: event.timestamp,
        details: JSON.stringify(event.details),
      });
      if (inserted.changes === 0) return;
      added++;
      const existing = this.selectRecord.get(scenario, event.recordType, event.id);
      // Events of one record arrive in ledger order, but guard against an older revision all the same.
      if (existing && existing.revision > event.revision) return;
      // The kit puts the record's whole event details in every event about it, so the latest replaces the rest.
      const details = event.details;
      const status = event.to ?? existing?.status ?? null;
      this.upsertRecord.run({
        scenario,
        recordType: event.recordType,
        id: event.id,
        status,
        revision: event.revision,
        createdAt: existing?.created_at ?? event.timestamp,
        updatedAt: event.timestamp,
        seq: Number(inserted.lastInsertRowid),
        txId: transactionId,
        actorMsp: event.actor.mspId,
        details: JSON.stringify(details),
        search: searchText(event.id, status, details),
      });
    });
    return added;
  }
}

/** Lower-case text every filter `q` is matched against: the ID, the state and each detail value. */
function searchText(id: string, status: string | null, details: Record<string, unknown>): string {
  const values = Object.values(details).map((value) =>
    typeof value === 'object' ? JSON.stringify(value) : String(value),
  );
  return [id, status ?? '', ...values].join(' ').toLowerCase();
}
