import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportJWK, importJWK, type CryptoKey, type JWK } from 'jose';
import { didJwkOf, jwkThumbprint, mspId, p256PublicJwk, type P256PublicJwk } from '@scenechain/scene-kit';

/** An org's credential signing key as the app holds it. */
export interface SigningKey {
  readonly mspId: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: P256PublicJwk;
  /** Its JWK thumbprint: its ID on the ledger. */
  readonly keyId: string;
  /** `did:jwk` of the public key: the credentials' `issuer`. */
  readonly did: string;
}

/**
 * The P-256 keys orgs sign verifiable credentials with, one per org, kept in the app's data folder
 * (`issuer-keys/<MSP ID>.jwk.json`, readable by the app's user only) like the org's MSP folders. Only the public
 * half goes on the ledger, registered by the org itself; a key is made when its org first registers one.
 */
export class IssuerKeystore {
  private readonly loaded = new Map<string, Promise<SigningKey | undefined>>();

  constructor(private readonly dir: string) {}

  /** The org's key, or undefined if the app holds none. */
  find(org: string): Promise<SigningKey | undefined> {
    const name = mspId.parse(org);
    let key = this.loaded.get(name);
    if (!key) {
      key = this.read(name);
      this.loaded.set(name, key);
      key.catch(() => this.loaded.delete(name));
    }
    return key;
  }

  /** The org's key, made and kept if the app holds none yet. */
  async ensure(org: string): Promise<SigningKey> {
    const found = await this.find(org);
    if (found) return found;
    // Generated encoded and imported afresh (see the dev network's generateP256KeyPair: exporting a freshly
    // generated key object can deadlock Node 20 when its generation job is garbage collected meanwhile).
    const pkcs8 = generateKeyPairSync('ec', {
      namedCurve: 'P-256',
      privateKeyEncoding: { type: 'pkcs8', format: 'der' },
      publicKeyEncoding: { type: 'spki', format: 'der' },
    }).privateKey;
    const jwk = await exportJWK(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }));
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    try {
      // 'wx': a key another request made meanwhile is kept, never overwritten.
      writeFileSync(this.fileOf(org), JSON.stringify(jwk), { flag: 'wx', mode: 0o600 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    this.loaded.delete(org);
    return (await this.find(org))!;
  }

  private fileOf(org: string): string {
    return path.join(this.dir, `${org}.jwk.json`);
  }

  private async read(org: string): Promise<SigningKey | undefined> {
    let text: string;
    try {
      text = readFileSync(this.fileOf(org), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    const jwk = JSON.parse(text) as JWK;
    const publicJwk = p256PublicJwk.parse({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y });
    const privateKey = (await importJWK(jwk, 'ES256')) as CryptoKey;
    return { mspId: org, privateKey, publicJwk, keyId: jwkThumbprint(publicJwk), did: didJwkOf(publicJwk) };
  }
}
