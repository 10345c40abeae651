import { X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { IdentityError } from './identity-error';
import { parseNodeOuConfig, NODE_OUS, type NodeOU } from './node-ou';
import { normalizeSerial, readRevocations } from './revocation-list';

/** A certificate that passed an MSP's checks, and the time window (ms) in which that result holds. */
export interface ValidatedCertificate {
  readonly role: NodeOU;
  readonly validFrom: number;
  readonly validUntil: number;
}

interface TrustedCa {
  readonly cert: X509Certificate;
  readonly validFrom: number;
  readonly validUntil: number;
  /** Serial numbers this CA revoked (the MSP's CRLs), normalized by normalizeSerial. */
  revoked?: ReadonlySet<string>;
}

interface RoleOU {
  readonly role: NodeOU;
  /** The CA the role's identities must be issued by, when config.yaml names one. */
  readonly certifier?: X509Certificate;
}

/**
 * One org's verifying MSP as a channel holds it (root CAs, CRLs and NodeOU configuration), checking identities
 * the way Fabric's X.509 MSP does: issued by one of the MSP's CAs, not revoked, within validity, not a CA, and
 * carrying exactly one NodeOU role.
 */
export class VerifyingMsp {
  private constructor(
    readonly mspId: string,
    private readonly cas: readonly TrustedCa[],
    private readonly roleOUs: ReadonlyMap<string, RoleOU>,
  ) {}

  /** Reads `cacerts/`, `crls/` and `config.yaml` of an MSP folder; NodeOUs must be enabled. */
  static load(mspId: string, mspDir: string): VerifyingMsp {
    const cas = readCaCerts(mspId, path.join(mspDir, 'cacerts'));
    const revocations = readRevocations(
      mspId,
      path.join(mspDir, 'crls'),
      cas.map((ca) => ca.cert),
    );
    for (const ca of cas) ca.revoked = revocations.get(ca.cert);
    let config: ReturnType<typeof parseNodeOuConfig>;
    try {
      config = parseNodeOuConfig(readFileSync(path.join(mspDir, 'config.yaml'), 'utf8'));
    } catch (err) {
      throw new IdentityError(`cannot read the NodeOU configuration of MSP ${mspId}: ${(err as Error).message}`);
    }
    if (!config) throw new IdentityError(`MSP ${mspId} in ${mspDir} does not enable NodeOUs`);
    const roleOUs = new Map<string, RoleOU>();
    for (const role of NODE_OUS) {
      const identifier = config[role];
      if (!identifier) continue;
      let certifier: X509Certificate | undefined;
      if (identifier.certificate) {
        const file = path.join(mspDir, identifier.certificate);
        certifier = cas.find((ca) => ca.cert.raw.equals(new X509Certificate(readFileSync(file)).raw))?.cert;
        if (!certifier)
          throw new IdentityError(`MSP ${mspId}: ${identifier.certificate} is not one of its CA certificates`);
      }
      roleOUs.set(identifier.organizationalUnit, { role, certifier });
    }
    return new VerifyingMsp(mspId, cas, roleOUs);
  }

  /** Checks a certificate (with its subject OUs) at time `now`; throws IdentityError saying why it is refused. */
  validate(cert: X509Certificate, organizationalUnits: readonly string[], now: number): ValidatedCertificate {
    if (cert.ca) {
      throw new IdentityError(
        `MSP ${this.mspId}: an X509 certificate with Basic Constraint: Certificate Authority equals true cannot be used as an identity`,
      );
    }
    const issuer = this.cas.find((ca) => cert.checkIssued(ca.cert) && cert.verify(ca.cert.publicKey));
    if (!issuer)
      throw new IdentityError(
        `certificate is not issued by the CA of MSP ${this.mspId} (issuer ${oneLine(cert.issuer)})`,
      );
    // Fabric's wording (msp validateCertAgainstChain).
    if (issuer.revoked?.has(normalizeSerial(cert.serialNumber)))
      throw new IdentityError('The certificate has been revoked');
    const validFrom = Date.parse(cert.validFrom);
    const validUntil = Date.parse(cert.validTo);
    if (now > validUntil)
      throw new IdentityError(
        `certificate expired at ${iso(validUntil)} (MSP ${this.mspId}, ${oneLine(cert.subject)})`,
      );
    if (now < validFrom)
      throw new IdentityError(
        `certificate is not valid before ${iso(validFrom)} (MSP ${this.mspId}, ${oneLine(cert.subject)})`,
      );
    if (now > issuer.validUntil || now < issuer.validFrom) {
      throw new IdentityError(
        `the CA certificate of MSP ${this.mspId} is not valid now (${iso(issuer.validFrom)} to ${iso(issuer.validUntil)})`,
      );
    }
    const roles = organizationalUnits.flatMap((ou) => {
      const roleOU = this.roleOUs.get(ou);
      return roleOU ? [roleOU] : [];
    });
    if (roles.length !== 1) {
      throw new IdentityError(
        roles.length === 0
          ? `the identity does not have an OU that resolves to client, peer, orderer, or admin role. OUs: [${organizationalUnits.join(' ')}], MSP: [${this.mspId}]`
          : `the identity must have a client, a peer, an orderer, or an admin OU role to be valid, not a combination of them. OUs: [${organizationalUnits.join(' ')}], MSP: [${this.mspId}]`,
      );
    }
    const [{ role, certifier }] = roles;
    if (certifier && !certifier.raw.equals(issuer.cert.raw)) {
      throw new IdentityError(
        `MSP ${this.mspId}: the ${role} OU is certified by another CA than the identity's issuer`,
      );
    }
    return {
      role,
      validFrom: Math.max(validFrom, issuer.validFrom),
      validUntil: Math.min(validUntil, issuer.validUntil),
    };
  }
}

function readCaCerts(mspId: string, dir: string): TrustedCa[] {
  let files: string[];
  try {
    files = readdirSync(dir).sort();
  } catch (err) {
    throw new IdentityError(`cannot read the CA certificates of MSP ${mspId}: ${(err as Error).message}`);
  }
  const cas = files.map((file) => {
    const cert = new X509Certificate(readFileSync(path.join(dir, file)));
    if (!cert.ca) throw new IdentityError(`MSP ${mspId}: ${file} is not a CA certificate`);
    return { cert, validFrom: Date.parse(cert.validFrom), validUntil: Date.parse(cert.validTo) };
  });
  if (cas.length === 0) throw new IdentityError(`MSP ${mspId} has no CA certificate in ${dir}`);
  return cas;
}

function iso(time: number): string {
  return new Date(time).toISOString();
}

/** node:crypto prints distinguished names one attribute per line. */
function oneLine(dn: string): string {
  return dn.split('\n').join(', ');
}
