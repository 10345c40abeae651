import { createPrivateKey, webcrypto, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import { attributesExtension, type Attributes } from './attributes';
import { generateP256KeyPair, privateKeyPem, publicKeySpki, subjectKeyIdentifier } from './keys';
import type { NodeOU } from './node-ou';
import * as x509 from './peculiar-x509';

/** An enrollment certificate (MSP signcert) or a TLS certificate; they differ in key usages as in cryptogen. */
export type CertificatePurpose = 'identity' | 'tls';

export interface IssueRequest {
  readonly commonName: string;
  readonly purpose: CertificatePurpose;
  /** Subject OU telling Fabric the role (identity certificates only). */
  readonly nodeOu?: NodeOU;
  /** DNS names or IP addresses (TLS server certificates). */
  readonly subjectAltNames?: readonly string[];
  /** Fabric CA attributes (identity certificates only); no extension when empty. */
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

const signingAlgorithm = { name: 'ECDSA', hash: 'SHA-256' };
const tenYears = 3650 * 24 * 60 * 60 * 1000;

/** Key usages of issued certificates, as cryptogen sets them; shared since extensions are immutable. */
const leafExtensions: Record<CertificatePurpose, readonly x509.Extension[]> = {
  identity: [
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.BasicConstraintsExtension(false, undefined, true),
  ],
  tls: [
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
    new x509.BasicConstraintsExtension(false, undefined, true),
  ],
};

/** cryptogen's fixed subject prefix for every certificate it issues. */
const subjectPrefix: x509.JsonName = [{ C: ['US'] }, { ST: ['California'] }, { L: ['San Francisco'] }];

/** A CA able to issue certificates shaped like cryptogen's (ECDSA P-256, SHA-256). */
export class CertificateAuthority {
  /** Names this CA's key in every certificate it issues. */
  private readonly authorityKeyId: x509.AuthorityKeyIdentifierExtension;

  private constructor(
    /** The CA certificate as PEM. */
    readonly certPem: string,
    private readonly cert: x509.X509Certificate,
    keyId: string,
    private readonly signingKey: webcrypto.CryptoKey,
  ) {
    this.authorityKeyId = new x509.AuthorityKeyIdentifierExtension(keyId);
  }

  /** A new self-signed CA; `organization` becomes the subject O (cryptogen uses the org's domain). */
  static async create(commonName: string, organization: string): Promise<{ ca: CertificateAuthority; keyPem: string }> {
    const keys = generateP256KeyPair();
    const keyId = subjectKeyIdentifier(keys.publicKey).toString('hex');
    const signingKey = await importSigningKey(keys.privateKey);
    const name = new x509.Name([...subjectPrefix, { O: [organization] }, { CN: [commonName] }]);
    const cert = await x509.X509CertificateGenerator.create({
      subject: name,
      issuer: name,
      ...validity(),
      publicKey: publicKeySpki(keys.publicKey),
      signingKey,
      signingAlgorithm,
      extensions: [
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.digitalSignature |
            x509.KeyUsageFlags.keyEncipherment |
            x509.KeyUsageFlags.keyCertSign |
            x509.KeyUsageFlags.cRLSign,
          true,
        ),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth, x509.ExtendedKeyUsage.serverAuth]),
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.SubjectKeyIdentifierExtension(keyId),
      ],
    });
    const ca = new CertificateAuthority(cert.toString('pem'), cert, keyId, signingKey);
    return { ca, keyPem: privateKeyPem(keys.privateKey) };
  }

  /** A CA from its certificate and PKCS#8 private key. */
  static async fromPem(certPem: string, keyPem: string): Promise<CertificateAuthority> {
    const cert = new x509.X509Certificate(certPem);
    const ski = cert.getExtension(x509.SubjectKeyIdentifierExtension);
    if (!ski) throw new Error(`CA certificate ${cert.subject} has no subject key identifier`);
    const signingKey = await importSigningKey(createPrivateKey(keyPem));
    return new CertificateAuthority(certPem, cert, ski.keyId, signingKey);
  }

  /** Generates a key pair and issues a certificate for it. */
  async issue(request: IssueRequest): Promise<IssuedCredentials> {
    const keys = generateP256KeyPair();
    const subject: x509.JsonName = [...subjectPrefix];
    if (request.nodeOu) subject.push({ OU: [request.nodeOu] });
    subject.push({ CN: [request.commonName] });
    const extensions = [...leafExtensions[request.purpose], this.authorityKeyId];
    const sans = request.subjectAltNames ?? [];
    if (sans.length > 0) {
      extensions.push(
        new x509.SubjectAlternativeNameExtension(sans.map((value) => ({ type: isIP(value) ? 'ip' : 'dns', value }))),
      );
    }
    if (request.attrs && Object.keys(request.attrs).length > 0) extensions.push(attributesExtension(request.attrs));
    const cert = await x509.X509CertificateGenerator.create({
      subject,
      issuer: this.cert.subjectName,
      ...validity(request.notBefore, request.notAfter),
      publicKey: publicKeySpki(keys.publicKey),
      signingKey: this.signingKey,
      signingAlgorithm,
      extensions,
    });
    return { certPem: cert.toString('pem'), keyPem: privateKeyPem(keys.privateKey) };
  }
}

function validity(notBefore?: Date, notAfter?: Date): { notBefore: Date; notAfter: Date } {
  // cryptogen rounds to the minute and backdates 5 minutes so that slightly slow clocks accept new certificates.
  const start = notBefore ?? new Date(Math.round(Date.now() / 60_000) * 60_000 - 5 * 60_000);
  return { notBefore: start, notAfter: notAfter ?? new Date(start.getTime() + tenYears) };
}

function importSigningKey(privateKey: KeyObject): Promise<webcrypto.CryptoKey> {
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' });
  return webcrypto.subtle.importKey('pkcs8', pkcs8, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
}
