import { defineRecordType, identifier, indexOn, isoInstant, mspId, text } from '@scenechain/scene-kit';
import { z } from 'zod';

/** Batches a single transaction marks at most; a larger recall continues with `continueRecall`. */
export const RECALL_BATCHES_PER_TRANSACTION = 200;

export const recallStatuses = ['IN_PROGRESS', 'COMPLETE'] as const;
export type RecallStatus = (typeof recallStatuses)[number];

/**
 * A recall of a batch and everything made or split from it. The downstream walk is breadth-first; `pending`
 * holds the batches still to visit when one transaction's share is used up.
 */
export const recallSchema = z.strictObject({
  id: identifier,
  rootBatchId: identifier,
  reason: text(500),
  status: z.enum(recallStatuses),
  initiatedBy: mspId,
  openedAt: isoInstant,
  pending: z.array(identifier),
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
    pending: recall.pending.length,
  }),
});
