import { randomUUID } from 'node:crypto';
import type { AppDatabase } from '../auth/app-database';

/** A submission not settled yet, as the journal keeps it. */
export interface JournalEntry {
  readonly id: number;
  /** The app process running it; another process's entries (or '' for handed over) are for recovery. */
  readonly owner: string;
  readonly username: string;
  readonly idempotencyKey: string | null;
  readonly scenario: string | null;
  readonly transactionName: string | null;
  /** The first attempt's ID: the status resource's. */
  readonly firstTransactionId: string | null;
  /** The latest attempt's ID and signed transaction, kept before it went to the orderer. */
  readonly transactionId: string | null;
  readonly envelope: Uint8Array | null;
  readonly attempts: number;
}

interface Row {
  id: number;
  owner: string;
  username: string;
  idempotency_key: string | null;
  scenario: string | null;
  transaction_name: string | null;
  first_transaction_id: string | null;
  transaction_id: string | null;
  envelope: Buffer | null;
  attempts: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS submission_journal (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  owner TEXT NOT NULL,
  username TEXT NOT NULL,
  idempotency_key TEXT,
  scenario TEXT,
  transaction_name TEXT,
  first_transaction_id TEXT,
  transaction_id TEXT,
  envelope BLOB,
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS submission_journal_key ON submission_journal (username, idempotency_key);
`;

/**
 * Durable record of every submission between its start and its settled outcome: which request, and the signed
 * transaction of its latest attempt, written before that attempt is submitted. After a crash this is what lets
 * the app ask the ledger how each submission ended instead of guessing (see SubmissionRecovery). One app
 * process per data folder: entries of any other owner are taken for a dead process's.
 */
export class SubmissionJournal {
  /** This process's owner tag. */
  readonly owner = randomUUID();

  constructor(private readonly db: AppDatabase) {
    db.exec(SCHEMA);
  }

  open(username: string, idempotencyKey: string | null): number {
    const result = this.db
      .prepare('INSERT INTO submission_journal (owner, username, idempotency_key, created_at) VALUES (?, ?, ?, ?)')
      .run(this.owner, username, idempotencyKey, new Date().toISOString());
    return Number(result.lastInsertRowid);
  }

  describe(id: number, scenario: string, transactionName: string): void {
    this.db
      .prepare('UPDATE submission_journal SET scenario = ?, transaction_name = ? WHERE id = ?')
      .run(scenario, transactionName, id);
  }

  /** Keeps an attempt's signed transaction; called before it is submitted. */
  attempt(id: number, transactionId: string, envelope: Uint8Array, attempts: number): void {
    this.db
      .prepare(
        `UPDATE submission_journal SET transaction_id = ?, envelope = ?, attempts = ?,
         first_transaction_id = COALESCE(first_transaction_id, ?) WHERE id = ?`,
      )
      .run(transactionId, Buffer.from(envelope), attempts, transactionId, id);
  }

  /** Leaves an entry whose outcome is unknown (the network failed mid-way) to recovery. */
  handOver(id: number): void {
    this.db.prepare("UPDATE submission_journal SET owner = '' WHERE id = ?").run(id);
  }

  close(id: number): void {
    this.db.prepare('DELETE FROM submission_journal WHERE id = ?').run(id);
  }

  /** Records a submission's outcome (`work`) and forgets the entry, both or neither. */
  settle(id: number, work: () => void): void {
    this.db.transaction(() => {
      work();
      this.close(id);
    })();
  }

  get(id: number): JournalEntry | undefined {
    const row = this.db.prepare('SELECT * FROM submission_journal WHERE id = ?').get(id) as Row | undefined;
    return row && entryOf(row);
  }

  forKey(username: string, key: string): JournalEntry | undefined {
    const row = this.db
      .prepare('SELECT * FROM submission_journal WHERE username = ? AND idempotency_key = ? ORDER BY id DESC')
      .get(username, key) as Row | undefined;
    return row && entryOf(row);
  }

  /** Entries no live request of this process is running. */
  orphans(): JournalEntry[] {
    const rows = this.db
      .prepare('SELECT * FROM submission_journal WHERE owner != ? ORDER BY id')
      .all(this.owner) as Row[];
    return rows.map(entryOf);
  }

  isOrphan(entry: JournalEntry): boolean {
    return entry.owner !== this.owner;
  }
}

function entryOf(row: Row): JournalEntry {
  return {
    id: row.id,
    owner: row.owner,
    username: row.username,
    idempotencyKey: row.idempotency_key,
    scenario: row.scenario,
    transactionName: row.transaction_name,
    firstTransactionId: row.first_transaction_id,
    transactionId: row.transaction_id,
    envelope: row.envelope && new Uint8Array(row.envelope),
    attempts: row.attempts,
  };
}
