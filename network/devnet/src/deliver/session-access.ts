import { X509Certificate } from 'node:crypto';
import { parseSerializedIdentity } from '../identity';

/**
 * Fabric's deliver SessionAccessControl for one seek request: the read policy is checked on first use, and every
 * later block is refused once the requester's certificate has expired (the session ends with it).
 */
export class SessionAccess {
  readonly #checkPolicy: () => Promise<void>;
  readonly #sessionEnd: number | undefined;
  readonly #now: () => number;
  #checked = false;

  constructor(checkPolicy: () => Promise<void>, sessionEnd: number | undefined, now: () => number) {
    this.#checkPolicy = checkPolicy;
    this.#sessionEnd = sessionEnd;
    this.#now = now;
  }

  /** Resolves when the requester may have the next block; rejects with the reason it may not. */
  async evaluate(): Promise<void> {
    const now = this.#now();
    if (this.#sessionEnd !== undefined && now > this.#sessionEnd) {
      throw new Error(`deliver client identity expired ${now - this.#sessionEnd}ms before`);
    }
    if (this.#checked) return;
    await this.#checkPolicy();
    this.#checked = true;
  }
}

/** Fabric's crypto.ExpiresAt: when the X.509 identity in `serializedIdentity` expires; undefined if not one. */
export function identityExpiresAt(serializedIdentity: Uint8Array): number | undefined {
  try {
    const { idBytes } = parseSerializedIdentity(serializedIdentity);
    const expiry = Date.parse(new X509Certificate(Buffer.from(idBytes)).validTo);
    return Number.isNaN(expiry) ? undefined : expiry;
  } catch {
    return undefined;
  }
}
