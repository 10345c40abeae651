import Database from 'better-sqlite3';

/**
 * The app's own state, which the ledger does not hold: sign-in accounts (tokens: TokenStore), the status of
 * transactions submitted through the app, idempotency keys, the salts generated for users' private values and
 * the EPCIS event fields the ledger does not hold. Unlike the read model it is not rebuildable.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  username TEXT PRIMARY KEY,
  msp_id TEXT NOT NULL,
  fabric_user TEXT NOT NULL,
  role TEXT,
  is_admin INTEGER NOT NULL DEFAULT 0,
  password_hash TEXT NOT NULL,
  cert_path TEXT,
  key_path TEXT,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS transactions (
  transaction_id TEXT PRIMARY KEY,
  username TEXT NOT NULL,
  scenario TEXT NOT NULL,
  transaction_name TEXT NOT NULL,
  status TEXT NOT NULL,
  result TEXT,
  committed_transaction_id TEXT,
  block_number INTEGER,
  attempts INTEGER,
  error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS idempotency_keys (
  username TEXT NOT NULL,
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status_code INTEGER,
  response TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (username, key)
);
-- Salts the app generated for a user's private values (SaltStore), by the transaction that used them.
CREATE TABLE IF NOT EXISTS salts (
  transaction_id TEXT NOT NULL,
  field TEXT NOT NULL,
  username TEXT NOT NULL,
  salt TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (transaction_id, field)
);
-- EPCIS event fields the ledger does not hold (eventTime, sensor reports, ...), by the transaction that
-- recorded the event (EpcisEventStore).
CREATE TABLE IF NOT EXISTS epcis_events (
  transaction_id TEXT PRIMARY KEY,
  username TEXT NOT NULL,
  kept TEXT NOT NULL,
  created_at TEXT NOT NULL
);
-- Held only the HMAC secret of the sessions that tokens (TokenStore) replaced.
DROP TABLE IF EXISTS settings;
`;

export type AppDatabase = Database.Database;

export function openAppDatabase(file: string): AppDatabase {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.exec(SCHEMA);
  return db;
}
