import { conflict } from '../errors/app-error';
import type { NetworkDirectory } from '../fabric/network-directory';
import { loginNameTaken, type UserStore } from './user-store';

/** Identities every org has from the start: the org's administrator and the app's own service user. */
const BUILT_IN_IDENTITIES = ['Admin', 'User1'];

/**
 * Refuses (409) a new login name that would collide, in any letter case, with an existing login, a Fabric
 * identity a login acts as, a built-in identity or one the network was set up with; and, when the app is to
 * issue the identity, with any identity the org already has. A collision would either fail deep in identity
 * issuing (the 500 that `Admin` gave) or bind the new login to somebody else's existing identity.
 */
export function checkNewLoginName(
  users: UserStore,
  directory: NetworkDirectory,
  mspId: string,
  username: string,
  appIssuesIdentity: boolean,
): void {
  if (users.nameTaken(username)) throw loginNameTaken(username);
  const actingLogin = users.loginActingAs(username);
  if (actingLogin)
    throw conflict(
      'IDENTITY_EXISTS',
      `${username} is the name of the Fabric identity login ${actingLogin} acts as; choose another username`,
    );
  const lower = username.toLowerCase();
  const reserved = [...BUILT_IN_IDENTITIES, ...directory.knownUsers.map((u) => u.name)].find(
    (name) => name.toLowerCase() === lower,
  );
  if (reserved)
    throw conflict(
      'IDENTITY_EXISTS',
      `${username} is the name of an existing Fabric identity (${reserved}); choose another username`,
    );
  if (appIssuesIdentity && identityExists(directory, mspId, username))
    throw conflict(
      'IDENTITY_EXISTS',
      `${mspId} already has a Fabric identity named ${username}; choose another username`,
    );
}

function identityExists(directory: NetworkDirectory, mspId: string, userName: string): boolean {
  try {
    directory.identity(mspId, userName);
    return true;
  } catch {
    return false;
  }
}

/** The dev network's CA refuses to reissue a name it holds with other attributes: that is a conflict, not a fault. */
export function isIdentityConflict(err: unknown): boolean {
  return err instanceof Error && err.name === 'IdentityError' && /exists with/.test(err.message);
}
