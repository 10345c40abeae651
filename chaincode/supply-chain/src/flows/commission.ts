import { identifier, quantity, requireDistinct, submitFlow, type Scene } from '@scenechain/scene-kit';
import { z } from 'zod';
import { batchLife } from '../lifecycle/batch-lifecycle';
import type { Batch } from '../model/batch';
import { ownProduct } from '../model/product';

/** Most batches one `commissionMany` call creates. */
export const MAX_BATCHES_PER_CALL = 500;

const commissioned: Batch['origin'] = { kind: 'commissioned', inputs: [] };
const newBatch = z.strictObject({ batchId: identifier, productId: identifier, quantity, location: identifier });

export const commission = submitFlow({
  description: 'Commissions a new batch of one of the submitter’s products (EPCIS ObjectEvent ADD).',
  request: newBatch,
  on: batchLife,
  transition: 'commission',
  run: (scene, input) => makeBatch(scene, 'commission', input, commissioned),
});

export const commissionMany = submitFlow({
  description: `Commissions up to ${MAX_BATCHES_PER_CALL} batches in one transaction; all or none.`,
  request: z.strictObject({ batches: z.array(newBatch).min(1).max(MAX_BATCHES_PER_CALL) }),
  on: batchLife,
  transition: 'commission',
  run: async (scene, input) => {
    const batchIds = input.batches.map((batch) => batch.batchId);
    requireDistinct(batchIds, 'batches.batchId');
    for (const batch of input.batches) await makeBatch(scene, 'commission', batch, commissioned);
    return { count: input.batches.length, batchIds };
  },
});

/** Makes a batch of one of the submitter's own products, held by the submitter where it was made. */
export async function makeBatch(
  scene: Scene,
  transition: 'commission' | 'produce',
  made: { batchId: string; productId: string; quantity: number; location: string },
  origin: Batch['origin'],
) {
  const product = await ownProduct(scene, made.productId, `${transition} it`);
  return batchLife.create(scene, transition, {
    id: made.batchId,
    productId: made.productId,
    quantity: made.quantity,
    unit: product.data.unit,
    status: 'ACTIVE',
    custodian: scene.actor.mspId,
    location: made.location,
    origin,
    producedAt: scene.now.iso,
  });
}
