/**
 * GS1 identifiers in EPCIS (GS1 Digital Link URIs and EPC URNs) and the supply-chain chaincode's IDs they name.
 *
 * | GS1 key | Digital Link (answered)               | EPC URN (accepted too)                  | ledger ID                       |
 * | ------- | ------------------------------------- | --------------------------------------- | ------------------------------- |
 * | GTIN    | https://id.gs1.org/01/{gtin14}         | -                                       | product `GTIN-{gtin14}`          |
 * | LGTIN   | .../01/{gtin14}/10/{lot}               | urn:epc:class:lgtin:{cp}.{ind+item}.{lot} | batch `{lot}` of that product  |
 * | SGTIN   | .../01/{gtin14}/21/{serial}            | urn:epc:id:sgtin:{cp}.{ind+item}.{serial} | batch `SGTIN-{gtin14}-{serial}`, 1 unit |
 * | SSCC    | https://id.gs1.org/00/{sscc18}         | urn:epc:id:sscc:{cp}.{ext+serial}       | pallet `SSCC-{sscc18}`           |
 * | GLN     | https://id.gs1.org/414/{gln13}         | urn:epc:id:sgln:{cp}.{loc}.0            | location `GLN-{gln13}`           |
 *
 * Lots are batches (a batch ID is its lot number, unique on the ledger, of one GTIN); a serialised item is a
 * batch of one unit whose ID carries its GTIN and serial. Ledger IDs outside these forms (made through the REST
 * API) are answered, and accepted back, as `urn:scenechain:{batch|pallet|location}:{id}`; organisations (the
 * owning parties of shipments) as `urn:scenechain:org:{mspId}`, having no GS1 party GLN; sales (business
 * transactions) as `urn:scenechain:sale:{saleId}`.
 */

/** Lot and serial numbers: GS1 allows up to 20 characters; these never need escaping in a URI or URN. */
const LOT_OR_SERIAL = /^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$/;
const PRIVATE = /^urn:scenechain:(batch|pallet|location|org):([A-Za-z0-9][A-Za-z0-9._:/-]{0,63})$/;

export type Item =
  { kind: 'batch'; batchId: string; gtin?: string; serialised: boolean } | { kind: 'pallet'; palletId: string };

/** Why an identifier cannot be used: the message names it. */
export class IdentifierError extends Error {}

/**
 * The GS1 mod-10 check digit over every digit but the last. Used to complete keys from EPC URNs (which leave it
 * out); keys in Digital Links are taken as written, not checked, as the demo's IDs carry made-up check digits.
 */
function checkDigitOk(key: string): boolean {
  const digits = [...key].map(Number);
  const check = digits.pop()!;
  const sum = digits.reverse().reduce((acc, d, i) => acc + d * (i % 2 === 0 ? 3 : 1), 0);
  return (10 - (sum % 10)) % 10 === check;
}

/** A GS1 key with its check digit appended (URNs leave it out). */
function withCheckDigit(body: string): string {
  for (let d = 0; d <= 9; d += 1) if (checkDigitOk(`${body}${d}`)) return `${body}${d}`;
  throw new IdentifierError(`no check digit for ${body}`);
}

function requireLotOrSerial(value: string, what: string, uri: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    throw new IdentifierError(`${uri}: the ${what} is not percent-encoded correctly`);
  }
  if (!LOT_OR_SERIAL.test(decoded)) {
    throw new IdentifierError(`${uri}: the ${what} must be 1-20 letters, digits, '.', '_' or '-'`);
  }
  return decoded;
}

/** A GTIN-8/12/13/14 of a Digital Link path, as the GTIN-14 the ledger keys products by. */
const gtin14 = (digits: string) => digits.padStart(14, '0');

/** GTIN-14 from a URN's company prefix and indicator + item reference (13 digits together). */
function gtinOfUrn(companyPrefix: string, indicatorItem: string, uri: string): string {
  const body = `${indicatorItem.slice(0, 1)}${companyPrefix}${indicatorItem.slice(1)}`;
  if (!/^\d{13}$/.test(body)) throw new IdentifierError(`${uri}: company prefix and item reference must be 13 digits`);
  return withCheckDigit(body);
}

interface Gs1Key {
  ai: '01' | '00' | '414';
  key: string;
  qualifier?: { ai: '10' | '21'; value: string };
}

/** The GS1 key in a Digital Link URI (any resolver host; the key's path is at the end of the path). */
function digitalLink(uri: string): Gs1Key | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.search || url.hash)
    throw new IdentifierError(`${uri}: Digital Link query strings and fragments are not supported`);
  const path = url.pathname;
  const product = /\/01\/(\d{8}|\d{12,14})(?:\/(10|21)\/([^/]+))?$/.exec(path);
  if (product) {
    const qualifier = product[2] ? { ai: product[2] as '10' | '21', value: product[3]! } : undefined;
    return { ai: '01', key: gtin14(product[1]!), ...(qualifier ? { qualifier } : {}) };
  }
  const sscc = /\/00\/(\d{18})$/.exec(path);
  if (sscc) return { ai: '00', key: sscc[1]! };
  const gln = /\/414\/(\d{13})$/.exec(path);
  if (gln) return { ai: '414', key: gln[1]! };
  if (/\/414\/\d{13}\/254\//.test(path)) throw new IdentifierError(`${uri}: GLN extensions (AI 254) are not supported`);
  return undefined;
}

const lotBatchId = (gtin: string, lot: string, uri: string) => ({
  kind: 'batch' as const,
  batchId: requireLotOrSerial(lot, 'lot', uri),
  gtin,
  serialised: false,
});
const serialBatchId = (gtin: string, serial: string, uri: string) => ({
  kind: 'batch' as const,
  batchId: `SGTIN-${gtin}-${requireLotOrSerial(serial, 'serial number', uri)}`,
  gtin,
  serialised: true,
});

/** An instance identifier (epcList, childEPCs, parentID): an SGTIN, an SSCC, or a private batch or pallet URN. */
export function parseEpc(uri: string): Item {
  const dl = digitalLink(uri);
  if (dl?.ai === '01' && dl.qualifier?.ai === '21') return serialBatchId(dl.key, dl.qualifier.value, uri);
  if (dl?.ai === '00') return { kind: 'pallet', palletId: `SSCC-${dl.key}` };
  const sgtin = /^urn:epc:id:sgtin:(\d{6,12})\.(\d{1,7})\.(.+)$/.exec(uri);
  if (sgtin) return serialBatchId(gtinOfUrn(sgtin[1]!, sgtin[2]!, uri), sgtin[3]!, uri);
  const sscc = /^urn:epc:id:sscc:(\d{6,12})\.(\d{5,11})$/.exec(uri);
  if (sscc) {
    const body = `${sscc[2]!.slice(0, 1)}${sscc[1]}${sscc[2]!.slice(1)}`;
    if (body.length !== 17) throw new IdentifierError(`${uri}: company prefix and serial reference must be 17 digits`);
    return { kind: 'pallet', palletId: `SSCC-${withCheckDigit(body)}` };
  }
  const own = PRIVATE.exec(uri);
  if (own?.[1] === 'batch') return { kind: 'batch', batchId: own[2]!, serialised: false };
  if (own?.[1] === 'pallet') return { kind: 'pallet', palletId: own[2]! };
  throw new IdentifierError(
    `${uri}: not an identifier of this supply chain (an SGTIN or SSCC as GS1 Digital Link or EPC URN, or urn:scenechain:batch:/pallet:)`,
  );
}

/** A class identifier with a quantity (quantityList): an LGTIN (a lot), or a private batch URN. */
export function parseEpcClass(uri: string): Item {
  const dl = digitalLink(uri);
  if (dl?.ai === '01' && dl.qualifier?.ai === '10') return lotBatchId(dl.key, dl.qualifier.value, uri);
  if (dl?.ai === '01' && !dl.qualifier) {
    throw new IdentifierError(`${uri}: a GTIN without a lot names no batch; use an LGTIN (…/01/{gtin}/10/{lot})`);
  }
  const lgtin = /^urn:epc:class:lgtin:(\d{6,12})\.(\d{1,7})\.(.+)$/.exec(uri);
  if (lgtin) return lotBatchId(gtinOfUrn(lgtin[1]!, lgtin[2]!, uri), lgtin[3]!, uri);
  const own = PRIVATE.exec(uri);
  if (own?.[1] === 'batch') return { kind: 'batch', batchId: own[2]!, serialised: false };
  throw new IdentifierError(
    `${uri}: not a class identifier of this supply chain (an LGTIN as GS1 Digital Link or EPC URN, or urn:scenechain:batch:)`,
  );
}

/** A location (readPoint, bizLocation): a GLN, or a private location URN. */
export function parseLocation(uri: string): string {
  const dl = digitalLink(uri);
  if (dl?.ai === '414') return `GLN-${dl.key}`;
  const sgln = /^urn:epc:id:sgln:(\d{6,12})\.(\d{0,6})\.(.+)$/.exec(uri);
  if (sgln) {
    if (sgln[3] !== '0') throw new IdentifierError(`${uri}: GLN extensions are not supported`);
    const body = `${sgln[1]}${sgln[2]}`;
    if (body.length !== 12)
      throw new IdentifierError(`${uri}: company prefix and location reference must be 12 digits`);
    return `GLN-${withCheckDigit(body)}`;
  }
  const own = PRIVATE.exec(uri);
  if (own?.[1] === 'location') return own[2]!;
  throw new IdentifierError(`${uri}: not a location of this supply chain (a GLN, or urn:scenechain:location:)`);
}

/** An organisation (owning party of a source or destination). */
export function parseOrg(uri: string): string {
  const own = PRIVATE.exec(uri);
  if (own?.[1] === 'org' && /^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(own[2]!)) return own[2]!;
  throw new IdentifierError(`${uri}: not an organisation of this network (urn:scenechain:org:{mspId})`);
}

const GS1 = 'https://id.gs1.org';
const gtinOfProduct = (productId: string) => /^GTIN-(\d{14})$/.exec(productId)?.[1];

/** The GTIN a ledger product ID stands for, if it is one. */
export const productGtin = (productId: string): string | undefined => gtinOfProduct(productId);

/** A ledger batch as EPCIS names it: an SGTIN instance, an LGTIN class, or the private batch URN (a class). */
export function batchUri(batchId: string, productId: string): { epc: string } | { epcClass: string } {
  const gtin = gtinOfProduct(productId);
  const serial = /^SGTIN-(\d{14})-(.+)$/.exec(batchId);
  if (gtin && serial && serial[1] === gtin && LOT_OR_SERIAL.test(serial[2]!))
    return { epc: `${GS1}/01/${gtin}/21/${serial[2]}` };
  if (gtin && LOT_OR_SERIAL.test(batchId)) return { epcClass: `${GS1}/01/${gtin}/10/${batchId}` };
  return { epcClass: `urn:scenechain:batch:${batchId}` };
}

export function palletUri(palletId: string): string {
  const sscc = /^SSCC-(\d{18})$/.exec(palletId)?.[1];
  return sscc ? `${GS1}/00/${sscc}` : `urn:scenechain:pallet:${palletId}`;
}

export function locationUri(location: string): string {
  const gln = /^GLN-(\d{13})$/.exec(location)?.[1];
  return gln ? `${GS1}/414/${gln}` : `urn:scenechain:location:${location}`;
}

export const orgUri = (mspId: string): string => `urn:scenechain:org:${mspId}`;

/** A sale (the ledger's business transaction between a seller and a buyer), as a `bizTransaction`. */
export const saleUri = (saleId: string): string => `urn:scenechain:sale:${saleId}`;
