import { X509Certificate } from 'node:crypto';
import type { Topology } from '../topology/schema';
import { isStrictDerSignature } from './ecdsa-signature';
import { fabricShimId } from './fabric-id';
import { X509Identity, type Identity } from './identity';
import { IdentityError } from './identity-error';
import { orgLayout } from './layout';
import * as x509 from './peculiar-x509';
import { parseSerializedIdentity } from './serialized-identity';
import { VerifyingMsp } from './verifying-msp';

export interface MembershipRegistryOptions {
  /** The channel name, for error messages. */
  readonly channel?: string;
}

interface CachedIdentity {
  readonly identity: Identity;
  readonly validFrom: number;
  readonly validUntil: number;
}

/** Bounds the cache against floods of distinct identities; real channels see a handful. */
const maxCachedIdentities = 10_000;

const pemCertificate = /^\s*-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----\s*$/;

/**
 * The MSPs of one channel. Turns serialized identities from proposals, transactions and endorsements into
 * validated identities; each distinct identity is validated once and then served from a cache for as long
 * as its certificate is valid.
 */
export class MembershipRegistry {
  private msps = new Map<string, VerifyingMsp>();
  private readonly cache = new Map<string, CachedIdentity>();

  private constructor(
    private readonly mspDirs: ReadonlyMap<string, string>,
    private readonly channel: string | undefined,
  ) {
    this.reload();
  }

  /** The channel MSPs `mspIds` from their org MSP folders in a cryptogen layout under `cryptoDir`. */
  static fromCrypto(
    topology: Topology,
    cryptoDir: string,
    mspIds: readonly string[],
    options: MembershipRegistryOptions = {},
  ): MembershipRegistry {
    const mspDirs = new Map(mspIds.map((mspId) => [mspId, orgLayout(topology, cryptoDir, mspId).mspDir]));
    return new MembershipRegistry(mspDirs, options.channel);
  }

  /** The MSPs of `mspDirs` (MSP ID to a verifying MSP folder: `cacerts/` and a NodeOU `config.yaml`). */
  static fromMspFolders(
    mspDirs: ReadonlyMap<string, string>,
    options: MembershipRegistryOptions = {},
  ): MembershipRegistry {
    return new MembershipRegistry(mspDirs, options.channel);
  }

  get mspIds(): string[] {
    return [...this.msps.keys()];
  }

  /** Re-reads the MSP folders and forgets every validated identity. */
  reload(): void {
    this.msps = new Map([...this.mspDirs].map(([mspId, dir]) => [mspId, VerifyingMsp.load(mspId, dir)]));
    this.cache.clear();
  }

  /** Validates a `msp.SerializedIdentity`; throws IdentityError saying why the channel refuses it. */
  deserialize(serializedIdentity: Uint8Array): Identity {
    const key = Buffer.from(
      serializedIdentity.buffer,
      serializedIdentity.byteOffset,
      serializedIdentity.byteLength,
    ).toString('latin1');
    const now = Date.now();
    const cached = this.cache.get(key);
    if (cached && now >= cached.validFrom && now <= cached.validUntil) return cached.identity;
    // Not cached, or no longer valid: validate again, which throws the precise reason.
    this.cache.delete(key);
    const entry = this.validate(serializedIdentity, now);
    if (this.cache.size >= maxCachedIdentities) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, entry);
    return entry.identity;
  }

  private validate(serializedIdentity: Uint8Array, now: number): CachedIdentity {
    let decoded: ReturnType<typeof parseSerializedIdentity>;
    try {
      decoded = parseSerializedIdentity(serializedIdentity);
    } catch (err) {
      throw new IdentityError(`could not deserialize a SerializedIdentity: ${(err as Error).message}`);
    }
    const { mspId } = decoded;
    const msp = this.msps.get(mspId);
    if (!msp) {
      throw new IdentityError(`MSP ${mspId} is not defined on channel${this.channel ? ` ${this.channel}` : ''}`);
    }
    const certPem = Buffer.from(decoded.idBytes).toString('utf8');
    if (!pemCertificate.test(certPem)) {
      throw new IdentityError(`the identity of MSP ${mspId} is not one PEM certificate`);
    }
    let cert: X509Certificate;
    let parsed: x509.X509Certificate;
    try {
      cert = new X509Certificate(certPem);
      parsed = new x509.X509Certificate(certPem);
    } catch (err) {
      throw new IdentityError(
        `could not parse the certificate of an identity of MSP ${mspId}: ${(err as Error).message}`,
      );
    }
    const signatureAlgorithm = (parsed.signatureAlgorithm as { name?: string }).name;
    if (signatureAlgorithm === 'ECDSA' && !isStrictDerSignature(new Uint8Array(parsed.signature))) {
      throw new IdentityError(`the identity of MSP ${mspId} has a non canonical signature`);
    }
    const { role, validFrom, validUntil } = msp.validate(cert, parsed.subjectName.getField('OU'), now);
    const identity = new X509Identity(
      mspId,
      role,
      certPem,
      serializedIdentity.slice(),
      fabricShimId(parsed),
      cert.publicKey,
    );
    return { identity, validFrom, validUntil };
  }
}
