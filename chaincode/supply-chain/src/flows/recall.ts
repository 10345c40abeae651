import {
  advance,
  createThrough,
  ForbiddenError,
  identifier,
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
import { RECALL_BATCHES_PER_TRANSACTION, recalls, type Recall } from '../model/recall';
import { recallers, REGULATORS } from '../parties';
import { downstreamBatchIds } from './provenance-links';

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
      pending: [],
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
    return markDownstream(scene, opened, await downstreamBatchIds(scene, root.data.id), 1);
  },
);

export const continueRecall = submitFlow(
  'Marks the next share of a recall that one transaction could not finish.',
  z.strictObject({ recallId: identifier }),
  async (scene, input) => {
    requireAccess(scene.actor, recallers, 'continue a recall');
    const current = await recalls.mustGet(scene, { id: input.recallId });
    return markDownstream(scene, current, current.data.pending, 0);
  },
);

/**
 * Marks batches breadth-first from `pending` until none are left or this transaction's share is used up, then
 * records where it stopped. A batch already recalled (by this recall or an earlier one) is not walked again:
 * whichever recall marked it also walks, or has walked, what lies downstream of it.
 */
async function markDownstream(scene: Scene, current: Stored<Recall>, start: readonly string[], alreadyMarked: number) {
  const pending = [...start];
  let marked = alreadyMarked;
  let steps = 0;
  while (pending.length > 0 && steps < RECALL_BATCHES_PER_TRANSACTION) {
    const batchId = pending.shift()!;
    const batch = await batches.mustGet(scene, { id: batchId });
    if (batch.data.status === 'RECALLED') continue;
    await advance(
      scene,
      batches,
      batchLifecycle,
      batch,
      'recallDownstream',
      (data) => ({ ...data, recall: { recallId: current.data.id, at: scene.now.iso } }),
      { recallId: current.data.id, rootBatchId: current.data.rootBatchId },
    );
    marked += 1;
    steps += 1;
    pending.push(...(await downstreamBatchIds(scene, batchId)));
  }
  return advance(scene, recalls, recallLifecycle, current, pending.length === 0 ? 'complete' : 'progress', (data) => ({
    ...data,
    pending,
    marked: data.marked + marked,
  }));
}
