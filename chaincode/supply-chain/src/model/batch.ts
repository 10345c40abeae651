import { defineRecordType, identifier, indexOn, isoInstant, mspId, sha256Hex } from '@scenechain/scene-kit';
import { z } from 'zod';
import { units } from './product';

export const batchStatuses = ['ACTIVE', 'PACKED', 'IN_TRANSIT', 'QUARANTINED', 'CONSUMED', 'RECALLED'] as const;
export type BatchStatus = (typeof batchStatuses)[number];

/** How a batch came to exist (EPCIS "why"): commissioned, produced by a transformation, or split off. */
const origin = z.strictObject({
  kind: z.enum(['commissioned', 'transformed', 'split']),
  /** The transformation ID, or the parent batch ID for a split. */
  eventId: identifier.optional(),
  inputs: z.array(z.strictObject({ batchId: identifier, quantity: z.int().positive() })).max(50),
});

/**
 * A batch (lot) of one product: how much is held, by whom (custody), where, and in which state. The quantity
 * only ever falls by what was shipped off, split off or consumed, so quantities are conserved.
 */
export const batchSchema = z.strictObject({
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
  origin,
  producedAt: isoInstant,
  lastInspection: z
    .strictObject({ inspectionId: identifier, result: z.enum(['PASS', 'FAIL']), at: isoInstant })
    .optional(),
  recall: z.strictObject({ recallId: identifier, at: isoInstant }).optional(),
  /** Certificate digest of the last passed inspection, for buyers to check. */
  certificateHash: sha256Hex.optional(),
});
export type Batch = z.output<typeof batchSchema>;

export const batches = defineRecordType({
  name: 'Batch',
  schema: batchSchema,
  key: ['id'],
  indexes: {
    byCustodian: indexOn<Batch>('custodian', 'status'),
    byStatus: indexOn<Batch>('status'),
    byProduct: indexOn<Batch>('productId'),
  },
  eventDetails: (batch) => ({
    productId: batch.productId,
    quantity: batch.quantity,
    custodian: batch.custodian,
    location: batch.location,
    ...(batch.receiver ? { receiver: batch.receiver } : {}),
  }),
});
