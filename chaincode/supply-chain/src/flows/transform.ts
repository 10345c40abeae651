import {
  ConflictError,
  identifier,
  InsufficientQuantityError,
  plainStep,
  quantity,
  requireDistinct,
  submitFlow,
} from '@scenechain/scene-kit';
import { z } from 'zod';
import { batchLife } from '../lifecycle/batch-lifecycle';
import { transformations } from '../model/transformation';
import { producers } from '../parties';
import { makeBatch } from './commission';
import { recordLinks } from './provenance-links';

/** Inputs and outputs per transformation: every input is linked to every output, so the product is bounded. */
export const MAX_TRANSFORMATION_SIDES = 20;

export const transform = submitFlow({
  description:
    'Consumes quantities of input batches and produces new output batches at one location (EPCIS TransformationEvent).',
  request: z.strictObject({
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
  on: transformations,
  by: producers,
  run: async (scene, input) => {
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
      const batch = await batchLife.read(scene, consumed.batchId);
      const transition = consumed.quantity >= batch.data.quantity ? 'consume' : 'consumePart';
      await batchLife.advance(scene, batch, transition, (data) => {
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
    const origin = { kind: 'transformed' as const, eventId: input.transformationId, inputs: input.inputs };
    for (const produced of input.outputs) {
      await makeBatch(scene, 'produce', { ...produced, location: input.location }, origin);
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
});
