import { createHmac, timingSafeEqual } from 'node:crypto';
import { unauthorised, type AppError } from '../errors/app-error';

interface Claims {
  /** The username. */
  sub: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

const PREFIX = 'scs1';

/**
 * Short-lived sign-in tokens: `scs1.<claims base64url>.<HMAC-SHA256 base64url>`, signed with the app's
 * secret. Stateless; a forged or altered token fails the MAC, an old one its expiry.
 */
export class SessionTokens {
  constructor(
    private readonly secret: Buffer,
    private readonly lifetimeSeconds: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  issue(username: string): { token: string; expiresAt: string } {
    const exp = Math.floor(this.now() / 1000) + this.lifetimeSeconds;
    const body = Buffer.from(JSON.stringify({ sub: username, exp } satisfies Claims)).toString('base64url');
    return { token: `${PREFIX}.${body}.${this.mac(body)}`, expiresAt: new Date(exp * 1000).toISOString() };
  }

  static looksLikeSession(token: string): boolean {
    return token.startsWith(`${PREFIX}.`);
  }

  /** The username the token was issued to; throws TOKEN_INVALID or TOKEN_EXPIRED. */
  verify(token: string): string {
    const [prefix, body, mac] = token.split('.');
    if (prefix !== PREFIX || !body || !mac) throw invalid();
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
    let claims: Claims;
    try {
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Claims;
    } catch {
      throw invalid();
    }
    if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number') throw invalid();
    if (claims.exp * 1000 <= this.now())
      throw unauthorised('TOKEN_EXPIRED', 'the sign-in token has expired; sign in again');
    return claims.sub;
  }

  private mac(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}

function invalid(): AppError {
  return unauthorised('TOKEN_INVALID', 'the token is not valid');
}
