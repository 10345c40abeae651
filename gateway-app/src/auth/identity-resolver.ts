import { loadIdentity, type FabricIdentity } from '../fabric/identity';
import type { NetworkDirectory } from '../fabric/network-directory';
import type { Principal } from './principal';
import type { UserStore } from './user-store';

/**
 * The Fabric identity a principal acts as: always and only its own (chosen by the account, never by the
 * request). Identities are read once and kept in memory.
 */
export class IdentityResolver {
  private readonly cache = new Map<string, FabricIdentity>();

  constructor(
    private readonly directory: NetworkDirectory,
    private readonly users: UserStore,
  ) {}

  identityOf(principal: Principal): FabricIdentity {
    const key = `${principal.fabricUser}@${principal.mspId}`;
    let identity = this.cache.get(key);
    if (!identity) {
      const paths = this.users.identityPaths(principal.username);
      identity = paths
        ? loadIdentity({ mspId: principal.mspId, ...paths }, principal.fabricUser)
        : this.directory.identity(principal.mspId, principal.fabricUser);
      this.cache.set(key, identity);
    }
    return identity;
  }
}
