import { randomBytes } from 'node:crypto';
import type { NetworkDirectory } from '../fabric/network-directory';
import { adminUsername, type DemoAccount } from './demo-accounts';
import type { UserStore } from './user-store';

/** How the app asks the operator on its first start on a real network; absent when nobody can answer. */
export interface FirstStartIo {
  /** Asks for a secret on the operator's terminal (no echo); answers what was typed. */
  readonly prompt?: (question: string) => Promise<string>;
  /** Where the new accounts (and generated passwords) are shown, once. */
  readonly print: (text: string) => void;
}

export const ADMIN_PASSWORD_MIN_LENGTH = 12;
const PROMPT_ATTEMPTS = 3;

/** 18 random bytes as base64url: 24 characters, 144 bits. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

/**
 * On a real network the app creates no demo accounts: on its first start (and for an org added later) it
 * creates the org's admin account `admin-<org>` (acting as the org's Admin; admins register the other users).
 * With a terminal it asks for one password for the new admin accounts (empty: generate one per account);
 * without one it generates them. The accounts and any generated passwords are printed once: only their
 * scrypt hashes are kept.
 */
export async function ensureFirstStartAdmins(
  users: UserStore,
  directory: NetworkDirectory,
  io: FirstStartIo,
): Promise<DemoAccount[]> {
  const missing = directory.orgs.filter((org) => !users.exists(adminUsername(org.mspId)));
  if (missing.length === 0) return [];
  const names = missing.map((org) => adminUsername(org.mspId));
  let chosen = '';
  if (io.prompt) {
    for (let attempt = 1; ; attempt++) {
      chosen = await io.prompt(
        `First start on this network: password for the new admin account${names.length > 1 ? 's' : ''} ` +
          `${names.join(', ')} (at least ${ADMIN_PASSWORD_MIN_LENGTH} characters; empty: generate one each): `,
      );
      if (chosen === '' || chosen.length >= ADMIN_PASSWORD_MIN_LENGTH) break;
      if (attempt === PROMPT_ATTEMPTS) {
        throw new Error(`no admin password set: it must have at least ${ADMIN_PASSWORD_MIN_LENGTH} characters`);
      }
      io.print(`too short: at least ${ADMIN_PASSWORD_MIN_LENGTH} characters, or empty to generate\n`);
    }
  }
  const created: { account: DemoAccount; password: string | undefined }[] = [];
  for (const org of missing) {
    const password = chosen || generatePassword();
    const account: DemoAccount = { username: adminUsername(org.mspId), mspId: org.mspId, role: null, isAdmin: true };
    await users.create({ ...account, fabricUser: 'Admin', password });
    created.push({ account, password: chosen ? undefined : password });
  }
  const width = Math.max(...created.map(({ account }) => account.username.length));
  io.print(
    [
      '',
      "Admin accounts created on first start (each acts as its org's Admin and registers that org's users):",
      ...created.map(
        ({ account, password }) =>
          `  ${account.username.padEnd(width)}  ${account.mspId}  ${password ? `password ${password}` : '(the password you entered)'}`,
      ),
      chosen ? '' : 'These passwords are shown only now: keep them, and change them after signing in.',
      '',
    ].join('\n'),
  );
  return created.map(({ account }) => account);
}
