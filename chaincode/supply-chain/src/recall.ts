import { identifier, plainStep, submitFlow, text, type Scene, type Stored } from '@scenechain/scene-kit';
import { z } from 'zod';
import { batchLife, recallLife } from './machines';
import { downstreamLinks } from './provenance';
import {
  queuePosition,
  RECALL_BATCHES_PER_TRANSACTION,
  RECALL_LINKS_PER_TRANSACTION,
  RECALL_VISITS_PER_TRANSACTION,
  recallTargets,
  type Batch,
  type Recall,
} from './records';

export const recall = submitFlow({
  description: `Recalls a batch and every batch made or split from it, breadth-first, ${RECALL_BATCHES_PER_TRANSACTION} batches per transaction; the regulator, or the product's owner.`,
  request: z.strictObject({ recallId: identifier, batchId: identifier, reason: text(500) }),
  on: batchLife,
  transition: 'recall',
  run: async (scene, input) => {
    const root = await batchLife.read(scene, input.batchId);
    const opened = await recallLife.create(scene, 'open', {
      id: input.recallId,
      rootBatchId: root.data.id,
      reason: input.reason,
      status: 'IN_PROGRESS',
      initiatedBy: scene.actor.mspId,
      openedAt: scene.now.iso,
      queued: 0,
      visited: 0,
      marked: 0,
    });
    await batchLife.advance(scene, root, 'recall', markedBy(scene, input.recallId), { recallId: input.recallId });
    const walk: Walk = { queued: 0, visited: 0, marked: 1, linksRead: 0 };
    await enqueueDownstream(scene, input.recallId, root.data.id, walk);
    return markDownstream(scene, opened, walk);
  },
});

export const continueRecall = submitFlow({
  description: 'Marks the next share of a recall that one transaction could not finish.',
  request: z.strictObject({ recallId: identifier }),
  on: recallLife,
  transition: 'progress',
  orTransitions: ['complete'],
  run: async (scene, input) => {
    const current = await recallLife.read(scene, input.recallId);
    const { queued, visited, marked } = current.data;
    return markDownstream(scene, current, { queued, visited, marked, linksRead: 0 });
  },
});

/** The change marking a batch as recalled by `recallId`. */
function markedBy(scene: Scene, recallId: string) {
  return (data: Batch): Batch => ({ ...data, recall: { recallId, at: scene.now.iso } });
}

/** Where a recall's walk stands, and the links this transaction has read. */
interface Walk {
  queued: number;
  visited: number;
  marked: number;
  linksRead: number;
}

/**
 * Marks batches breadth-first from the recall's queue until it is empty or this transaction's share (batches
 * marked, queue entries taken, links read) is used up, then records where it stopped. A batch already
 * recalled (by this recall or an earlier one) is not walked again: whichever recall marked it also walks, or
 * has walked, what lies downstream of it.
 */
async function markDownstream(scene: Scene, current: Stored<Recall>, walk: Walk) {
  const recallId = current.data.id;
  let markedHere = 0;
  let visitedHere = 0;
  while (
    walk.visited < walk.queued &&
    markedHere < RECALL_BATCHES_PER_TRANSACTION &&
    visitedHere < RECALL_VISITS_PER_TRANSACTION &&
    walk.linksRead < RECALL_LINKS_PER_TRANSACTION
  ) {
    const target = await recallTargets.mustGet(scene, { recallId, position: queuePosition(walk.visited) });
    walk.visited += 1;
    visitedHere += 1;
    const batch = await batchLife.read(scene, target.data.batchId);
    if (batch.data.status === 'RECALLED') continue;
    const details = { recallId, rootBatchId: current.data.rootBatchId };
    await batchLife.advance(scene, batch, 'recallDownstream', markedBy(scene, recallId), details);
    walk.marked += 1;
    markedHere += 1;
    await enqueueDownstream(scene, recallId, batch.data.id, walk);
  }
  const done = walk.visited === walk.queued;
  return recallLife.advance(scene, current, done ? 'complete' : 'progress', (data) => ({
    ...data,
    queued: walk.queued,
    visited: walk.visited,
    marked: walk.marked,
  }));
}

/** Puts the batches made or split from a batch on the recall's queue (pallet links are not followed). */
async function enqueueDownstream(scene: Scene, recallId: string, batchId: string, walk: Walk): Promise<void> {
  const found = await downstreamLinks(scene, batchId);
  walk.linksRead += found.length;
  for (const { data: link } of found) {
    if (link.toKind !== 'batch') continue;
    await recallTargets.create(
      scene,
      { recallId, position: queuePosition(walk.queued), batchId: link.to, via: batchId },
      { step: plainStep('queue', 'RecallTargetQueued') },
    );
    walk.queued += 1;
  }
}
