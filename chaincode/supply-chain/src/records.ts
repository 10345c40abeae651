import { defineRecordType, identifier, indexOn, isoInstant, mspId, sha256Hex, text } from '@scenechain/scene-kit';
import { z } from 'zod';

/** Units a quantity may be counted in; quantities are whole numbers of the unit. */
export const units = z.enum(['each', 'g', 'kg', 'ml', 'l']);
/** A quantity of one batch used up by a transformation or a split. */
const batchShare = z.strictObject({ batchId: identifier, quantity: z.int().positive() });

/** A trade item (EPCIS "what" at class level, e.g. a GTIN), registered by the brand owner, who alone makes batches of it. */
const productSchema = z.strictObject({
  id: identifier,
  name: text(200),
  unit: units,
  owner: mspId,
  registeredAt: isoInstant,
});
export type Product = z.output<typeof productSchema>;
export const products = defineRecordType({
  name: 'Product',
  schema: productSchema,
  key: ['id'],
  indexes: { byOwner: indexOn<Product>('owner') },
  eventDetails: (product) => ({ name: product.name, owner: product.owner }),
});

export const batchStatuses = ['ACTIVE', 'PACKED', 'IN_TRANSIT', 'QUARANTINED', 'CONSUMED', 'RECALLED'] as const;
export type BatchStatus = (typeof batchStatuses)[number];

/**
 * A batch (lot) of one product: how much is held, by whom (custody), where, and in which state. The quantity
 * only ever falls by what was shipped off, split off or consumed, so quantities are conserved.
 */
const batchSchema = z.strictObject({
  id: identifier,
  productId: identifier,
  quantity: z.int().min(0),
  unit: units,
  status: z.enum(batchStatuses),
  /** The org holding the batch; only it may pack, ship or transform it. */
  custodian: mspId,
  /** While in transit: the only org that may receive it. */
  receiver: mspId.optional(),
  /** Where it is (EPCIS "where": a location ID such as a GLN). */
  location: identifier,
  /** The pallet it is packed in. */
  palletId: identifier.optional(),
  /** How it came to exist (EPCIS "why"); `eventId` is the transformation ID, or the parent batch ID of a split. */
  origin: z.strictObject({
    kind: z.enum(['commissioned', 'transformed', 'split']),
    eventId: identifier.optional(),
    inputs: z.array(batchShare).max(50),
  }),
  producedAt: isoInstant,
  lastInspection: z
    .strictObject({ inspectionId: identifier, result: z.enum(['PASS', 'FAIL']), at: isoInstant })
    .optional(),
  recall: z.strictObject({ recallId: identifier, at: isoInstant }).optional(),
  /** Certificate digest of the last passed inspection, for buyers to check. */
  certificateHash: sha256Hex.optional(),
  /** The sale it left its seller under, kept as it travels on so that the buyer's receipt delivers the sale. */
  saleId: identifier.optional(),
});
export type Batch = z.output<typeof batchSchema>;

/** What an item in custody tells its events: where it is, who holds it, who is to receive it. */
const custodyDetails = (item: { custodian: string; location: string; receiver?: string }) => ({
  custodian: item.custodian,
  location: item.location,
  ...(item.receiver ? { receiver: item.receiver } : {}),
});

export const batches = defineRecordType({
  name: 'Batch',
  schema: batchSchema,
  key: ['id'],
  indexes: {
    byCustodian: indexOn<Batch>('custodian', 'status'),
    byStatus: indexOn<Batch>('status'),
    byProduct: indexOn<Batch>('productId'),
  },
  eventDetails: (batch) => ({ productId: batch.productId, quantity: batch.quantity, ...custodyDetails(batch) }),
});

/** Most batches one pallet holds: bounds the work of shipping or receiving it in one transaction. */
export const MAX_PALLET_CONTENTS = 200;
export const palletStatuses = ['ASSEMBLED', 'IN_TRANSIT', 'DISSOLVED'] as const;

/** A logistic unit (an SSCC) holding packed batches; shipping it moves every batch inside. */
const palletSchema = z.strictObject({
  id: identifier,
  status: z.enum(palletStatuses),
  custodian: mspId,
  receiver: mspId.optional(),
  location: identifier,
  contents: z.array(identifier).max(MAX_PALLET_CONTENTS),
  assembledAt: isoInstant,
});
export type Pallet = z.output<typeof palletSchema>;
export const pallets = defineRecordType({
  name: 'Pallet',
  schema: palletSchema,
  key: ['id'],
  indexes: { byCustodian: indexOn<Pallet>('custodian', 'status') },
  eventDetails: (pallet) => ({ ...custodyDetails(pallet), batches: pallet.contents.length }),
});

/** An inspection or lab test of a batch, as the inspector reports it; the certificate stays off chain. */
export const inspectionReport = z.strictObject({
  batchId: identifier,
  result: z.enum(['PASS', 'FAIL']),
  certificateHash: sha256Hex,
  notes: text(500).optional(),
});
const inspectionSchema = z.strictObject({
  id: identifier,
  ...inspectionReport.shape,
  inspector: mspId,
  at: isoInstant,
});
export const inspections = defineRecordType({
  name: 'Inspection',
  schema: inspectionSchema,
  key: ['id'],
  indexes: { byBatch: indexOn<z.output<typeof inspectionSchema>>('batchId') },
  eventDetails: (inspection) => ({ batchId: inspection.batchId, result: inspection.result }),
});

/** An EPCIS transformation event: input quantities consumed, output batches produced, at one place. */
export const transformations = defineRecordType({
  name: 'Transformation',
  schema: z.strictObject({
    id: identifier,
    inputs: z.array(batchShare).min(1).max(50),
    outputs: z
      .array(batchShare.extend({ productId: identifier }))
      .min(1)
      .max(50),
    location: identifier,
    by: mspId,
    at: isoInstant,
  }),
  key: ['id'],
  eventDetails: (t) => ({ inputs: t.inputs.length, outputs: t.outputs.length, location: t.location }),
});

/**
 * Most provenance links going out of one item (parts split off, transformations it fed, pallets it was packed
 * on). A recall reads all of an item's outgoing links in one transaction, so their number stays bounded:
 * recording one more is refused with LIMIT_EXCEEDED.
 */
export const MAX_DOWNSTREAM_LINKS = 500;

/**
 * One provenance edge: `from` went into `to`. Transformations and splits link batch to batch; packing links a
 * batch to its pallet and is kept after unpacking, so traces see past aggregations too. Downstream is a range
 * scan on the key (`from` first), upstream a range scan on the `byTarget` index.
 */
const linkSchema = z.strictObject({
  from: identifier,
  to: identifier,
  fromKind: z.enum(['batch', 'pallet']),
  toKind: z.enum(['batch', 'pallet']),
  kind: z.enum(['transform', 'split', 'aggregate']),
  /** Quantity of `from` that went into `to` (0 for aggregation: the batch keeps its quantity). */
  quantity: z.int().min(0),
  /** Transformation ID, parent batch ID (split) or pallet ID (aggregate). */
  eventId: identifier,
  at: isoInstant,
});
export type Link = z.output<typeof linkSchema>;
export const links = defineRecordType({
  name: 'Link',
  schema: linkSchema,
  key: ['from', 'to'],
  indexes: { byTarget: indexOn<Link>('to') },
  events: false,
});

/** Batches a single transaction marks at most; a larger recall continues with `continueRecall`. */
export const RECALL_BATCHES_PER_TRANSACTION = 200;
/** Queue entries a single transaction takes (marked or skipped as already recalled). */
export const RECALL_VISITS_PER_TRANSACTION = 1000;
/** Provenance links a single transaction reads while walking; one batch's links are read whole. */
export const RECALL_LINKS_PER_TRANSACTION = 2000;
export const recallStatuses = ['IN_PROGRESS', 'COMPLETE'] as const;

/**
 * A recall of a batch and everything made or split from it. The downstream walk is breadth-first over a queue
 * kept in `RecallTarget` records (position `visited` is the next to take, `queued` the next free), so the
 * recall itself stays small however many batches it reaches.
 */
const recallSchema = z.strictObject({
  id: identifier,
  rootBatchId: identifier,
  reason: text(500),
  status: z.enum(recallStatuses),
  initiatedBy: mspId,
  openedAt: isoInstant,
  /** Batches put on the queue so far. */
  queued: z.int().min(0),
  /** Batches taken from the queue so far; the walk is complete when it reaches `queued`. */
  visited: z.int().min(0),
  marked: z.int().min(0),
});
export type Recall = z.output<typeof recallSchema>;
export const recalls = defineRecordType({
  name: 'Recall',
  schema: recallSchema,
  key: ['id'],
  indexes: { byRoot: indexOn<Recall>('rootBatchId') },
  eventDetails: (recall) => ({
    rootBatchId: recall.rootBatchId,
    marked: recall.marked,
    pending: recall.queued - recall.visited,
  }),
});

/** Width of a queue position in its key, so that keys sort in queue order. */
const POSITION_DIGITS = 10;
export const queuePosition = (position: number): string => String(position).padStart(POSITION_DIGITS, '0');

/**
 * One batch a recall reached through a provenance link (`via`, the batch it was made or split from), at its
 * place in the recall's queue. Kept after it is visited: together they list every batch the recall reached and
 * from where.
 */
export const recallTargets = defineRecordType({
  name: 'RecallTarget',
  schema: z.strictObject({
    recallId: identifier,
    position: z.string().regex(new RegExp(`^\\d{${POSITION_DIGITS}}$`)),
    batchId: identifier,
    via: identifier,
  }),
  key: ['recallId', 'position'],
  events: false,
});
