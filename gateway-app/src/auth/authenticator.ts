import { unauthorised } from '../errors/app-error';
import type { Principal } from './principal';
import { SessionTokens } from './session-tokens';
import { UserStore } from './user-store';

/** Resolves an `Authorization: Bearer …` header (a sign-in token or an API token) to the user it belongs to. */
export class Authenticator {
  constructor(
    private readonly users: UserStore,
    private readonly sessions: SessionTokens,
  ) {}

  /** The principal, or undefined when no credentials were sent; throws 401 for bad ones. */
  principalOf(authorization: string | undefined): Principal | undefined {
    if (authorization === undefined || authorization === '') return undefined;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) throw unauthorised('TOKEN_INVALID', 'the Authorization header must be "Bearer <token>"');
    const token = match[1];
    if (UserStore.looksLikeApiToken(token)) {
      const principal = this.users.principalOfApiToken(token);
      if (!principal) throw unauthorised('TOKEN_INVALID', 'the API token is not valid or was revoked');
      return principal;
    }
    if (!SessionTokens.looksLikeSession(token)) throw unauthorised('TOKEN_INVALID', 'the token is not valid');
    const principal = this.users.find(this.sessions.verify(token));
    if (!principal) throw unauthorised('TOKEN_INVALID', 'the token names an unknown user');
    return principal;
  }
}
