import { defineRecordType, identifier, indexOn, isoInstant, mspId, text } from '@scenechain/scene-kit';
import { z } from 'zod';

/** Batches a single transaction marks at most; a larger recall continues with `continueRecall`. */
export const RECALL_BATCHES_PER_TRANSACTION = 200;
/** Queue entries a single transaction takes (marked or skipped as already recalled). */
export const RECALL_VISITS_PER_TRANSACTION = 1000;
/** Provenance links a single transaction reads while walking; one batch's links are read whole. */
export const RECALL_LINKS_PER_TRANSACTION = 2000;

export const recallStatuses = ['IN_PROGRESS', 'COMPLETE'] as const;
export type RecallStatus = (typeof recallStatuses)[number];

/**
 * A recall of a batch and everything made or split from it. The downstream walk is breadth-first over a queue
 * kept in `RecallTarget` records (position `visited` is the next to take, `queued` the next free), so the
 * recall itself stays small however many batches it reaches.
 */
export const recallSchema = z.strictObject({
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

export function queuePosition(position: number): string {
  return String(position).padStart(POSITION_DIGITS, '0');
}

/**
 * One batch a recall reached through a provenance link, at its place in the recall's queue. Kept after it is
 * visited: together they list every batch the recall reached and from where.
 */
export const recallTargetSchema = z.strictObject({
  recallId: identifier,
  position: z.string().regex(new RegExp(`^\\d{${POSITION_DIGITS}}$`)),
  batchId: identifier,
  /** The batch it was made or split from. */
  via: identifier,
});
export type RecallTarget = z.output<typeof recallTargetSchema>;

export const recallTargets = defineRecordType({
  name: 'RecallTarget',
  schema: recallTargetSchema,
  key: ['recallId', 'position'],
  events: false,
});
