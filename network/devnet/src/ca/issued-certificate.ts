import { AsnConvert } from '@peculiar/asn1-schema';
import * as asn from '@peculiar/asn1-x509';
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { asnExtension } from '../identity/certificate-builder';
import { attributesExtension } from '../identity/attributes';
import { subjectKeyIdentifier } from '../identity/keys';
import * as x509 from '../identity/peculiar-x509';
import { ECERT_VALIDITY_MS } from './ca-config';
import type { CaContext } from './ca-context';
import type { CertificateRecord } from './ca-store';
import type { ParsedCsr } from './csr';

/** The signing profiles of fabric-samples' CA configuration that issue end-entity certificates. */
export type EndEntityProfile = 'default' | 'tls';

const profileExtensions: Record<EndEntityProfile, readonly asn.Extension[]> = {
  // signing.default: usage "digital signature".
  default: [
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.BasicConstraintsExtension(false, undefined, true),
  ].map(asnExtension),
  // signing.profiles.tls: signing, key encipherment, server auth, client auth, key agreement.
  tls: [
    new x509.KeyUsagesExtension(
      x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment | x509.KeyUsageFlags.keyAgreement,
      true,
    ),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
    new x509.BasicConstraintsExtension(false, undefined, true),
  ].map(asnExtension),
};

export interface EcertRequest {
  readonly csr: ParsedCsr;
  readonly enrollmentId: string;
  /** hf.Type: the first OU, which Fabric's NodeOUs read as the role (client, peer, admin, orderer). */
  readonly type: string;
  /** hf.Affiliation, e.g. org1.department1: one OU per part after the type. */
  readonly affiliation: string;
  /** The attribute extension's content; none when undefined. */
  readonly attrs?: Record<string, string>;
  readonly profile: EndEntityProfile;
  /** Subject alternative names the request asks for (overrides the CSR's). */
  readonly hosts: readonly string[];
}

/**
 * Issues an enrollment certificate as Fabric CA does: the CSR's key, its CN, C, ST, L and O, OUs set by the
 * CA (type, then the affiliation path), the profile's key usages, the requested attributes, validity from the
 * CA certificate's start for a year (no later than the CA's end). Returns its PEM and database record.
 */
export function issueEcert(ca: CaContext, request: EcertRequest): { pem: string; record: CertificateRecord } {
  const { csr } = request;
  const ous = [request.type, ...(request.affiliation === '' ? [] : request.affiliation.split('.'))].filter(Boolean);
  const rdns = csr.names.map((name) => new asn.RelativeDistinguishedName([name]));
  if (ous.length > 0) rdns.push(new asn.RelativeDistinguishedName(derSorted(ous.map(ouValue))));
  rdns.push(
    new asn.RelativeDistinguishedName([
      new asn.AttributeTypeAndValue({ type: '2.5.4.3', value: directoryString(request.enrollmentId) }),
    ]),
  );
  if (csr.serialNumber) rdns.push(new asn.RelativeDistinguishedName([csr.serialNumber]));
  const extensions = [
    ...profileExtensions[request.profile],
    asnExtension(new x509.SubjectKeyIdentifierExtension(subjectKeyIdentifier(csr.publicKey).toString('hex'))),
  ];
  const san = sanExtension(request.hosts) ?? csr.subjectAltName;
  if (san) extensions.push(san);
  if (request.attrs) extensions.push(attributesExtension(request.attrs));
  const now = ca.now();
  const caNotBefore = Date.parse(ca.cert.validFrom);
  const caNotAfter = Date.parse(ca.cert.validTo);
  const notAfter = Math.min(Math.round(now / 60_000) * 60_000 + ECERT_VALIDITY_MS, caNotAfter);
  const pem = ca.signer.issueForKey({
    subject: new asn.Name(rdns),
    publicKey: csr.publicKey,
    notBefore: new Date(caNotBefore),
    notAfter: new Date(notAfter),
    extensions,
  });
  const cert = new X509Certificate(pem);
  const record: CertificateRecord = {
    id: request.enrollmentId,
    ...certificateKey(cert, ca.signer.keyId),
    status: 'good',
    reason: 0,
    notAfter: new Date(notAfter).toISOString(),
    pem,
  };
  return { pem, record };
}

/** How Fabric CA's certificates table keys a certificate: serial and AKI in lower-case hex, no leading zeros. */
export function certificateKey(cert: X509Certificate, caKeyId: string): { serial: string; aki: string } {
  return { serial: trimHex(cert.serialNumber), aki: trimHex(caKeyId) };
}

/** A serial number or AKI as a revocation request gives it: any case, leading zeros, colons (parseInput). */
export function trimHex(text: string): string {
  return text.toLowerCase().replace(/^0+/, '').replaceAll(':', '');
}

function ouValue(value: string): asn.AttributeTypeAndValue {
  return new asn.AttributeTypeAndValue({ type: '2.5.4.11', value: directoryString(value) });
}

function directoryString(value: string): asn.AttributeValue {
  return new asn.AttributeValue(
    /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(value) ? { printableString: value } : { utf8String: value },
  );
}

/** The members of a SET OF in DER order (by their encodings), as Go's encoding/asn1 writes them. */
function derSorted(values: asn.AttributeTypeAndValue[]): asn.AttributeTypeAndValue[] {
  const encoded = values.map((value) => ({ value, der: Buffer.from(AsnConvert.serialize(value)) }));
  return encoded.sort((a, b) => Buffer.compare(a.der, b.der)).map((entry) => entry.value);
}

function sanExtension(hosts: readonly string[]): asn.Extension | undefined {
  if (hosts.length === 0) return undefined;
  const names = hosts.map((value) => ({ type: isIP(value) ? ('ip' as const) : ('dns' as const), value }));
  return asnExtension(new x509.SubjectAlternativeNameExtension(names));
}
