import {
  createThrough,
  identifier,
  quantity,
  requireAccess,
  requireDistinct,
  submitFlow,
  type Scene,
} from '@scenechain/scene-kit';
import { z } from 'zod';
import { batchLifecycle } from '../lifecycle/batch-lifecycle';
import { batches } from '../model/batch';
import { ownProduct } from '../model/product';
import { producers } from '../parties';

/** Most batches one `commissionMany` call creates. */
export const MAX_BATCHES_PER_CALL = 500;

const newBatch = z.strictObject({ batchId: identifier, productId: identifier, quantity, location: identifier });

export const commission = submitFlow(
  'Commissions a new batch of one of the submitter’s products (EPCIS ObjectEvent ADD).',
  newBatch,
  async (scene, input) => commissionOne(scene, input),
);

export const commissionMany = submitFlow(
  `Commissions up to ${MAX_BATCHES_PER_CALL} batches in one transaction; all or none.`,
  z.strictObject({ batches: z.array(newBatch).min(1).max(MAX_BATCHES_PER_CALL) }),
  async (scene, input) => {
    requireDistinct(
      input.batches.map((batch) => batch.batchId),
      'batches.batchId',
    );
    for (const batch of input.batches) await commissionOne(scene, batch);
    return { count: input.batches.length, batchIds: input.batches.map((batch) => batch.batchId) };
  },
);

async function commissionOne(scene: Scene, input: z.output<typeof newBatch>) {
  requireAccess(scene.actor, producers, 'commission a batch');
  const product = await ownProduct(scene, input.productId, 'commission it');
  return createThrough(scene, batches, batchLifecycle, 'commission', {
    id: input.batchId,
    productId: input.productId,
    quantity: input.quantity,
    unit: product.data.unit,
    status: 'ACTIVE',
    custodian: scene.actor.mspId,
    location: input.location,
    origin: { kind: 'commissioned', inputs: [] },
    producedAt: scene.now.iso,
  });
}
