import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import * as asn from '@peculiar/asn1-x509';
import { randomBytes, sign, type KeyObject } from 'node:crypto';
import { toLowS } from './ecdsa-signature';
import { publicKeySpki } from './keys';
import * as x509 from './peculiar-x509';

/** ecdsa-with-SHA256, the signature algorithm of every certificate cryptogen issues with P-256 keys. */
export const ecdsaWithSha256 = new asn.AlgorithmIdentifier({ algorithm: '1.2.840.10045.4.3.2' });

export interface CertificateFields {
  readonly subject: asn.Name;
  readonly issuer: asn.Name;
  readonly publicKey: KeyObject;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly extensions: readonly asn.Extension[];
}

/**
 * Encodes and signs an X.509 v3 certificate with the issuer's P-256 key, returning PEM (with the final
 * newline Go's pem.Encode writes). Built on @peculiar/x509's own ASN.1 schema classes rather than its
 * X509CertificateGenerator, which parses every part back and costs twice the time across a topology.
 */
export function signCertificate(fields: CertificateFields, issuerKey: KeyObject): string {
  const tbsCertificate = new asn.TBSCertificate({
    version: asn.Version.v3,
    serialNumber: serialNumber(),
    signature: ecdsaWithSha256,
    issuer: fields.issuer,
    validity: new asn.Validity({ notBefore: fields.notBefore, notAfter: fields.notAfter }),
    subject: fields.subject,
    subjectPublicKeyInfo: AsnConvert.parse(publicKeySpki(fields.publicKey), asn.SubjectPublicKeyInfo),
    extensions: new asn.Extensions([...fields.extensions]),
  });
  // Low-S like cryptogen's signer, so that Fabric's sanitising of certificate signatures changes nothing.
  const signature = toLowS(sign('sha256', Buffer.from(AsnConvert.serialize(tbsCertificate)), issuerKey));
  const certificate = new asn.Certificate({
    tbsCertificate,
    signatureAlgorithm: ecdsaWithSha256,
    signatureValue: toArrayBuffer(signature),
  });
  return `${x509.PemConverter.encode(AsnConvert.serialize(certificate), 'CERTIFICATE')}\n`;
}

/** The schema form of a name built with @peculiar/x509 (which picks PrintableString or UTF8String per value). */
export function asnName(name: x509.Name): asn.Name {
  return AsnConvert.parse(name.toArrayBuffer(), asn.Name);
}

/** The schema form of an extension built with @peculiar/x509's extension classes. */
export function asnExtension(extension: x509.Extension): asn.Extension {
  return AsnConvert.parse(extension.rawData, asn.Extension);
}

/** An extension whose extnValue is given as raw bytes. */
export function rawExtension(oid: string, critical: boolean, value: Uint8Array): asn.Extension {
  return new asn.Extension({ extnID: oid, critical, extnValue: new OctetString(value) });
}

/** A random positive 128-bit serial number, as cryptogen draws. */
function serialNumber(): ArrayBuffer {
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f;
  if (bytes[0] === 0) bytes[0] = 0x01; // keep the DER INTEGER minimal
  return toArrayBuffer(bytes);
}

export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
