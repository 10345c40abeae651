import Database from 'better-sqlite3';

/**
 * The embedded read model: every chaincode event the listeners saw, the latest known state of each record
 * they describe, and each listener's checkpoint. Derived from the ledger only, so `rebuild` may wipe it.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS checkpoints (
  listener TEXT PRIMARY KEY,
  block_number INTEGER NOT NULL,
  transaction_id TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  scenario TEXT NOT NULL,
  block_number INTEGER NOT NULL,
  transaction_id TEXT NOT NULL,
  event_index INTEGER NOT NULL,
  name TEXT NOT NULL,
  record_type TEXT NOT NULL,
  record_id TEXT NOT NULL,
  revision INTEGER NOT NULL,
  action TEXT NOT NULL,
  from_state TEXT,
  to_state TEXT,
  actor_msp TEXT NOT NULL,
  actor_user TEXT NOT NULL,
  actor_role TEXT,
  timestamp TEXT NOT NULL,
  details TEXT NOT NULL,
  UNIQUE (transaction_id, event_index)
);
CREATE INDEX IF NOT EXISTS events_by_record ON events (scenario, record_type, record_id, seq);
CREATE TABLE IF NOT EXISTS records (
  scenario TEXT NOT NULL,
  record_type TEXT NOT NULL,
  record_id TEXT NOT NULL,
  status TEXT,
  revision INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  last_seq INTEGER NOT NULL,
  last_transaction_id TEXT NOT NULL,
  last_actor_msp TEXT NOT NULL,
  details TEXT NOT NULL,
  search TEXT NOT NULL,
  PRIMARY KEY (scenario, record_type, record_id)
);
CREATE INDEX IF NOT EXISTS records_by_type ON records (scenario, record_type, last_seq);
CREATE INDEX IF NOT EXISTS records_by_status ON records (scenario, record_type, status, last_seq);
`;

export type ReadModelDatabase = Database.Database;

export function openReadModel(file: string): ReadModelDatabase {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(SCHEMA);
  return db;
}

/** Empties the read model and every checkpoint, so listeners replay the ledger from block 0. */
export function clearReadModel(db: ReadModelDatabase): void {
  db.transaction(() => {
    db.exec('DELETE FROM events; DELETE FROM records; DELETE FROM checkpoints;');
  })();
}
