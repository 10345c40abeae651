import { CompactSign, compactVerify, decodeProtectedHeader, importJWK, type ProtectedHeaderParameters } from 'jose';
import { p256PublicJwk, type P256PublicJwk } from '@scenechain/scene-kit';
import type { SigningKey } from './issuer-keystore';

/** The media type of a credential secured with JOSE (VC-JOSE-COSE), and the JWS `typ` saying so. */
export const VC_JWT_MEDIA_TYPE = 'application/vc+jwt';
export const VC_JWT_TYP = 'vc+jwt';

/** The key ID in a JWS header: the issuer's DID and the key's fragment (a `did:jwk` has the one key `#0`). */
export const kidOf = (did: string): string => `${did}#0`;

/** Signs a credential (its JSON is the JWS payload, as VC-JOSE-COSE has it) with ES256. */
export async function signCredential(credential: object, key: SigningKey): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(credential)))
    .setProtectedHeader({ alg: 'ES256', typ: VC_JWT_TYP, cty: 'vc', kid: kidOf(key.did) })
    .sign(key.privateKey);
}

/** The protected header of a compact JWS, or undefined if it is not one. */
export function headerOf(jws: string): ProtectedHeaderParameters | undefined {
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(jws)) return undefined;
  try {
    return decodeProtectedHeader(jws);
  } catch {
    return undefined;
  }
}

/** The public key a `did:jwk` (with or without its `#0` fragment) is, or undefined if it is none (or not P-256). */
export function keyOfDidJwk(didUrl: string): { did: string; jwk: P256PublicJwk } | undefined {
  const match = /^(did:jwk:([A-Za-z0-9_-]+))(#0)?$/.exec(didUrl);
  if (!match) return undefined;
  try {
    const parsed = p256PublicJwk.safeParse(JSON.parse(Buffer.from(match[2], 'base64url').toString('utf8')));
    return parsed.success ? { did: match[1], jwk: parsed.data } : undefined;
  } catch {
    return undefined;
  }
}

/** The payload of a JWS whose ES256 signature verifies with `jwk`, or undefined if it does not. */
export async function verifiedPayload(jws: string, jwk: P256PublicJwk): Promise<Uint8Array | undefined> {
  try {
    const key = await importJWK(jwk, 'ES256');
    return (await compactVerify(jws, key, { algorithms: ['ES256'] })).payload;
  } catch {
    return undefined;
  }
}
