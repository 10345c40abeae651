import { unauthorised } from '../errors/app-error';
import type { Principal } from './principal';
import type { TokenStore } from './token-store';
import type { UserStore } from './user-store';

/** Resolves an `Authorization: Bearer …` header (a sign-in session or an API token) to the user it belongs to. */
export class Authenticator {
  constructor(
    private readonly users: UserStore,
    private readonly tokens: TokenStore,
  ) {}

  /**
   * The principal and the id of the token it presented (for signing out and marking the current session), or
   * undefined when no credentials were sent; throws 401 for bad, expired or revoked ones.
   */
  authenticate(authorization: string | undefined): { principal: Principal; tokenId: string } | undefined {
    if (authorization === undefined || authorization === '') return undefined;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) throw unauthorised('TOKEN_INVALID', 'the Authorization header must be "Bearer <token>"');
    const { username, tokenId } = this.tokens.verify(match[1]);
    const principal = this.users.find(username);
    if (!principal) throw unauthorised('TOKEN_INVALID', 'the token names an unknown user');
    return { principal, tokenId };
  }
}
