import { AsnConvert } from '@peculiar/asn1-schema';
import * as asn from '@peculiar/asn1-x509';
import { verify, type X509Certificate } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { IdentityError } from './identity-error';
import * as x509 from './peculiar-x509';

/** Signature algorithms of the CRLs an ECDSA CA signs, with their hash. */
const crlSignatureHashes: Record<string, string> = {
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
};

const crlPem = /-----BEGIN X509 CRL-----[A-Za-z0-9+/=\s]+?-----END X509 CRL-----/g;

/**
 * The revoked serial numbers (upper-case hex, no leading zeros) per CA certificate of an MSP, from the CRLs in
 * its `crls/` folder, as Fabric's MSP uses its RevocationList: a CRL counts for the CA whose subject key
 * identifier is the CRL's authority key identifier and which signed it; CRLs of other CAs are ignored.
 */
export function readRevocations(
  mspId: string,
  crlDir: string,
  cas: readonly X509Certificate[],
): Map<X509Certificate, Set<string>> {
  const revoked = new Map<X509Certificate, Set<string>>();
  if (!existsSync(crlDir)) return revoked;
  const keyIds = cas.map(
    (ca) => new x509.X509Certificate(ca.raw).getExtension(x509.SubjectKeyIdentifierExtension)?.keyId,
  );
  for (const file of readdirSync(crlDir).sort()) {
    const text = readFileSync(path.join(crlDir, file), 'utf8');
    const blocks = text.match(crlPem);
    if (!blocks) throw new IdentityError(`MSP ${mspId}: crls/${file} holds no PEM X509 CRL`);
    for (const block of blocks) {
      let crl: asn.CertificateList;
      try {
        crl = AsnConvert.parse(x509.PemConverter.decodeFirst(block), asn.CertificateList);
      } catch (err) {
        throw new IdentityError(`MSP ${mspId}: could not parse the CRL in crls/${file}: ${(err as Error).message}`);
      }
      const aki = authorityKeyId(crl);
      const index = keyIds.findIndex((keyId) => keyId !== undefined && keyId === aki);
      if (index < 0 || !signedBy(crl, cas[index])) continue;
      const serials = revoked.get(cas[index]) ?? new Set<string>();
      for (const entry of crl.tbsCertList.revokedCertificates ?? []) {
        serials.add(normalizeSerial(Buffer.from(entry.userCertificate).toString('hex')));
      }
      revoked.set(cas[index], serials);
    }
  }
  return revoked;
}

/** A serial number as hex in one spelling: upper case, no leading zeros. */
export function normalizeSerial(hex: string): string {
  return hex.replace(/^0+/, '').toUpperCase() || '0';
}

function authorityKeyId(crl: asn.CertificateList): string | undefined {
  const extension = crl.tbsCertList.crlExtensions?.find((ext) => ext.extnID === asn.id_ce_authorityKeyIdentifier);
  if (!extension) return undefined;
  const aki = AsnConvert.parse(extension.extnValue.buffer, asn.AuthorityKeyIdentifier);
  return aki.keyIdentifier && Buffer.from(aki.keyIdentifier.buffer).toString('hex');
}

function signedBy(crl: asn.CertificateList, ca: X509Certificate): boolean {
  const hash = crlSignatureHashes[crl.signatureAlgorithm.algorithm];
  if (!hash || !crl.tbsCertListRaw) return false;
  return verify(hash, Buffer.from(crl.tbsCertListRaw), ca.publicKey, Buffer.from(crl.signature));
}
