import {
  advance,
  createThrough,
  ForbiddenError,
  identifier,
  plainStep,
  requireAccess,
  submitFlow,
  text,
  type Scene,
  type Stored,
} from '@scenechain/scene-kit';
import { z } from 'zod';
import { batchLifecycle } from '../lifecycle/batch-lifecycle';
import { recallLifecycle } from '../lifecycle/recall-lifecycle';
import { batches } from '../model/batch';
import { products } from '../model/product';
import {
  queuePosition,
  RECALL_BATCHES_PER_TRANSACTION,
  RECALL_LINKS_PER_TRANSACTION,
  RECALL_VISITS_PER_TRANSACTION,
  recallTargets,
  recalls,
  type Recall,
} from '../model/recall';
import { recallers, REGULATORS } from '../parties';
import { downstreamLinks } from './provenance-links';

export const recall = submitFlow(
  `Recalls a batch and every batch made or split from it, breadth-first, ${RECALL_BATCHES_PER_TRANSACTION} batches per transaction; the regulator, or the product's owner.`,
  z.strictObject({ recallId: identifier, batchId: identifier, reason: text(500) }),
  async (scene, input) => {
    requireAccess(scene.actor, recallers, 'recall a batch');
    const root = await batches.mustGet(scene, { id: input.batchId });
    if (!(REGULATORS as readonly string[]).includes(scene.actor.mspId)) {
      const product = await products.mustGet(scene, { id: root.data.productId });
      if (product.data.owner !== scene.actor.mspId) {
        throw new ForbiddenError(
          `only the regulator or ${product.data.owner}, owner of product ${product.data.id}, may recall Batch ${root.data.id}`,
        );
      }
    }
    const opened = await createThrough(scene, recalls, recallLifecycle, 'open', {
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
    await advance(
      scene,
      batches,
      batchLifecycle,
      root,
      'recall',
      (data) => ({ ...data, recall: { recallId: input.recallId, at: scene.now.iso } }),
      {
        recallId: input.recallId,
      },
    );
    const walk: Walk = { queued: 0, visited: 0, marked: 1, linksRead: 0 };
    await enqueueDownstream(scene, opened.data.id, root.data.id, walk);
    return markDownstream(scene, opened, walk);
  },
);

export const continueRecall = submitFlow(
  'Marks the next share of a recall that one transaction could not finish.',
  z.strictObject({ recallId: identifier }),
  async (scene, input) => {
    requireAccess(scene.actor, recallers, 'continue a recall');
    const current = await recalls.mustGet(scene, { id: input.recallId });
    const { queued, visited, marked } = current.data;
    return markDownstream(scene, current, { queued, visited, marked, linksRead: 0 });
  },
);

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
    const batch = await batches.mustGet(scene, { id: target.data.batchId });
    if (batch.data.status === 'RECALLED') continue;
    await advance(
      scene,
      batches,
      batchLifecycle,
      batch,
      'recallDownstream',
      (data) => ({ ...data, recall: { recallId, at: scene.now.iso } }),
      { recallId, rootBatchId: current.data.rootBatchId },
    );
    walk.marked += 1;
    markedHere += 1;
    await enqueueDownstream(scene, recallId, batch.data.id, walk);
  }
  const done = walk.visited === walk.queued;
  return advance(scene, recalls, recallLifecycle, current, done ? 'complete' : 'progress', (data) => ({
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
