import {
  ConflictError,
  ForbiddenError,
  identifier,
  InsufficientQuantityError,
  plainStep,
  quantity,
  requireDistinct,
  submitFlow,
  text,
  type Scene,
} from '@scenechain/scene-kit';
import { z } from 'zod';
import { batchLife } from './machines';
import { producers } from './parties';
import { recordLinks } from './provenance';
import { inspectionReport, inspections, products, transformations, units, type Batch } from './records';

export const registerProduct = submitFlow({
  description: 'Registers a trade item; the submitting enterprise becomes its brand owner.',
  request: z.strictObject({ productId: identifier, name: text(200), unit: units }),
  on: products,
  by: producers,
  run: (scene, { productId, ...product }) => {
    const draft = { id: productId, ...product, owner: scene.actor.mspId, registeredAt: scene.now.iso };
    return products.create(scene, draft, { step: plainStep('registerProduct', 'ProductRegistered') });
  },
});

/** Most batches one `commissionMany` call creates. */
export const MAX_BATCHES_PER_CALL = 500;

const commissioned: Batch['origin'] = { kind: 'commissioned', inputs: [] };
const newBatch = z.strictObject({ batchId: identifier, productId: identifier, quantity, location: identifier });
type NewBatch = z.output<typeof newBatch>;

/** Makes a batch of one of the submitter's own products (FORBIDDEN otherwise), held by it where it was made. */
async function makeBatch(scene: Scene, transition: 'commission' | 'produce', made: NewBatch, origin: Batch['origin']) {
  const { data: product } = await products.mustGet(scene, { id: made.productId });
  if (product.owner !== scene.actor.mspId) {
    throw new ForbiddenError(
      `product ${product.id} belongs to ${product.owner}; ${scene.actor.mspId} may not ${transition} it`,
    );
  }
  const { batchId: id, ...batch } = made;
  return batchLife.create(scene, transition, {
    id,
    ...batch,
    unit: product.unit,
    status: 'ACTIVE',
    custodian: scene.actor.mspId,
    origin,
    producedAt: scene.now.iso,
  });
}

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

/** Inputs and outputs per transformation: every input is linked to every output, so the product is bounded. */
export const MAX_TRANSFORMATION_SIDES = 20;
const used = z.strictObject({ batchId: identifier, quantity });

export const transform = submitFlow({
  description:
    'Consumes quantities of input batches and produces new output batches at one location (EPCIS TransformationEvent).',
  request: z.strictObject({
    transformationId: identifier,
    inputs: z.array(used).min(1).max(MAX_TRANSFORMATION_SIDES),
    outputs: z
      .array(used.extend({ productId: identifier }))
      .min(1)
      .max(MAX_TRANSFORMATION_SIDES),
    location: identifier,
  }),
  on: transformations,
  by: producers,
  run: async (scene, { transformationId: id, inputs, outputs, location }) => {
    requireDistinct(
      [...inputs, ...outputs].map((side) => side.batchId),
      'inputs and outputs batchId',
    );
    const draft = { id, inputs, outputs, location, by: scene.actor.mspId, at: scene.now.iso };
    const record = await transformations.create(scene, draft, {
      step: plainStep('transform', 'TransformationRecorded'),
    });
    for (const consumed of inputs) {
      const batch = await batchLife.read(scene, consumed.batchId);
      const transition = consumed.quantity >= batch.data.quantity ? 'consume' : 'consumePart';
      await batchLife.advance(scene, batch, transition, (data) => {
        if (consumed.quantity > data.quantity) {
          throw new InsufficientQuantityError(
            `Batch ${data.id} holds ${data.quantity} ${data.unit}; cannot consume ${consumed.quantity}`,
          );
        }
        if (data.location !== location) {
          throw new ConflictError(
            `Batch ${data.id} is at ${data.location}, not at ${location} where the transformation happens`,
          );
        }
        return { ...data, quantity: data.quantity - consumed.quantity };
      });
    }
    const origin = { kind: 'transformed' as const, eventId: id, inputs };
    for (const produced of outputs) await makeBatch(scene, 'produce', { ...produced, location }, origin);
    const edges = outputs.flatMap(({ batchId: to }) =>
      inputs.map(({ batchId: from, quantity }) => ({ from, to, quantity })),
    );
    await recordLinks(scene, 'transform', id, edges);
    return record;
  },
});

export const inspect = submitFlow({
  description: 'Records an inspection or lab result for a batch at rest: a failure quarantines it, a pass releases it.',
  request: z.strictObject({ inspectionId: identifier, ...inspectionReport.shape }),
  on: batchLife,
  transition: 'passInspection',
  orTransitions: ['failInspection'],
  run: async (scene, { inspectionId, ...report }) => {
    const { batchId, result, certificateHash } = report;
    const draft = { id: inspectionId, ...report, inspector: scene.actor.mspId, at: scene.now.iso };
    const inspection = await inspections.create(scene, draft, { step: plainStep('inspect', 'InspectionRecorded') });
    const transition = result === 'PASS' ? 'passInspection' : 'failInspection';
    const lastInspection = { inspectionId, result, at: scene.now.iso };
    await batchLife.advance(
      scene,
      batchId,
      transition,
      (data) => ({
        ...data,
        lastInspection,
        certificateHash: result === 'PASS' ? certificateHash : data.certificateHash,
      }),
      { inspectionId, result },
    );
    return inspection;
  },
});
