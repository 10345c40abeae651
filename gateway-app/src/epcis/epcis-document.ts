import { z } from 'zod';

/**
 * The EPCIS 2.0 JSON/JSON-LD capture document, as zod: the structure of GS1's EPCIS 2.0 JSON schema (the test
 * suite checks documents against that schema itself, shipped as test data), with bounds the standard leaves
 * open so that a hostile document is refused before any work. Events keep unknown keys (`looseObject`): an
 * extension field (a prefixed key such as `example:myField`) is then refused as unsupported, naming it,
 * anything else as not EPCIS.
 */

export const MAX_EVENTS = 100;
/** Items one event lists (EPCs, quantities, children, inputs, outputs): a pallet's contents at most. */
export const MAX_ITEMS = 200;
/** Deepest nesting of objects and arrays anywhere in a document (sensor reports sit at about depth 7). */
export const MAX_DEPTH = 16;

const uri = z
  .string()
  .max(512)
  .regex(/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/, 'an absolute URI');
const time = z.iso.datetime({ offset: true });
const term = z.string().max(512);
const items = z.array(uri).max(MAX_ITEMS);
const quantityElement = z.strictObject({
  epcClass: uri,
  quantity: z.number().finite().optional(),
  uom: z
    .string()
    .regex(/^[A-Z0-9]{2,3}$/)
    .optional(),
});
const quantities = z.array(quantityElement).max(MAX_ITEMS);
const place = z.looseObject({ id: uri });
const sourceList = z.array(z.strictObject({ type: term, source: uri })).max(20);
const destinationList = z.array(z.strictObject({ type: term, destination: uri })).max(20);
const bizTransactionList = z.array(z.strictObject({ type: term.optional(), bizTransaction: uri })).max(20);
const sensorReport = z.looseObject({
  type: term.optional(),
  value: z.number().finite().optional(),
  uom: z.string().max(16).optional(),
  time: time.optional(),
  deviceID: uri.optional(),
  stringValue: z.string().max(512).optional(),
  booleanValue: z.boolean().optional(),
  minValue: z.number().finite().optional(),
  maxValue: z.number().finite().optional(),
  meanValue: z.number().finite().optional(),
});
const sensorElement = z.looseObject({
  sensorMetadata: z.looseObject({}).optional(),
  sensorReport: z.array(sensorReport).min(1).max(100),
});

const common = {
  '@context': z.unknown().optional(),
  eventTime: time,
  eventTimeZoneOffset: z.string().regex(/^[+-]((0\d|1[0-3]):[0-5]\d|14:00)$/, 'an offset such as +01:00'),
  recordTime: time.optional(),
  eventID: uri.optional(),
  certificationInfo: z.union([uri, z.array(uri).max(20)]).optional(),
  errorDeclaration: z.looseObject({ declarationTime: time }).optional(),
  bizStep: term.optional(),
  disposition: term.optional(),
  readPoint: place.optional(),
  bizLocation: place.optional(),
  bizTransactionList: bizTransactionList.optional(),
  sourceList: sourceList.optional(),
  destinationList: destinationList.optional(),
  sensorElementList: z.array(sensorElement).max(20).optional(),
};
const action = z.enum(['ADD', 'OBSERVE', 'DELETE']);

export const objectEvent = z.looseObject({
  type: z.literal('ObjectEvent'),
  ...common,
  action,
  epcList: items.optional(),
  quantityList: quantities.optional(),
  persistentDisposition: z.looseObject({}).optional(),
  ilmd: z.looseObject({}).optional(),
});
const parentChildren = {
  parentID: uri.optional(),
  childEPCs: items.optional(),
  childQuantityList: quantities.optional(),
};
export const aggregationEvent = z.looseObject({
  type: z.literal('AggregationEvent'),
  ...common,
  action,
  ...parentChildren,
});
export const associationEvent = z.looseObject({
  type: z.literal('AssociationEvent'),
  ...common,
  action,
  ...parentChildren,
  parentID: uri,
});
export const transactionEvent = z.looseObject({
  type: z.literal('TransactionEvent'),
  ...common,
  action,
  parentID: uri.optional(),
  epcList: items.optional(),
  quantityList: quantities.optional(),
  bizTransactionList,
});
export const transformationEvent = z.looseObject({
  type: z.literal('TransformationEvent'),
  ...common,
  inputEPCList: items.optional(),
  inputQuantityList: quantities.optional(),
  outputEPCList: items.optional(),
  outputQuantityList: quantities.optional(),
  transformationID: uri.optional(),
  persistentDisposition: z.looseObject({}).optional(),
  ilmd: z.looseObject({}).optional(),
});

export const epcisEvent = z.discriminatedUnion('type', [
  objectEvent,
  aggregationEvent,
  associationEvent,
  transactionEvent,
  transformationEvent,
]);
export type EpcisEvent = z.output<typeof epcisEvent>;
export type QuantityElement = z.output<typeof quantityElement>;

export const epcisDocument = z.strictObject({
  '@context': z.union([uri, z.looseObject({}), z.array(z.union([uri, z.looseObject({})])).max(10)]),
  type: z.literal('EPCISDocument'),
  id: uri.optional(),
  schemaVersion: z.string().regex(/^2(\.\d+)*$/, 'an EPCIS 2.x version such as "2.0"'),
  creationDate: time,
  instanceIdentifier: z.string().max(200).optional(),
  sender: z.string().max(200).optional(),
  receiver: z.string().max(200).optional(),
  epcisHeader: z.looseObject({}).optional(),
  epcisBody: z.strictObject({ eventList: z.array(epcisEvent).min(1).max(MAX_EVENTS) }),
});
export type EpcisDocument = z.output<typeof epcisDocument>;

/** How deep a parsed JSON value nests, walked without recursion; stops counting past `limit`. */
export function depthExceeds(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

/** The JSON-LD context EPCIS 2.0 documents and query answers name. */
export const EPCIS_CONTEXT = 'https://ref.gs1.org/standards/epcis/epcis-context.jsonld';
