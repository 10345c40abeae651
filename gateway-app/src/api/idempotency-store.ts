import { createHash } from 'node:crypto';
import type { AppDatabase } from '../auth/app-database';
import { AppError, conflict } from '../errors/app-error';
import type { JournalEntry, SubmissionJournal } from './submission-journal';

export interface StoredResponse {
  readonly statusCode: number;
  readonly body: unknown;
}

/** What `begin` found: a fresh claim (with its journal entry), a stored answer, or a dead process's request. */
export type KeyClaim =
  | { readonly kind: 'claimed'; readonly entryId: number }
  | { readonly kind: 'stored'; readonly response: StoredResponse }
  | { readonly kind: 'orphaned'; readonly entry: JournalEntry | undefined };

/** How long a key is remembered. */
const RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * Idempotency keys (`Idempotency-Key` header) per user: the first request with a key runs, and a repeat with
 * the same key and body gets the first answer again instead of a second transaction. Reusing a key for a
 * different request is refused; so is a repeat while the first is still running. Answers that say nothing
 * about the request (the network was unreachable before anything reached the orderer) are forgotten, so the
 * client may retry with the same key. A key whose request was running in a process that died is `orphaned`:
 * SubmissionRecovery settles it from the ledger.
 */
export class IdempotencyStore {
  constructor(
    private readonly db: AppDatabase,
    private readonly journal: SubmissionJournal,
  ) {}

  static requestHash(method: string, url: string, body: unknown): string {
    return createHash('sha256')
      .update(`${method} ${url}\n${JSON.stringify(body ?? null)}`)
      .digest('hex');
  }

  /** Claims the key for a request, opening its journal entry in the same database transaction. */
  begin(username: string, key: string, requestHash: string): KeyClaim {
    if (key.length === 0 || key.length > 200)
      throw new AppError(400, 'INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1 to 200 characters');
    return this.db.transaction((): KeyClaim => {
      this.db
        .prepare('DELETE FROM idempotency_keys WHERE created_at < ?')
        .run(new Date(Date.now() - RETENTION_MS).toISOString());
      const claimed = this.db
        .prepare('INSERT OR IGNORE INTO idempotency_keys (username, key, request_hash, created_at) VALUES (?, ?, ?, ?)')
        .run(username, key, requestHash, new Date().toISOString());
      if (claimed.changes === 1) return { kind: 'claimed', entryId: this.journal.open(username, key) };
      const row = this.db
        .prepare('SELECT request_hash, status_code, response FROM idempotency_keys WHERE username = ? AND key = ?')
        .get(username, key) as { request_hash: string; status_code: number | null; response: string | null };
      if (row.request_hash !== requestHash) {
        throw new AppError(422, 'IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used for a different request');
      }
      if (row.status_code !== null)
        return { kind: 'stored', response: { statusCode: row.status_code, body: JSON.parse(row.response ?? 'null') } };
      const entry = this.journal.forKey(username, key);
      if (entry && !this.journal.isOrphan(entry))
        throw conflict('IDEMPOTENCY_IN_PROGRESS', 'a request with this Idempotency-Key is still running');
      return { kind: 'orphaned', entry };
    })();
  }

  /** Stores the answer of a key still running (a key already answered keeps its answer, e.g. a 202). */
  finish(username: string, key: string, response: StoredResponse): void {
    if (response.statusCode >= 500) {
      this.release(username, key);
      return;
    }
    this.db
      .prepare(
        'UPDATE idempotency_keys SET status_code = ?, response = ? WHERE username = ? AND key = ? AND status_code IS NULL',
      )
      .run(response.statusCode, JSON.stringify(response.body), username, key);
  }

  /** Forgets a key still running, so that the next request with it runs afresh. */
  release(username: string, key: string): void {
    this.db
      .prepare('DELETE FROM idempotency_keys WHERE username = ? AND key = ? AND status_code IS NULL')
      .run(username, key);
  }
}
