import type { TimelineEntry } from '../readmodel/read-model-queries';
import { uomOf } from './epcis-vocabulary';
import { batchUri, locationUri, orgUri, palletUri, saleUri } from './gs1-identifiers';

/**
 * The EPCIS event one supply-chain transaction stands for, built from the chaincode events it emitted (the
 * read model holds them as the ledger's blocks carried them). Transactions that are not EPCIS events
 * (registering a product, keeping sale terms, recall bookkeeping, secure sums) give none. A sale is a business
 * transaction: proposing, confirming and withdrawing it are TransactionEvents, and the shipment and receipt made
 * under it name it in their `bizTransactionList`; its terms are private and never part of an event. Fields the
 * ledger does not hold come from the capturing app's copy when it has one (`kept`); otherwise eventTime is the
 * ledger's time.
 */

/** Runs a supply-chain query as the signed-in user and answers its JSON. */
export type Evaluate = (transaction: string, input: Record<string, unknown>) => Promise<unknown>;

export interface LedgerLookups {
  /** A product's unit (kg, l, each, ...). */
  unitOf(productId: string): Promise<string | undefined>;
  /** A transformation's input and output quantities. */
  transformation(id: string): Promise<TransformationFacts | undefined>;
  /** The product a batch is of. */
  productOf(batchId: string): Promise<string | undefined>;
}

export interface TransformationFacts {
  inputs: { batchId: string; quantity: number }[];
  outputs: { batchId: string; productId: string; quantity: number }[];
}

/** What a query matches on: the event and the ledger items it names, by role. */
export interface LedgerEvent {
  event: Record<string, unknown>;
  items: { role: 'epc' | 'parent' | 'child' | 'input' | 'output'; key: string }[];
}

export const batchKey = (batchId: string) => `batch:${batchId}`;
export const palletKey = (palletId: string) => `pallet:${palletId}`;

interface Lists {
  epcs: string[];
  quantities: Record<string, unknown>[];
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/** A batch in an event: an SGTIN in the EPC list, else a class with its quantity (if one is given). */
async function addBatch(
  lists: Lists,
  lookups: LedgerLookups,
  batchId: string,
  productId: string,
  quantity?: number,
): Promise<void> {
  const named = batchUri(batchId, productId);
  if ('epc' in named) {
    lists.epcs.push(named.epc);
    return;
  }
  if (quantity === undefined) {
    lists.quantities.push({ epcClass: named.epcClass });
    return;
  }
  const unit = await lookups.unitOf(productId);
  const uom = unit ? uomOf(unit) : undefined;
  lists.quantities.push({ epcClass: named.epcClass, quantity, ...(uom ? { uom } : {}) });
}

const newLists = (): Lists => ({ epcs: [], quantities: [] });

function listFields(lists: Lists, epcKey: string, quantityKey: string): Record<string, unknown> {
  return {
    ...(lists.epcs.length ? { [epcKey]: lists.epcs } : {}),
    ...(lists.quantities.length ? { [quantityKey]: lists.quantities } : {}),
  };
}

const ofType = (entries: TimelineEntry[], recordType: string, actions: readonly string[]) =>
  entries.filter((e) => e.recordType === recordType && actions.includes(e.action));

/** A sale's business transaction, as CBV types it: the buyer's purchase order. */
const saleTransactions = (sales: TimelineEntry[]) =>
  sales.map((sale) => ({ type: 'po', bizTransaction: saleUri(sale.id) }));

/** What a sale's own steps mean to the objects it names: associated, confirmed, dissociated. */
const SALE_ACTIONS: Record<string, string> = { propose: 'ADD', confirm: 'OBSERVE', withdraw: 'DELETE' };

/** A sale proposed, confirmed or withdrawn: the batch it sells, the parties, the quantity; never the terms. */
async function saleEvent(sale: TimelineEntry, lookups: LedgerLookups): Promise<LedgerEvent | undefined> {
  const batchId = str(sale.details.batchId);
  const productId = await lookups.productOf(batchId);
  if (!productId) return undefined;
  const lists = newLists();
  await addBatch(lists, lookups, batchId, productId, Number(sale.details.quantity));
  return {
    event: {
      type: 'TransactionEvent',
      bizTransactionList: saleTransactions([sale]),
      ...listFields(lists, 'epcList', 'quantityList'),
      action: SALE_ACTIONS[sale.action],
      sourceList: [{ type: 'owning_party', source: orgUri(str(sale.details.seller)) }],
      destinationList: [{ type: 'owning_party', destination: orgUri(str(sale.details.buyer)) }],
    },
    items: [{ role: 'epc', key: batchKey(batchId) }],
  };
}

/** The event's own content, in the field order EPCIS documents use. */
async function content(entries: TimelineEntry[], lookups: LedgerLookups): Promise<LedgerEvent | undefined> {
  const batchEvent = (actions: readonly string[]) => ofType(entries, 'Batch', actions);
  const palletEvent = (actions: readonly string[]) => ofType(entries, 'Pallet', actions)[0];
  const lists = newLists();

  const transformation = ofType(entries, 'Transformation', ['transform'])[0];
  if (transformation) {
    const facts = await lookups.transformation(transformation.id);
    if (!facts) return undefined;
    const productOf = new Map(batchEvent(['consume', 'consumePart']).map((e) => [e.id, str(e.details.productId)]));
    const inputs = newLists();
    for (const input of facts.inputs)
      await addBatch(inputs, lookups, input.batchId, productOf.get(input.batchId) ?? '', input.quantity);
    const outputs = newLists();
    for (const output of facts.outputs)
      await addBatch(outputs, lookups, output.batchId, output.productId, output.quantity);
    return {
      event: {
        type: 'TransformationEvent',
        ...listFields(inputs, 'inputEPCList', 'inputQuantityList'),
        ...listFields(outputs, 'outputEPCList', 'outputQuantityList'),
        transformationID: transformation.id,
        bizStep: 'commissioning',
        disposition: 'active',
        bizLocation: { id: locationUri(str(transformation.details.location)) },
      },
      items: [
        ...facts.inputs.map((i) => ({ role: 'input' as const, key: batchKey(i.batchId) })),
        ...facts.outputs.map((o) => ({ role: 'output' as const, key: batchKey(o.batchId) })),
      ],
    };
  }

  const packed = palletEvent(['assemble', 'pack', 'unpack', 'dissolve']);
  if (packed) {
    const adding = packed.action === 'assemble' || packed.action === 'pack';
    const children = batchEvent(adding ? ['pack'] : ['unpack', 'unpackRecalled']);
    for (const child of children) await addBatch(lists, lookups, child.id, str(child.details.productId));
    return {
      event: {
        type: 'AggregationEvent',
        parentID: palletUri(packed.id),
        ...listFields(lists, 'childEPCs', 'childQuantityList'),
        action: adding ? 'ADD' : 'DELETE',
        bizStep: adding ? 'packing' : 'unpacking',
        ...(adding ? { disposition: 'in_progress' } : {}),
      },
      items: [
        { role: 'parent', key: palletKey(packed.id) },
        ...children.map((c) => ({ role: 'child' as const, key: batchKey(c.id) })),
      ],
    };
  }

  // Batches made or recalled together (commissionMany; a recall marks a few hundred): one event names them all.
  const commissioned = batchEvent(['commission']);
  const recalled = batchEvent(['recall', 'recallDownstream']);
  const together = commissioned.length ? commissioned : recalled;
  if (together.length) {
    for (const e of together) {
      const quantity = commissioned.length ? Number(e.details.quantity) : undefined;
      await addBatch(lists, lookups, e.id, str(e.details.productId), quantity);
    }
    const what = commissioned.length
      ? {
          action: 'ADD',
          bizStep: 'commissioning',
          disposition: 'active',
          bizLocation: { id: locationUri(str(commissioned[0]!.details.location)) },
        }
      : { action: 'OBSERVE', disposition: 'recalled' };
    return {
      event: { type: 'ObjectEvent', ...listFields(lists, 'epcList', 'quantityList'), ...what },
      items: together.map((e) => ({ role: 'epc', key: batchKey(e.id) })),
    };
  }

  const sale = ofType(entries, 'Sale', Object.keys(SALE_ACTIONS))[0];
  if (sale) return saleEvent(sale, lookups);

  // One item moving or inspected: a pallet's own event speaks for the batches on it.
  const pallet = palletEvent(['ship', 'receive', 'cancelShipment']);
  const batch = pallet
    ? undefined
    : batchEvent(['ship', 'shipPart', 'receive', 'cancelShipment', 'passInspection', 'failInspection'])[0];
  const moved = pallet ?? batch;
  if (!moved) return undefined;
  let key: string;
  if (pallet) {
    lists.epcs.push(palletUri(pallet.id));
    key = palletKey(pallet.id);
  } else {
    const withQuantity = !['passInspection', 'failInspection'].includes(batch!.action);
    await addBatch(
      lists,
      lookups,
      batch!.id,
      str(batch!.details.productId),
      withQuantity ? Number(batch!.details.quantity) : undefined,
    );
    key = batchKey(batch!.id);
  }
  const at = { bizLocation: { id: locationUri(str(moved.details.location)) } };
  const step: Record<string, Record<string, unknown>> = {
    ship: {
      bizStep: 'shipping',
      disposition: 'in_transit',
      sourceList: [{ type: 'owning_party', source: orgUri(str(moved.details.custodian)) }],
      destinationList: [{ type: 'owning_party', destination: orgUri(str(moved.details.receiver)) }],
    },
    receive: { bizStep: 'receiving', disposition: 'in_progress', ...at },
    cancelShipment: { bizStep: 'void_shipping' },
    passInspection: { bizStep: 'inspecting', disposition: 'conformant' },
    failInspection: { bizStep: 'inspecting', disposition: 'non_conformant' },
  };
  const action = moved.action === 'shipPart' ? 'ship' : moved.action;
  // Goods shipped, received or called back under sales: the sales they move for.
  const sales = ofType(entries, 'Sale', ['ship', 'deliver', 'cancelShipment']);
  return {
    event: {
      type: 'ObjectEvent',
      ...listFields(lists, 'epcList', 'quantityList'),
      action: 'OBSERVE',
      ...step[action],
      ...(sales.length ? { bizTransactionList: saleTransactions(sales) } : {}),
    },
    items: [{ role: 'epc', key }],
  };
}

/** The EPCIS event of one transaction's chaincode events (all of one transaction), or undefined. */
export async function ledgerEvent(
  entries: TimelineEntry[],
  lookups: LedgerLookups,
  kept: Record<string, unknown> | undefined,
): Promise<LedgerEvent | undefined> {
  const built = await content(entries, lookups);
  if (!built) return undefined;
  const recorded = entries[0]!.timestamp;
  const inspection = entries.find((e) => e.action === 'passInspection' || e.action === 'failInspection');
  const inspectionId = inspection ? str(inspection.details.inspectionId) : '';
  const fromLedger = {
    ...(kept?.['@context'] !== undefined ? { '@context': kept['@context'] } : {}),
    ...(inspectionId && /^[a-z][a-z0-9+.-]*:/i.test(inspectionId) ? { eventID: inspectionId } : {}),
    eventTime: recorded,
    eventTimeZoneOffset: '+00:00',
  };
  const { type, ...rest } = built.event;
  return {
    event: { type, ...fromLedger, ...kept, recordTime: recorded, ...rest },
    items: built.items,
  };
}
