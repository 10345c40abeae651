import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';

export interface KeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

/** A new ECDSA P-256 key pair (the only key type the dev network issues, as cryptogen's default). */
export function generateP256KeyPair(): KeyPair {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

/** PKCS#8 PEM, the format of cryptogen's `priv_sk` files and the one fabric-gateway clients read. */
export function privateKeyPem(privateKey: KeyObject): string {
  return privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
}

export function publicKeySpki(publicKey: KeyObject): Buffer {
  return publicKey.export({ type: 'spki', format: 'der' });
}

/**
 * Subject key identifier as cryptogen computes it (RFC 7093 section 2 method 4): SHA-256 of the uncompressed
 * EC point. Fabric uses the same value to find keys in a keystore.
 */
export function subjectKeyIdentifier(publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: 'jwk' });
  const point = Buffer.concat([
    Buffer.from([0x04]),
    Buffer.from(jwk.x as string, 'base64url'),
    Buffer.from(jwk.y as string, 'base64url'),
  ]);
  return createHash('sha256').update(point).digest();
}
