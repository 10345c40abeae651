import { createHash, createPublicKey } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../canonical-json';
import { ValidationError } from '../errors';

const coordinate = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a P-256 coordinate: 32 bytes, base64url without padding');

/**
 * An issuer's public key as a JWK (RFC 7517): P-256 (ES256) only, the members RFC 7638 names for a thumbprint and
 * nothing else, so the same key always has the same JSON, thumbprint and DID.
 */
export const p256PublicJwk = z.strictObject({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: coordinate,
  y: coordinate,
});
export type P256PublicJwk = z.output<typeof p256PublicJwk>;

/** A JWK thumbprint (RFC 7638, SHA-256, base64url): the key's ID on the ledger. */
export const jwkThumbprintText = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a JWK thumbprint: SHA-256, base64url');

/** RFC 7638: SHA-256 over the required members in lexicographic order without whitespace (canonical JSON). */
export function jwkThumbprint(jwk: P256PublicJwk): string {
  return createHash('sha256').update(canonicalJson(jwk)).digest('base64url');
}

/** `did:jwk` of the key: its canonical JSON, base64url-encoded (a DID that is the key itself). */
export function didJwkOf(jwk: P256PublicJwk): string {
  return `did:jwk:${Buffer.from(canonicalJson(jwk)).toString('base64url')}`;
}

/** INVALID_ARGUMENT unless the coordinates are a point of P-256 (a key nobody could have signed with). */
export function requireCurvePoint(jwk: P256PublicJwk): void {
  try {
    createPublicKey({ key: jwk, format: 'jwk' });
  } catch {
    throw new ValidationError('invalid request: publicKeyJwk: x and y are not a point of P-256', [
      { path: 'publicKeyJwk', message: 'not a point of P-256' },
    ]);
  }
}
