import {
  advance,
  ConflictError,
  createThrough,
  identifier,
  InsufficientQuantityError,
  plainStep,
  quantity,
  requireAccess,
  requireDistinct,
  submitFlow,
} from '@scenechain/scene-kit';
import { z } from 'zod';
import { batchLifecycle } from '../lifecycle/batch-lifecycle';
import { batches } from '../model/batch';
import { ownProduct } from '../model/product';
import { transformations } from '../model/transformation';
import { producers } from '../parties';
import { recordLinks } from './provenance-links';

/** Inputs and outputs per transformation: every input is linked to every output, so the product is bounded. */
export const MAX_TRANSFORMATION_SIDES = 20;

export const transform = submitFlow(
  'Consumes quantities of input batches and produces new output batches at one location (EPCIS TransformationEvent).',
  z.strictObject({
    transformationId: identifier,
    inputs: z
      .array(z.strictObject({ batchId: identifier, quantity }))
      .min(1)
      .max(MAX_TRANSFORMATION_SIDES),
    outputs: z
      .array(z.strictObject({ batchId: identifier, productId: identifier, quantity }))
      .min(1)
      .max(MAX_TRANSFORMATION_SIDES),
    location: identifier,
  }),
  async (scene, input) => {
    requireAccess(scene.actor, producers, 'transform batches');
    requireDistinct(
      [...input.inputs.map((i) => i.batchId), ...input.outputs.map((o) => o.batchId)],
      'inputs and outputs batchId',
    );
    const record = await transformations.create(
      scene,
      {
        id: input.transformationId,
        inputs: input.inputs,
        outputs: input.outputs,
        location: input.location,
        by: scene.actor.mspId,
        at: scene.now.iso,
      },
      { step: plainStep('transform', 'TransformationRecorded') },
    );
    for (const consumed of input.inputs) {
      const batch = await batches.mustGet(scene, { id: consumed.batchId });
      const transition = consumed.quantity >= batch.data.quantity ? 'consume' : 'consumePart';
      await advance(scene, batches, batchLifecycle, batch, transition, (data) => {
        if (consumed.quantity > data.quantity) {
          throw new InsufficientQuantityError(
            `Batch ${data.id} holds ${data.quantity} ${data.unit}; cannot consume ${consumed.quantity}`,
          );
        }
        if (data.location !== input.location) {
          throw new ConflictError(
            `Batch ${data.id} is at ${data.location}, not at ${input.location} where the transformation happens`,
          );
        }
        return { ...data, quantity: data.quantity - consumed.quantity };
      });
    }
    for (const produced of input.outputs) {
      const product = await ownProduct(scene, produced.productId, 'produce it');
      await createThrough(scene, batches, batchLifecycle, 'produce', {
        id: produced.batchId,
        productId: produced.productId,
        quantity: produced.quantity,
        unit: product.data.unit,
        status: 'ACTIVE',
        custodian: scene.actor.mspId,
        location: input.location,
        origin: { kind: 'transformed', eventId: input.transformationId, inputs: input.inputs },
        producedAt: scene.now.iso,
      });
    }
    await recordLinks(
      scene,
      input.outputs.flatMap((produced) =>
        input.inputs.map((consumed) => ({
          from: consumed.batchId,
          to: produced.batchId,
          fromKind: 'batch' as const,
          toKind: 'batch' as const,
          kind: 'transform' as const,
          quantity: consumed.quantity,
          eventId: input.transformationId,
        })),
      ),
    );
    return record;
  },
);
