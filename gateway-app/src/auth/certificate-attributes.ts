import { X509Certificate } from 'node:crypto';
import type { FabricIdentity } from '../fabric/identity';

/** The DER encoding of OID 1.2.3.4.5.6.7.8.1, the extension Fabric CA writes enrollment attributes in. */
const ATTRS_OID = Buffer.from([0x06, 0x08, 0x2a, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x01]);

/** A DER length at `at`: its value and where the content starts. */
function derLength(der: Buffer, at: number): { length: number; start: number } {
  const first = der[at];
  if (first < 0x80) return { length: first, start: at + 1 };
  const bytes = first & 0x7f;
  if (bytes === 0 || bytes > 3) throw new Error('unsupported DER length');
  let length = 0;
  for (let i = 1; i <= bytes; i++) length = length * 256 + der[at + i];
  return { length, start: at + 1 + bytes };
}

/**
 * The attributes a Fabric certificate carries (`role`, `subject`, ...), as fabric-shim's ClientIdentity reads
 * them: the extension's value is the JSON `{"attrs":{...}}`. Empty when the certificate has none, or when the
 * certificate or its attributes cannot be read (the chaincode would count none of them either).
 */
export function certificateAttributes(certPem: string): Record<string, string> {
  try {
    const der = new X509Certificate(certPem).raw;
    const oid = der.indexOf(ATTRS_OID);
    if (oid < 0) return {};
    let at = oid + ATTRS_OID.length;
    if (der[at] === 0x01) at += 3; // the optional `critical` BOOLEAN
    if (der[at] !== 0x04) return {};
    const { length, start } = derLength(der, at + 1);
    if (start + length > der.length) return {};
    const parsed = JSON.parse(der.subarray(start, start + length).toString('utf8')) as { attrs?: unknown } | null;
    const attrs = parsed?.attrs;
    if (typeof attrs !== 'object' || attrs === null) return {};
    return Object.fromEntries(
      Object.entries(attrs).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
  } catch {
    return {};
  }
}

/** The last common name of a certificate's subject: the user name the chaincode sees (`commonNameOf`). */
function commonName(certPem: string): string | null {
  try {
    const names = new X509Certificate(certPem).subject.split('\n').filter((line) => line.startsWith('CN='));
    return names.length ? names[names.length - 1].slice(3) : null;
  } catch {
    return null;
  }
}

/** Who a Fabric identity is to the chaincode: its org, its certificate's user name and attributes as claimed. */
export interface CertifiedIdentity {
  readonly mspId: string;
  readonly user: string;
  readonly attributes: Readonly<Record<string, string>>;
}

const certified = new WeakMap<FabricIdentity, CertifiedIdentity>();

/**
 * The identity as its certificate states it (never as the app's user table or a request says: a login
 * registered on an existing MSP folder has the role its certificate carries, not the one typed at
 * registration). Read once per identity.
 */
export function certifiedIdentity(identity: FabricIdentity, fallbackUser: string): CertifiedIdentity {
  let found = certified.get(identity);
  if (!found) {
    found = {
      mspId: identity.mspId,
      user: commonName(identity.certPem) ?? fallbackUser,
      attributes: certificateAttributes(identity.certPem),
    };
    certified.set(identity, found);
  }
  return found;
}
