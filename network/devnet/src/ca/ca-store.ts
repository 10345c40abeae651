import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';

const scrypt = promisify(scryptCallback) as (secret: string, salt: Buffer, length: number) => Promise<Buffer>;

const attributeSchema = z.strictObject({ name: z.string(), value: z.string(), ecert: z.boolean() });

const identitySchema = z.strictObject({
  name: z.string(),
  type: z.string(),
  affiliation: z.string(),
  attrs: z.array(attributeSchema),
  /** -1: unlimited. */
  maxEnrollments: z.number().int(),
  /** Successful enrollments so far; -1 once the identity is revoked (Fabric CA's users.state). */
  state: z.number().int(),
  /** `scrypt$<salt hex>$<hash hex>` of the enrollment secret. */
  secretHash: z.string(),
});

const certificateSchema = z.strictObject({
  /** Enrollment ID the certificate was issued to. */
  id: z.string(),
  /** Lower-case hex without leading zeros, as Fabric CA's certificates table keys them. */
  serial: z.string(),
  aki: z.string(),
  status: z.enum(['good', 'revoked']),
  /** RFC 5280 reason code. */
  reason: z.number().int(),
  revokedAt: z.string().optional(),
  notAfter: z.string(),
  pem: z.string(),
});

const storeSchema = z.strictObject({
  version: z.literal(1),
  affiliations: z.array(z.string()),
  identities: z.array(identitySchema),
  certificates: z.array(certificateSchema),
});

export type RegisteredAttribute = z.infer<typeof attributeSchema>;
export type RegisteredIdentity = z.infer<typeof identitySchema>;
export type CertificateRecord = z.infer<typeof certificateSchema>;

/** A new identity as registration or the bootstrap configuration gives it, with its secret in clear. */
export interface NewIdentity extends Omit<RegisteredIdentity, 'secretHash' | 'state'> {
  readonly secret: string;
}

export class CaStoreError extends Error {
  override readonly name = 'CaStoreError';
}

/**
 * A Fabric CA's registry and certificate database (Fabric CA keeps them in SQLite): identities with hashed
 * secrets, affiliations, and every certificate issued with its revocation status. Kept in one JSON file,
 * rewritten atomically after each change, so it survives restarts and is never seen half written.
 * Mutations are synchronous; `save` persists them in the order they were made.
 */
export class CaStore {
  private saving: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: string,
    private readonly data: z.infer<typeof storeSchema>,
  ) {}

  /** Opens the store in `file`, or creates it with `affiliations` and the bootstrap `identities`. */
  static async open(
    file: string,
    affiliations: readonly string[],
    identities: readonly NewIdentity[],
  ): Promise<CaStore> {
    let text: string | undefined;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (text !== undefined) {
      let parsed: ReturnType<typeof storeSchema.safeParse>;
      try {
        parsed = storeSchema.safeParse(JSON.parse(text));
      } catch (err) {
        throw new CaStoreError(`the Fabric CA store ${file} is not JSON: ${(err as Error).message}`);
      }
      if (!parsed.success) throw new CaStoreError(`the Fabric CA store ${file} is damaged: ${parsed.error.message}`);
      return new CaStore(file, parsed.data);
    }
    const store = new CaStore(file, { version: 1, affiliations: [...affiliations], identities: [], certificates: [] });
    for (const identity of identities) store.addIdentity(identity.name, await hashSecret(identity.secret), identity);
    await store.save();
    return store;
  }

  identity(name: string): RegisteredIdentity | undefined {
    return this.data.identities.find((identity) => identity.name === name);
  }

  hasAffiliation(affiliation: string): boolean {
    return this.data.affiliations.includes(affiliation);
  }

  /** Adds an identity whose secret was hashed with `hashSecret`. */
  addIdentity(name: string, secretHash: string, fields: Omit<NewIdentity, 'name' | 'secret'>): RegisteredIdentity {
    const identity: RegisteredIdentity = {
      name,
      type: fields.type,
      affiliation: fields.affiliation,
      attrs: fields.attrs.map((attr) => ({ ...attr })),
      maxEnrollments: fields.maxEnrollments,
      state: 0,
      secretHash,
    };
    this.data.identities.push(identity);
    return identity;
  }

  certificate(serial: string, aki: string): CertificateRecord | undefined {
    return this.data.certificates.find((cert) => cert.serial === serial && cert.aki === aki);
  }

  certificatesOf(id: string): CertificateRecord[] {
    return this.data.certificates.filter((cert) => cert.id === id);
  }

  revokedCertificates(): CertificateRecord[] {
    return this.data.certificates.filter((cert) => cert.status === 'revoked');
  }

  addCertificate(record: CertificateRecord): void {
    this.data.certificates.push(record);
  }

  /** Writes the current state; resolves once it (and every earlier change) is on disk. */
  save(): Promise<void> {
    const next = this.saving.then(async () => {
      const tmp = `${this.file}.tmp-${process.pid}`;
      await mkdir(path.dirname(this.file), { recursive: true });
      await writeFile(tmp, `${JSON.stringify(this.data, null, 2)}\n`, { mode: 0o600 });
      await rename(tmp, this.file);
    });
    this.saving = next.catch(() => undefined);
    return next;
  }
}

export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(secret, salt, 32);
  return `scrypt$${salt.toString('hex')}$${hash.toString('hex')}`;
}

export async function secretMatches(secret: string, stored: string): Promise<boolean> {
  const [scheme, saltHex, hashHex] = stored.split('$');
  if (scheme !== 'scrypt' || !saltHex || !hashHex) return false;
  const hash = await scrypt(secret, Buffer.from(saltHex, 'hex'), 32);
  return timingSafeEqual(hash, Buffer.from(hashHex, 'hex'));
}
