import { conflict } from '../errors/app-error';
import type { AppDatabase } from './app-database';
import { hashPassword, verifyPassword } from './passwords';
import type { Principal } from './principal';

export interface NewUser {
  readonly username: string;
  readonly password: string;
  readonly mspId: string;
  readonly fabricUser: string;
  readonly role: string | null;
  readonly isAdmin?: boolean;
  /** Where the identity is, when it is not one the network directory knows (a real network's MSP folder). */
  readonly certPath?: string;
  readonly keyPath?: string;
}

interface UserRow {
  username: string;
  msp_id: string;
  fabric_user: string;
  role: string | null;
  is_admin: number;
  password_hash: string;
  cert_path: string | null;
  key_path: string | null;
}

function principalOf(row: UserRow): Principal {
  return {
    username: row.username,
    mspId: row.msp_id,
    fabricUser: row.fabric_user,
    role: row.role,
    isAdmin: row.is_admin === 1,
  };
}

/** Sign-in accounts. Passwords are stored as scrypt hashes; tokens live in the TokenStore. */
export class UserStore {
  /** Principals by username: every authenticated request needs one, and accounts only change here. */
  private readonly principals = new Map<string, Principal>();

  constructor(private readonly db: AppDatabase) {}

  async create(user: NewUser): Promise<Principal> {
    const passwordHash = await hashPassword(user.password);
    // The route checks first; this catches a concurrent registration of the same name.
    if (this.nameTaken(user.username)) throw loginNameTaken(user.username);
    try {
      this.db
        .prepare(
          `INSERT INTO users (username, msp_id, fabric_user, role, is_admin, password_hash, cert_path, key_path, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          user.username,
          user.mspId,
          user.fabricUser,
          user.role,
          user.isAdmin ? 1 : 0,
          passwordHash,
          user.certPath ?? null,
          user.keyPath ?? null,
          new Date().toISOString(),
        );
    } catch (err) {
      if ((err as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) throw loginNameTaken(user.username);
      throw err;
    }
    return this.find(user.username)!;
  }

  exists(username: string): boolean {
    return this.row(username) !== undefined;
  }

  /** Whether a login has this name in any letter case (`Admin` beside `admin` would be indistinguishable). */
  nameTaken(name: string): boolean {
    return this.db.prepare('SELECT 1 FROM users WHERE username = ? COLLATE NOCASE LIMIT 1').get(name) !== undefined;
  }

  /** The login that already acts as a Fabric identity of this name (any letter case), if any. */
  loginActingAs(fabricUser: string): string | undefined {
    const row = this.db
      .prepare('SELECT username FROM users WHERE fabric_user = ? COLLATE NOCASE ORDER BY username LIMIT 1')
      .get(fabricUser) as { username: string } | undefined;
    return row?.username;
  }

  find(username: string): Principal | undefined {
    const cached = this.principals.get(username);
    if (cached) return cached;
    const row = this.row(username);
    const principal = row && principalOf(row);
    if (principal) this.principals.set(username, principal);
    return principal;
  }

  /** The identity files recorded for a user registered from an MSP folder. */
  identityPaths(username: string): { certPath: string; keyPath: string } | undefined {
    const row = this.row(username);
    return row?.cert_path && row.key_path ? { certPath: row.cert_path, keyPath: row.key_path } : undefined;
  }

  /** Users of one org (for its admin), or every user. */
  list(mspId?: string): Principal[] {
    const rows = (
      mspId
        ? this.db.prepare('SELECT * FROM users WHERE msp_id = ? ORDER BY username').all(mspId)
        : this.db.prepare('SELECT * FROM users ORDER BY msp_id, username').all()
    ) as UserRow[];
    return rows.map(principalOf);
  }

  async checkPassword(username: string, password: string): Promise<Principal | undefined> {
    const row = this.row(username);
    // Hash even for an unknown user, so timing does not tell which usernames exist.
    const ok = await verifyPassword(password, row?.password_hash ?? 'scrypt$00$00');
    return ok && row ? principalOf(row) : undefined;
  }

  async changePassword(username: string, password: string): Promise<void> {
    const passwordHash = await hashPassword(password);
    this.db.prepare('UPDATE users SET password_hash = ? WHERE username = ?').run(passwordHash, username);
  }

  private row(username: string): UserRow | undefined {
    return this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
  }
}

/** 409 ALREADY_EXISTS for a login name taken in some letter case. */
export function loginNameTaken(username: string) {
  return conflict('ALREADY_EXISTS', `user ${username} already exists (names are compared ignoring letter case)`);
}
