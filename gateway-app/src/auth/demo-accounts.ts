import type { NetworkDirectory } from '../fabric/network-directory';
import type { UserStore } from './user-store';

export interface DemoAccount {
  readonly username: string;
  readonly mspId: string;
  readonly role: string | null;
  readonly isAdmin: boolean;
}

/** `admin-manufacturer` for ManufacturerMSP. */
export function adminUsername(mspId: string): string {
  return `admin-${mspId.replace(/MSP$/, '').toLowerCase()}`;
}

/**
 * Sign-in accounts for the network's known users (each acts as its own Fabric identity, e.g. `operator1` as
 * operator1@ManufacturerMSP with role operator) and one administrator per org (acting as the org's Admin),
 * created once with the demo password.
 */
export async function ensureDemoAccounts(
  users: UserStore,
  directory: NetworkDirectory,
  password: string,
): Promise<DemoAccount[]> {
  const accounts: (DemoAccount & { fabricUser: string })[] = [
    ...directory.knownUsers.map((user) => ({
      username: user.name,
      mspId: user.mspId,
      role: user.attrs.role ?? null,
      isAdmin: false,
      fabricUser: user.name,
    })),
    ...directory.orgs.map((org) => ({
      username: adminUsername(org.mspId),
      mspId: org.mspId,
      role: null,
      isAdmin: true,
      fabricUser: 'Admin',
    })),
  ];
  for (const account of accounts) {
    if (!users.exists(account.username)) await users.create({ ...account, password });
  }
  return accounts.map(({ username, mspId, role, isAdmin }) => ({ username, mspId, role, isAdmin }));
}
