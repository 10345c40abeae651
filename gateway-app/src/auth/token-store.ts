import { createHash, randomBytes } from 'node:crypto';
import { unauthorised } from '../errors/app-error';
import type { AppDatabase } from './app-database';
import type { Clock } from './clock';

/** `session`: from signing in (the web UI, the CLI's login); `api`: long-lived, for scripts. */
export type TokenKind = 'session' | 'api';

export interface TokenInfo {
  /** Public handle for listing and revoking; the secret token is never stored or shown again. */
  readonly id: string;
  readonly kind: TokenKind;
  readonly label: string;
  readonly createdAt: string;
  readonly expiresAt: string;
}

export interface IssuedToken extends TokenInfo {
  readonly token: string;
}

export interface TokenLifetimes {
  readonly sessionSeconds: number;
  readonly apiSeconds: number;
}

interface TokenRow {
  id: string;
  username: string;
  kind: TokenKind;
  label: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS auth_tokens (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  username TEXT NOT NULL REFERENCES users (username),
  kind TEXT NOT NULL CHECK (kind IN ('session', 'api')),
  label TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX IF NOT EXISTS auth_tokens_by_user ON auth_tokens (username, kind, expires_at);
`;

const PREFIX: Readonly<Record<TokenKind, string>> = { session: 'scs_', api: 'sct_' };
/** Revoked and expired rows are kept this long, so their holders hear TOKEN_REVOKED / TOKEN_EXPIRED, not TOKEN_INVALID. */
const KEEP_AFTER_EXPIRY_MS = 7 * 24 * 3600 * 1000;
/** Each sign-in adds a session; beyond this many live ones a user's oldest is revoked, so sessions cannot pile up. */
export const MAX_SESSIONS_PER_USER = 20;

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');
const iso = (ms: number) => new Date(ms).toISOString();
const infoOf = (row: TokenRow): TokenInfo => ({
  id: row.id,
  kind: row.kind,
  label: row.label,
  createdAt: iso(row.created_at),
  expiresAt: iso(row.expires_at),
});

/**
 * Sign-in sessions and API tokens: random 256-bit secrets stored only as SHA-256 hashes (a leaked database
 * yields no usable token), each with an expiry, revocable one by one. Every authenticated request reads one
 * row by its hash, so a revocation takes effect on the next request.
 */
export class TokenStore {
  /** Every authenticated request runs this one: prepared once. */
  private readonly byHash;

  constructor(
    private readonly db: AppDatabase,
    private readonly lifetimes: TokenLifetimes,
    private readonly clock: Clock,
  ) {
    db.exec(SCHEMA);
    this.byHash = db.prepare<[string], TokenRow>('SELECT * FROM auth_tokens WHERE token_hash = ?');
    this.migrateLegacyApiTokens();
  }

  /** `expiresInSeconds` may shorten an API token's lifetime, never lengthen it. */
  issue(username: string, kind: TokenKind, label: string, expiresInSeconds?: number): IssuedToken {
    const now = this.clock();
    const maxSeconds = kind === 'session' ? this.lifetimes.sessionSeconds : this.lifetimes.apiSeconds;
    const seconds = Math.min(expiresInSeconds ?? maxSeconds, maxSeconds);
    const token = `${PREFIX[kind]}${randomBytes(32).toString('base64url')}`;
    const row: TokenRow = {
      id: randomBytes(12).toString('base64url'),
      username,
      kind,
      label,
      created_at: now,
      expires_at: now + seconds * 1000,
      revoked_at: null,
    };
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM auth_tokens WHERE expires_at < ?').run(now - KEEP_AFTER_EXPIRY_MS);
      this.db
        .prepare(
          `INSERT INTO auth_tokens (id, token_hash, username, kind, label, created_at, expires_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(row.id, hashOf(token), username, kind, label, row.created_at, row.expires_at);
      if (kind === 'session') this.capSessions(username, now);
    })();
    return { ...infoOf(row), token };
  }

  static looksLikeToken(token: string): boolean {
    return token.startsWith(PREFIX.session) || token.startsWith(PREFIX.api);
  }

  /** The username and token id a live token belongs to; 401 TOKEN_INVALID, TOKEN_REVOKED or TOKEN_EXPIRED. */
  verify(token: string): { username: string; tokenId: string } {
    const row = TokenStore.looksLikeToken(token) ? this.byHash.get(hashOf(token)) : undefined;
    if (!row) throw unauthorised('TOKEN_INVALID', 'the token is not valid; sign in again');
    if (row.revoked_at !== null)
      throw unauthorised('TOKEN_REVOKED', `the ${describe(row.kind)} was revoked (signed out); sign in again`);
    if (row.expires_at <= this.clock())
      throw unauthorised('TOKEN_EXPIRED', `the ${describe(row.kind)} expired at ${iso(row.expires_at)}; sign in again`);
    return { username: row.username, tokenId: row.id };
  }

  /** The user's live (unexpired, unrevoked) sessions and API tokens, newest first. */
  listLive(username: string): TokenInfo[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM auth_tokens WHERE username = ? AND revoked_at IS NULL AND expires_at > ?
         ORDER BY created_at DESC, id`,
      )
      .all(username, this.clock()) as TokenRow[];
    return rows.map(infoOf);
  }

  /** Revokes one of the user's own live tokens; false when the user has no live token with that id. */
  revoke(username: string, id: string): boolean {
    const now = this.clock();
    return (
      this.db
        .prepare(
          'UPDATE auth_tokens SET revoked_at = ? WHERE id = ? AND username = ? AND revoked_at IS NULL AND expires_at > ?',
        )
        .run(now, id, username, now).changes === 1
    );
  }

  /** Revokes every live token of the user of the given kinds except `keepId`; answers how many. */
  revokeAllExcept(username: string, keepId: string, kinds: readonly TokenKind[]): number {
    const now = this.clock();
    let count = 0;
    for (const kind of kinds) {
      count += this.db
        .prepare(
          `UPDATE auth_tokens SET revoked_at = ?
           WHERE username = ? AND kind = ? AND id <> ? AND revoked_at IS NULL AND expires_at > ?`,
        )
        .run(now, username, kind, keepId, now).changes;
    }
    return count;
  }

  private capSessions(username: string, now: number): void {
    this.db
      .prepare(
        `UPDATE auth_tokens SET revoked_at = ? WHERE id IN (
           SELECT id FROM auth_tokens WHERE username = ? AND kind = 'session' AND revoked_at IS NULL AND expires_at > ?
           ORDER BY created_at DESC, id LIMIT -1 OFFSET ?)`,
      )
      .run(now, username, now, MAX_SESSIONS_PER_USER);
  }

  /**
   * API tokens issued before tokens expired (table `api_tokens`) move here once, with the configured API token
   * lifetime counted from the upgrade, so existing scripts keep working until then.
   */
  private migrateLegacyApiTokens(): void {
    const legacy = this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'api_tokens'").get();
    if (!legacy) return;
    const now = this.clock();
    this.db.transaction(() => {
      const rows = this.db.prepare('SELECT token_hash, username, label, created_at, revoked FROM api_tokens').all() as {
        token_hash: string;
        username: string;
        label: string;
        created_at: string;
        revoked: number;
      }[];
      const insert = this.db.prepare(
        `INSERT OR IGNORE INTO auth_tokens (id, token_hash, username, kind, label, created_at, expires_at, revoked_at)
         VALUES (?, ?, ?, 'api', ?, ?, ?, ?)`,
      );
      for (const row of rows) {
        const createdAt = Date.parse(row.created_at);
        insert.run(
          randomBytes(12).toString('base64url'),
          row.token_hash,
          row.username,
          row.label,
          Number.isFinite(createdAt) ? createdAt : now,
          now + this.lifetimes.apiSeconds * 1000,
          row.revoked ? now : null,
        );
      }
      this.db.prepare('DELETE FROM api_tokens').run();
    })();
  }
}

function describe(kind: TokenKind): string {
  return kind === 'session' ? 'sign-in session' : 'API token';
}
