import type * as asn from '@peculiar/asn1-x509';
import { rawExtension } from './certificate-builder';
import type * as x509 from './peculiar-x509';

/** The extension Fabric CA puts enrollment attributes in; fabric-shim's ClientIdentity reads it. */
export const FABRIC_ATTRS_OID = '1.2.3.4.5.6.7.8.1';

/** Attribute names as Fabric CA accepts them; values are strings. */
const attributeName = /^[A-Za-z][A-Za-z0-9_.-]*$/;

export type Attributes = Readonly<Record<string, string>>;

/** Rejects attribute names Fabric CA would not accept and values that are not strings. */
export function checkAttributes(attrs: Attributes): void {
  for (const [name, value] of Object.entries(attrs)) {
    if (!attributeName.test(name)) throw new TypeError(`invalid attribute name '${name}'`);
    if (typeof value !== 'string') throw new TypeError(`attribute ${name} must be a string`);
  }
}

/**
 * The extension as Fabric CA writes it: non-critical, extnValue = the UTF-8 JSON `{"attrs":{...}}` itself
 * (not wrapped in another ASN.1 type), keys sorted as Go's encoding/json writes a map.
 */
export function attributesExtension(attrs: Attributes): asn.Extension {
  const sorted = Object.fromEntries(Object.entries(attrs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return rawExtension(FABRIC_ATTRS_OID, false, Buffer.from(JSON.stringify({ attrs: sorted }), 'utf8'));
}

/** The attributes a certificate carries; empty when it has no attribute extension. */
export function readAttributes(cert: x509.X509Certificate): Record<string, string> {
  const extension = cert.getExtension(FABRIC_ATTRS_OID);
  if (!extension) return {};
  const parsed = JSON.parse(Buffer.from(extension.value).toString('utf8')) as { attrs?: Record<string, string> };
  return { ...parsed.attrs };
}

export function sameAttributes(a: Attributes, b: Attributes): boolean {
  const aKeys = Object.keys(a);
  return aKeys.length === Object.keys(b).length && aKeys.every((key) => Object.hasOwn(b, key) && a[key] === b[key]);
}
