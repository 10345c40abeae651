import { defineRecordType, identifier, indexOn, isoInstant, sha256Hex, text } from '@scenechain/scene-kit';
import { z } from 'zod';
import { subjectId } from './registry-record';

export const transferStatuses = ['PROPOSED', 'ACCEPTED', 'APPROVED', 'REJECTED', 'DECLINED', 'CANCELLED'] as const;

/** A property title transfer: proposed by the seller, accepted by the buyer, approved by the registry. */
export const transferSchema = z.strictObject({
  id: identifier,
  recordId: identifier,
  seller: subjectId,
  buyer: subjectId,
  /** Digest of the signed sale deed, kept off chain. */
  deedHash: sha256Hex,
  status: z.enum(transferStatuses),
  proposedAt: isoInstant,
  acceptedAt: isoInstant.optional(),
  decidedAt: isoInstant.optional(),
  rejection: text(500).optional(),
});
export type Transfer = z.output<typeof transferSchema>;

export const transfers = defineRecordType({
  name: 'Transfer',
  schema: transferSchema,
  key: ['id'],
  indexes: { byRecord: indexOn<Transfer>('recordId'), byStatus: indexOn<Transfer>('status') },
  eventDetails: (transfer) => ({ recordId: transfer.recordId }),
});
