import * as asn from '@peculiar/asn1-x509';

/** The name attributes cryptogen writes, by their short names. */
const attributeTypes = {
  C: '2.5.4.6',
  ST: '2.5.4.8',
  L: '2.5.4.7',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  CN: '2.5.4.3',
} as const;

export type NameAttribute = keyof typeof attributeTypes;

/** The characters of ASN.1 PrintableString. */
const printable = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

/**
 * A distinguished name with one attribute per RDN, in the given order, each value a PrintableString when
 * it can be one and a UTF8String otherwise (as Go's crypto/x509, hence cryptogen, encodes them).
 */
export function distinguishedName(attributes: ReadonlyArray<readonly [NameAttribute, string]>): asn.Name {
  return new asn.Name(
    attributes.map(
      ([type, value]) =>
        new asn.RelativeDistinguishedName([
          new asn.AttributeTypeAndValue({
            type: attributeTypes[type],
            value: new asn.AttributeValue(printable.test(value) ? { printableString: value } : { utf8String: value }),
          }),
        ]),
    ),
  );
}
