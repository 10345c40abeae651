import type { EpcisDocument, EpcisEvent, QuantityElement } from './epcis-document';
import { KEPT_FIELDS } from './epcis-vocabulary';
import { IdentifierError, parseEpc, parseEpcClass, parseLocation, parseOrg, type Item } from './gs1-identifiers';

/**
 * An EPCIS document as supply-chain transactions, decided before anything is written: every event must map,
 * or the whole document is refused with every unsupported feature named. Each event becomes one transaction
 * (a commissioning event of several lots one `commissionMany`), submitted in document order.
 */

/** One chaincode transaction for one event, with what the app checks first and the fields it keeps. */
export interface PlannedStep {
  eventIndex: number;
  transaction: string;
  request: Record<string, unknown>;
  /** Facts read from the ledger before anything is written (products' units, whole batches). */
  checks: Check[];
  /** The event's fields the ledger does not hold (see KEPT_FIELDS). */
  kept: Record<string, unknown>;
}

export type Check =
  | { kind: 'unit'; productId: string; uom: string | undefined; serialised: boolean; where: string }
  | { kind: 'wholeBatch'; batchId: string; quantity: number; where: string };

/** A feature of an event the supply chain cannot record, named for the client. */
export interface Unsupported {
  eventIndex: number;
  feature: string;
}

const COMMON_KEYS = new Set<string>([
  'type',
  'recordTime',
  'action',
  'bizStep',
  'disposition',
  'bizLocation',
  ...KEPT_FIELDS,
]);
const KEYS_OF: Record<EpcisEvent['type'], readonly string[]> = {
  ObjectEvent: ['epcList', 'quantityList', 'sourceList', 'destinationList'],
  AggregationEvent: ['parentID', 'childEPCs', 'childQuantityList'],
  TransformationEvent: ['inputEPCList', 'inputQuantityList', 'outputEPCList', 'outputQuantityList', 'transformationID'],
  TransactionEvent: [],
  AssociationEvent: [],
};

/** Ledger keys (identifier) that EPCIS URIs such as an eventID can be used as directly. */
const LEDGER_KEY = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$/;

class Refusal extends Error {}
const refuse = (feature: string): never => {
  throw new Refusal(feature);
};

function identified<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof IdentifierError) refuse(err.message);
    throw err;
  }
}

const batchOf = (item: Item, what: string): Extract<Item, { kind: 'batch' }> =>
  item.kind === 'batch' ? item : refuse(`${what}: a pallet (SSCC) where a batch is expected`);

interface Counted {
  item: Item;
  quantity?: number;
  uom?: string;
  uri: string;
}

function counted(epcs: readonly string[] | undefined, quantities: readonly QuantityElement[] | undefined): Counted[] {
  const instances = (epcs ?? []).map((uri) => ({ item: identified(() => parseEpc(uri)), quantity: 1, uri }));
  const classes = (quantities ?? []).map((q) => ({
    item: identified(() => parseEpcClass(q.epcClass)),
    uri: q.epcClass,
    ...(q.quantity !== undefined ? { quantity: q.quantity } : {}),
    ...(q.uom !== undefined ? { uom: q.uom } : {}),
  }));
  return [...instances, ...classes];
}

function wholeUnits(entry: Counted): number {
  const { quantity } = entry;
  if (quantity === undefined) return refuse(`${entry.uri}: a quantity is required here`);
  if (!Number.isInteger(quantity) || quantity <= 0) {
    return refuse(`${entry.uri}: quantity ${quantity}: the ledger counts whole units, more than zero`);
  }
  return quantity;
}

const productOf = (entry: Counted): string => {
  const batch = batchOf(entry.item, entry.uri);
  return batch.gtin ? `GTIN-${batch.gtin}` : refuse(`${entry.uri}: new batches need a GS1 GTIN (an LGTIN or SGTIN)`);
};

/** A new batch's unit must be its product's (a serialised item's product is counted in `each`). */
const unitCheck = (entry: Counted): Check => ({
  kind: 'unit',
  productId: productOf(entry),
  uom: entry.uom,
  serialised: entry.item.kind === 'batch' && entry.item.serialised,
  where: entry.uri,
});

function only(entries: Counted[], what: string): Counted {
  if (entries.length !== 1) return refuse(`${what} of ${entries.length} items in one event: one item per event`);
  return entries[0]!;
}

function location(event: EpcisEvent, required: boolean): string | undefined {
  if (!event.bizLocation) return required ? refuse('bizLocation is required for this event') : undefined;
  if (Object.keys(event.bizLocation).length > 1) refuse('bizLocation extension fields');
  return identified(() => parseLocation(event.bizLocation!.id));
}

function noLocation(event: EpcisEvent, step: string): void {
  if (event.bizLocation)
    refuse(`bizLocation on ${step} (the ledger keeps an item's place from receipt and commissioning)`);
}

function expect(
  value: string | undefined,
  allowed: readonly (string | undefined)[],
  what: string,
  context: string,
): void {
  if (!allowed.includes(value))
    refuse(`${what} ${value ?? '(none)'} on ${context}; supported: ${allowed.map((v) => v ?? '(none)').join(', ')}`);
}

/** Whole-batch references (a quantity, if given, must be all of the batch). */
function wholeChecks(entries: Counted[]): Check[] {
  return entries.flatMap((entry) =>
    entry.item.kind === 'batch' && !entry.item.serialised && entry.quantity !== undefined
      ? [{ kind: 'wholeBatch' as const, batchId: entry.item.batchId, quantity: wholeUnits(entry), where: entry.uri }]
      : [],
  );
}

function ownParty(list: readonly { type: string; source: string }[] | undefined, actorMsp: string): void {
  for (const entry of list ?? []) {
    if (entry.type !== 'owning_party') refuse(`sourceList type ${entry.type}; supported: owning_party`);
    const org = identified(() => parseOrg(entry.source));
    if (org !== actorMsp)
      refuse(`sourceList owning_party ${org}: the sender is the signed-in user's organisation, ${actorMsp}`);
  }
}

function mapObjectEvent(event: Extract<EpcisEvent, { type: 'ObjectEvent' }>, actorMsp: string) {
  const items = counted(event.epcList, event.quantityList);
  if (items.length === 0) refuse('an ObjectEvent without epcList or quantityList');
  const context = `ObjectEvent ${event.action} ${event.bizStep ?? '(no bizStep)'}`;
  if (event.bizStep !== 'shipping' && (event.sourceList || event.destinationList)) {
    refuse(`sourceList/destinationList on ${context} (only on shipping)`);
  }
  if (event.action === 'ADD' && event.bizStep === 'commissioning') {
    expect(event.disposition, [undefined, 'active'], 'disposition', context);
    const where = location(event, true)!;
    const batches = items.map((entry) => ({
      batchId: batchOf(entry.item, entry.uri).batchId,
      productId: productOf(entry),
      quantity: wholeUnits(entry),
      location: where,
    }));
    const checks = items.map(unitCheck);
    return batches.length === 1
      ? { transaction: 'commission', request: batches[0]!, checks }
      : { transaction: 'commissionMany', request: { batches }, checks };
  }
  if (event.action !== 'OBSERVE')
    return refuse(
      `${context}: supported are ADD commissioning and OBSERVE shipping, receiving, void_shipping, inspecting`,
    );
  switch (event.bizStep) {
    case 'shipping': {
      expect(event.disposition, [undefined, 'in_transit'], 'disposition', context);
      noLocation(event, 'shipping');
      const entry = only(items, 'shipping');
      ownParty(event.sourceList, actorMsp);
      const owners = (event.destinationList ?? []).filter((d) => d.type === 'owning_party');
      if (owners.length !== 1 || event.destinationList!.length !== 1) {
        refuse('shipping needs exactly one destinationList entry of type owning_party (the receiving organisation)');
      }
      const receiver = identified(() => parseOrg(owners[0]!.destination));
      if (entry.item.kind === 'pallet')
        return { transaction: 'shipPallet', request: { palletId: entry.item.palletId, receiver }, checks: [] };
      return {
        transaction: 'shipBatch',
        request: { batchId: entry.item.batchId, receiver },
        checks: wholeChecks([entry]),
      };
    }
    case 'receiving': {
      expect(event.disposition, [undefined, 'in_progress'], 'disposition', context);
      const entry = only(items, 'receiving');
      const where = location(event, true)!;
      if (entry.item.kind === 'pallet')
        return {
          transaction: 'receivePallet',
          request: { palletId: entry.item.palletId, location: where },
          checks: [],
        };
      return {
        transaction: 'receiveBatch',
        request: { batchId: entry.item.batchId, location: where },
        checks: wholeChecks([entry]),
      };
    }
    case 'void_shipping': {
      expect(event.disposition, [undefined], 'disposition', context);
      noLocation(event, 'void_shipping');
      const entry = only(items, 'void_shipping');
      if (entry.item.kind === 'pallet')
        return { transaction: 'cancelPalletShipment', request: { palletId: entry.item.palletId }, checks: [] };
      return {
        transaction: 'cancelBatchShipment',
        request: { batchId: entry.item.batchId },
        checks: wholeChecks([entry]),
      };
    }
    case 'inspecting': {
      expect(event.disposition, ['conformant', 'non_conformant'], 'disposition', context);
      noLocation(event, 'inspecting');
      const entry = only(items, 'inspecting');
      const batch = batchOf(entry.item, entry.uri);
      if (!batch.serialised && entry.quantity !== undefined)
        refuse(`${entry.uri}: a quantity on inspecting (an inspection is of the whole batch)`);
      const inspectionId =
        event.eventID ?? refuse('inspecting needs an eventID (it names the inspection on the ledger)');
      if (!LEDGER_KEY.test(inspectionId))
        refuse(`eventID ${inspectionId}: at most 64 letters, digits or . _ : / - to name an inspection`);
      const certificates = [event.certificationInfo ?? []].flat();
      if (certificates.length !== 1)
        refuse('inspecting needs exactly one certificationInfo: the certificate digest as ni:///sha-256;…');
      const certificateHash = sha256OfNi(certificates[0]!);
      const result = event.disposition === 'conformant' ? 'PASS' : 'FAIL';
      return {
        transaction: 'inspect',
        request: { inspectionId, batchId: batch.batchId, result, certificateHash },
        checks: [],
      };
    }
    default:
      return refuse(
        `${context}: supported are ADD commissioning and OBSERVE shipping, receiving, void_shipping, inspecting`,
      );
  }
}

/** A certificate digest as an RFC 6920 `ni` URI (`ni:///sha-256;<base64url>`), as the ledger's hex digest. */
function sha256OfNi(uri: string): string {
  const match = /^ni:\/\/[^/]*\/sha-256;([A-Za-z0-9_-]{43})$/.exec(uri);
  if (!match) return refuse(`certificationInfo ${uri}: supported is a SHA-256 digest as ni:///sha-256;<base64url>`);
  return Buffer.from(match[1]!, 'base64url').toString('hex');
}

function mapAggregationEvent(event: Extract<EpcisEvent, { type: 'AggregationEvent' }>) {
  noLocation(event, 'aggregation');
  const context = `AggregationEvent ${event.action} ${event.bizStep ?? '(no bizStep)'}`;
  const parent = event.parentID ?? refuse('an AggregationEvent without parentID (the pallet)');
  const pallet = identified(() => parseEpc(parent));
  if (pallet.kind !== 'pallet') refuse(`parentID ${parent}: a pallet (SSCC) is expected`);
  const palletId = (pallet as Extract<Item, { kind: 'pallet' }>).palletId;
  const children = counted(event.childEPCs, event.childQuantityList);
  const batchIds = children.map((entry) => batchOf(entry.item, entry.uri).batchId);
  if (event.action === 'ADD') {
    expect(event.bizStep, ['packing'], 'bizStep', context);
    expect(event.disposition, [undefined, 'in_progress'], 'disposition', context);
    if (batchIds.length === 0) refuse('packing without childEPCs or childQuantityList');
    return { transaction: 'aggregate', request: { palletId, batchIds }, checks: wholeChecks(children) };
  }
  if (event.action === 'DELETE') {
    expect(event.bizStep, ['unpacking'], 'bizStep', context);
    expect(event.disposition, [undefined], 'disposition', context);
    return {
      transaction: 'disaggregate',
      request: { palletId, ...(batchIds.length ? { batchIds } : {}) },
      checks: wholeChecks(children),
    };
  }
  return refuse(`${context}: supported are ADD packing and DELETE unpacking`);
}

function mapTransformationEvent(event: Extract<EpcisEvent, { type: 'TransformationEvent' }>) {
  const context = 'TransformationEvent';
  expect(event.bizStep, [undefined, 'commissioning'], 'bizStep', context);
  expect(event.disposition, [undefined, 'active'], 'disposition', context);
  const transformationId = event.transformationID ?? refuse('a TransformationEvent without transformationID');
  if (!LEDGER_KEY.test(transformationId))
    refuse(`transformationID ${transformationId}: at most 64 letters, digits or . _ : / -`);
  const where = location(event, true)!;
  const inputs = counted(event.inputEPCList, event.inputQuantityList).map((entry) => ({
    batchId: batchOf(entry.item, entry.uri).batchId,
    quantity: wholeUnits(entry),
  }));
  const outputEntries = counted(event.outputEPCList, event.outputQuantityList);
  const outputs = outputEntries.map((entry) => ({
    batchId: batchOf(entry.item, entry.uri).batchId,
    productId: productOf(entry),
    quantity: wholeUnits(entry),
  }));
  if (!inputs.length || !outputs.length) refuse('a TransformationEvent needs inputs and outputs');
  const checks = outputEntries.map(unitCheck);
  return { transaction: 'transform', request: { transformationId, inputs, outputs, location: where }, checks };
}

/** Fields of the event the mapping does not know: extension fields and anything else outside EPCIS. */
function unknownFields(event: EpcisEvent): string[] {
  const known = new Set([...COMMON_KEYS, ...KEYS_OF[event.type]]);
  return Object.keys(event)
    .filter((key) => !known.has(key))
    .map((key) => (key.includes(':') ? `extension field ${key}` : `field ${key}`));
}

function mapEvent(event: EpcisEvent, actorMsp: string) {
  if (event.type === 'TransactionEvent')
    refuse(
      'TransactionEvent (a sale is proposed and confirmed with its own transactions, after seller and buyer each keep its private terms)',
    );
  if (event.type === 'AssociationEvent') refuse('AssociationEvent (the supply chain ledger records no associations)');
  if (event.errorDeclaration) refuse('errorDeclaration (corrections of earlier events)');
  if (event.readPoint && Object.keys(event.readPoint).length > 1) refuse('readPoint extension fields');
  const unknown = unknownFields(event);
  if (unknown.length) refuse(unknown.join(', '));
  if (event.type === 'ObjectEvent') return mapObjectEvent(event, actorMsp);
  if (event.type === 'AggregationEvent') return mapAggregationEvent(event);
  return mapTransformationEvent(event as Extract<EpcisEvent, { type: 'TransformationEvent' }>);
}

function keptFields(event: EpcisEvent): Record<string, unknown> {
  const source = event as Record<string, unknown>;
  return Object.fromEntries(KEPT_FIELDS.filter((key) => source[key] !== undefined).map((key) => [key, source[key]]));
}

/** Every event's transaction, or every unsupported feature of the document (then nothing is to be written). */
export function planCapture(
  document: EpcisDocument,
  actorMsp: string,
): { steps: PlannedStep[]; unsupported: Unsupported[] } {
  const steps: PlannedStep[] = [];
  const unsupported: Unsupported[] = [];
  if (document.epcisHeader) unsupported.push({ eventIndex: -1, feature: 'epcisHeader (master data)' });
  document.epcisBody.eventList.forEach((event, eventIndex) => {
    try {
      steps.push({ eventIndex, ...mapEvent(event, actorMsp), kept: keptFields(event) });
    } catch (err) {
      if (!(err instanceof Refusal)) throw err;
      unsupported.push({ eventIndex, feature: err.message });
    }
  });
  return { steps, unsupported };
}
