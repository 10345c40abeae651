import type * as asn from '@peculiar/asn1-x509';
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import { attributesExtension, type Attributes } from './attributes';
import { asnExtension, asnName, signCertificate } from './certificate-builder';
import { signCrl, type RevokedEntry } from './crl-builder';
import { distinguishedName, type NameAttribute } from './distinguished-name';
import { generateP256KeyPair, privateKeyPem, subjectKeyIdentifier } from './keys';
import type { NodeOU } from './node-ou';
import * as x509 from './peculiar-x509';

/** An enrollment certificate (MSP signcert) or a TLS certificate; they differ in key usages as in cryptogen. */
export type CertificatePurpose = 'identity' | 'tls';

export interface IssueRequest {
  readonly commonName: string;
  readonly purpose: CertificatePurpose;
  /** Subject OU telling Fabric the role (identity certificates). */
  readonly nodeOu?: NodeOU;
  /** DNS names or IP addresses (TLS server certificates). */
  readonly subjectAltNames?: readonly string[];
  /** Fabric CA attributes (identity certificates); no extension when empty. */
  readonly attrs?: Attributes;
  /** Validity; by default from 5 minutes ago for 10 years, as cryptogen does. */
  readonly notBefore?: Date;
  readonly notAfter?: Date;
}

export interface IssuedCredentials {
  readonly certPem: string;
  /** PKCS#8 PEM private key. */
  readonly keyPem: string;
}

const tenYears = 3650 * 24 * 60 * 60 * 1000;

/** cryptogen's fixed subject prefix for every certificate it issues. */
const subjectPrefix: ReadonlyArray<readonly [NameAttribute, string]> = [
  ['C', 'US'],
  ['ST', 'California'],
  ['L', 'San Francisco'],
];

/** Key usages as cryptogen sets them, encoded once: they are the same in every certificate of a kind. */
const caExtensions = [
  new x509.KeyUsagesExtension(
    x509.KeyUsageFlags.digitalSignature |
      x509.KeyUsageFlags.keyEncipherment |
      x509.KeyUsageFlags.keyCertSign |
      x509.KeyUsageFlags.cRLSign,
    true,
  ),
  new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth, x509.ExtendedKeyUsage.serverAuth]),
  new x509.BasicConstraintsExtension(true, undefined, true),
].map(asnExtension);

const leafExtensions: Record<CertificatePurpose, readonly asn.Extension[]> = {
  identity: [
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.BasicConstraintsExtension(false, undefined, true),
  ].map(asnExtension),
  tls: [
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
    new x509.BasicConstraintsExtension(false, undefined, true),
  ].map(asnExtension),
};

/** A CA issuing certificates shaped like cryptogen's: ECDSA P-256 keys, SHA-256 signatures. */
export class CertificateAuthority {
  /** Names this CA's key in every certificate it issues. */
  private readonly authorityKeyId: asn.Extension;

  private constructor(
    /** The CA certificate as PEM. */
    readonly certPem: string,
    /** The CA's subject, the issuer of every certificate it signs. */
    private readonly issuerName: asn.Name,
    /** The CA's subject key identifier (hex): the authority key identifier of what it signs. */
    readonly keyId: string,
    private readonly signingKey: KeyObject,
  ) {
    this.authorityKeyId = asnExtension(new x509.AuthorityKeyIdentifierExtension(keyId));
  }

  /** A new self-signed CA; `organization` becomes the subject O (cryptogen uses the org's domain). */
  static create(commonName: string, organization: string): { ca: CertificateAuthority; keyPem: string } {
    const keys = generateP256KeyPair();
    const keyId = subjectKeyIdentifier(keys.publicKey).toString('hex');
    const name = distinguishedName([...subjectPrefix, ['O', organization], ['CN', commonName]]);
    const certPem = signCertificate(
      {
        subject: name,
        issuer: name,
        publicKey: keys.publicKey,
        ...validity(),
        extensions: [...caExtensions, asnExtension(new x509.SubjectKeyIdentifierExtension(keyId))],
      },
      keys.privateKey,
    );
    const ca = new CertificateAuthority(certPem, name, keyId, keys.privateKey);
    return { ca, keyPem: privateKeyPem(keys.privateKey) };
  }

  /** A CA from its certificate and PKCS#8 private key. */
  static fromPem(certPem: string, keyPem: string): CertificateAuthority {
    const cert = new x509.X509Certificate(certPem);
    const ski = cert.getExtension(x509.SubjectKeyIdentifierExtension);
    if (!ski) throw new Error(`CA certificate ${cert.subject} has no subject key identifier`);
    return new CertificateAuthority(certPem, asnName(cert.subjectName), ski.keyId, createPrivateKey(keyPem));
  }

  /** Generates a key pair and issues a certificate for it. */
  issue(request: IssueRequest): IssuedCredentials {
    const keys = generateP256KeyPair();
    const role: Array<readonly [NameAttribute, string]> = request.nodeOu ? [['OU', request.nodeOu]] : [];
    const subject = distinguishedName([...subjectPrefix, ...role, ['CN', request.commonName]]);
    const extensions = [...leafExtensions[request.purpose], this.authorityKeyId];
    const sans = request.subjectAltNames ?? [];
    if (sans.length > 0) {
      const names = sans.map((value) => ({ type: isIP(value) ? ('ip' as const) : ('dns' as const), value }));
      extensions.push(asnExtension(new x509.SubjectAlternativeNameExtension(names)));
    }
    if (request.attrs && Object.keys(request.attrs).length > 0) extensions.push(attributesExtension(request.attrs));
    const certPem = signCertificate(
      {
        subject,
        issuer: this.issuerName,
        publicKey: keys.publicKey,
        ...validity(request.notBefore, request.notAfter),
        extensions,
      },
      this.signingKey,
    );
    return { certPem, keyPem: privateKeyPem(keys.privateKey) };
  }

  /**
   * Signs a certificate for a key this CA did not generate (a Fabric CA enrollment from a CSR): the caller gives
   * subject, validity and extensions; the CA adds its authority key identifier.
   */
  issueForKey(request: ForeignKeyRequest): string {
    return signCertificate(
      { ...request, issuer: this.issuerName, extensions: [...request.extensions, this.authorityKeyId] },
      this.signingKey,
    );
  }

  /** A CRL of this CA listing `revoked`, as PEM. */
  signCrl(revoked: readonly RevokedEntry[], thisUpdate: Date, nextUpdate: Date): string {
    return signCrl({ issuer: this.issuerName, keyId: this.keyId, revoked, thisUpdate, nextUpdate }, this.signingKey);
  }
}

export interface ForeignKeyRequest {
  readonly subject: asn.Name;
  readonly publicKey: KeyObject;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly extensions: readonly asn.Extension[];
}

function validity(notBefore?: Date, notAfter?: Date): { notBefore: Date; notAfter: Date } {
  // cryptogen rounds to the minute and backdates 5 minutes so that slightly slow clocks accept new certificates.
  const start = notBefore ?? new Date(Math.round(Date.now() / 60_000) * 60_000 - 5 * 60_000);
  return { notBefore: start, notAfter: notAfter ?? new Date(start.getTime() + tenYears) };
}
