import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

export interface KeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

/**
 * A new ECDSA P-256 key pair (the only key type the dev network issues, as cryptogen's default). Generated encoded
 * and imported afresh: on Node 20, exporting a key object that `generateKeyPairSync` returned can deadlock the
 * process when the garbage collector frees the key's generation job meanwhile (both take the key's lock; seen as a
 * test worker hung for good in a JWK export). Imported keys share no lock with any generation job.
 */
export function generateP256KeyPair(): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    privateKeyEncoding: { type: 'pkcs8', format: 'der' },
    publicKeyEncoding: { type: 'spki', format: 'der' },
  });
  return {
    privateKey: createPrivateKey({ key: privateKey, format: 'der', type: 'pkcs8' }),
    publicKey: createPublicKey({ key: publicKey, format: 'der', type: 'spki' }),
  };
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
