import { X509Certificate } from 'node:crypto';

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
 * them: the extension's value is the JSON `{"attrs":{...}}`. Empty when the certificate has none.
 */
export function certificateAttributes(certPem: string): Record<string, string> {
  const der = new X509Certificate(certPem).raw;
  const oid = der.indexOf(ATTRS_OID);
  if (oid < 0) return {};
  let at = oid + ATTRS_OID.length;
  if (der[at] === 0x01) at += 3; // the optional `critical` BOOLEAN
  if (der[at] !== 0x04) return {};
  const { length, start } = derLength(der, at + 1);
  const parsed = JSON.parse(der.subarray(start, start + length).toString('utf8')) as { attrs?: unknown };
  const attrs = parsed.attrs;
  if (typeof attrs !== 'object' || attrs === null) return {};
  return Object.fromEntries(
    Object.entries(attrs).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}
