import {
  defineDocumentClaims,
  defineRecordType,
  identifier,
  indexOn,
  isoInstant,
  mspId,
  reasonNote,
  sha256Hex,
  text,
} from '@scenechain/scene-kit';
import { z } from 'zod';

/** A temperature in °C as a food logger reports it. */
export const celsius = z
  .number()
  .min(-90)
  .max(90)
  .meta({ examples: [4] });
/** Minutes, up to a year: a shipment's time out of range. */
const minutes = z.int().min(0).max(525600);

export const categoryStatuses = ['IN_FORCE'] as const;
/** The regulator's limits for a product category (冷藏 0–4 °C, 冷冻 −18 °C and below, per the national standard). */
export const limitsRequest = z.strictObject({
  categoryId: identifier,
  name: text(100),
  minC: celsius,
  maxC: celsius,
  /** Minutes out of range a shipment may accumulate before it is held (0: not one minute). */
  toleranceMinutes: minutes.max(1440),
  standard: text(100),
});
const categorySchema = limitsRequest.extend({ status: z.enum(categoryStatuses), setAt: isoInstant });
export type Category = z.output<typeof categorySchema>;
export const categories = defineRecordType({
  name: 'Category',
  schema: categorySchema,
  key: ['categoryId'],
  indexes: { byStatus: indexOn('status') },
  eventDetails: (c) => ({ categoryId: c.categoryId, minC: c.minC, maxC: c.maxC }),
});

export const shipmentStatuses = [
  'CONSIGNED',
  'IN_TRANSIT',
  'QUARANTINED',
  'DELIVERED',
  'ACCEPTED',
  'CONDEMNED',
] as const;
/** A shipment of supply-chain batches (a leg by one carrier), consigned by the org holding them. */
export const consignment = z.strictObject({
  shipmentId: identifier.max(48),
  categoryId: identifier,
  batchIds: z.array(identifier).min(1).max(20),
  carrier: mspId,
  consignee: mspId,
  destination: text(200),
});
export const inspectionResults = ['PASS', 'FAIL'] as const;
const shipmentSchema = consignment.extend({
  shipper: mspId,
  status: z.enum(shipmentStatuses),
  consignedAt: isoInstant,
  /** The category's limits when consigned: a later revision does not change the rules for goods on the road. */
  limits: limitsRequest.pick({ minC: true, maxC: true, toleranceMinutes: true }),
  loggerId: identifier.optional(),
  pickedUpAt: isoInstant.optional(),
  deliveredAt: isoInstant.optional(),
  acceptedAt: isoInstant.optional(),
  /** Reading batches anchored, up to when, the extremes seen and the minutes out of range so far. */
  readings: z.int().nonnegative(),
  readingsUntil: isoInstant.optional(),
  lowestC: celsius.optional(),
  highestC: celsius.optional(),
  minutesOutOfRange: minutes,
  /** Why it was last held (an excursion, or the inspector's reason). */
  hold: reasonNote.optional(),
  /** The inspection since the last hold: release needs PASS, condemnation FAIL. */
  inspection: z
    .strictObject({ result: z.enum(inspectionResults), reportHash: sha256Hex, inspector: text(100), at: isoInstant })
    .optional(),
  condemnation: reasonNote.optional(),
});
export type Shipment = z.output<typeof shipmentSchema>;
export const shipments = defineRecordType({
  name: 'Shipment',
  schema: shipmentSchema,
  key: ['shipmentId'],
  indexes: { byStatus: indexOn<Shipment>('status'), byCarrier: indexOn<Shipment>('carrier', 'status') },
  eventDetails: (s) => ({ shipmentId: s.shipmentId, carrier: s.carrier, consignee: s.consignee }),
});

/** One logger upload: its summary on chain, the full readings file off chain under its SHA-256 digest. */
export const readingsRequest = z.strictObject({
  shipmentId: identifier.max(48),
  loggerId: identifier,
  from: isoInstant,
  to: isoInstant,
  count: z.int().min(1).max(1_000_000),
  minC: celsius,
  maxC: celsius,
  /** Minutes the logger measured outside the shipment's limits in this batch. */
  minutesOutOfRange: minutes,
  readingsHash: sha256Hex,
});
const readingsSchema = readingsRequest.extend({
  readingsId: identifier,
  carrier: mspId,
  excursion: z.boolean(),
  anchoredAt: isoInstant,
});
export type Readings = z.output<typeof readingsSchema>;
export const readingBatches = defineRecordType({
  name: 'Readings',
  schema: readingsSchema,
  key: ['readingsId'],
  indexes: { byShipment: indexOn<Readings>('shipmentId') },
  events: false, // the shipment's ReadingsAnchored or ExcursionDetected reports it
});

/** `S-1.000042`: padded so a shipment's readings list in the order anchored. */
export const readingsIdOf = (shipmentId: string, seq: number) => `${shipmentId}.${String(seq).padStart(6, '0')}`;

/** Readings files, each digest claimed once: anyone checks a logger file against the ledger. */
export const readingsFiles = defineDocumentClaims('ReadingsFile');
