import { AsnConvert } from '@peculiar/asn1-schema';
import * as asn from '@peculiar/asn1-x509';
import { sign, type KeyObject } from 'node:crypto';
import { asnExtension, ecdsaWithSha256, toArrayBuffer } from './certificate-builder';
import { toLowS } from './ecdsa-signature';
import * as x509 from './peculiar-x509';

/** One revoked certificate: its serial number (hex, as Fabric CA stores it) and when it was revoked. */
export interface RevokedEntry {
  readonly serial: string;
  readonly revokedAt: Date;
}

export interface CrlFields {
  readonly issuer: asn.Name;
  /** The issuing CA's subject key identifier (hex); Fabric's MSP finds a certificate's CRL by this AKI. */
  readonly keyId: string;
  readonly revoked: readonly RevokedEntry[];
  readonly thisUpdate: Date;
  readonly nextUpdate: Date;
}

/**
 * Encodes and signs an X.509 v2 CRL as Go's x509.CreateCRL (Fabric CA's gencrl) does: the CA's name as issuer,
 * an authority key identifier extension, ECDSA with SHA-256 (low-S); returns PEM (`X509 CRL`).
 */
export function signCrl(fields: CrlFields, issuerKey: KeyObject): string {
  const tbsCertList = new asn.TBSCertList({
    version: asn.Version.v2,
    signature: ecdsaWithSha256,
    issuer: fields.issuer,
    thisUpdate: new asn.Time(fields.thisUpdate),
    nextUpdate: new asn.Time(fields.nextUpdate),
    crlExtensions: [asnExtension(new x509.AuthorityKeyIdentifierExtension(fields.keyId))],
  });
  if (fields.revoked.length > 0) {
    tbsCertList.revokedCertificates = fields.revoked.map(
      (entry) =>
        new asn.RevokedCertificate({
          userCertificate: toArrayBuffer(serialBytes(entry.serial)),
          revocationDate: new asn.Time(entry.revokedAt),
        }),
    );
  }
  const signature = toLowS(sign('sha256', Buffer.from(AsnConvert.serialize(tbsCertList)), issuerKey));
  const crl = new asn.CertificateList({
    tbsCertList,
    signatureAlgorithm: ecdsaWithSha256,
    signature: toArrayBuffer(signature),
  });
  return `${x509.PemConverter.encode(AsnConvert.serialize(crl), 'X509 CRL')}\n`;
}

/** A positive serial number (hex) as the content of a minimal DER INTEGER. */
function serialBytes(hex: string): Buffer {
  const trimmed = hex.replace(/^0+/, '') || '0';
  const bytes = Buffer.from(trimmed.length % 2 ? `0${trimmed}` : trimmed, 'hex');
  return bytes[0] & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
}
