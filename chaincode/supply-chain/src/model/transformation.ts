import { defineRecordType, identifier, isoInstant, mspId } from '@scenechain/scene-kit';
import { z } from 'zod';

/** An EPCIS transformation event: input quantities consumed, output batches produced, at one place. */
export const transformationSchema = z.strictObject({
  id: identifier,
  inputs: z
    .array(z.strictObject({ batchId: identifier, quantity: z.int().positive() }))
    .min(1)
    .max(50),
  outputs: z
    .array(z.strictObject({ batchId: identifier, productId: identifier, quantity: z.int().positive() }))
    .min(1)
    .max(50),
  location: identifier,
  by: mspId,
  at: isoInstant,
});
export type Transformation = z.output<typeof transformationSchema>;

export const transformations = defineRecordType({
  name: 'Transformation',
  schema: transformationSchema,
  key: ['id'],
  eventDetails: (t) => ({ inputs: t.inputs.length, outputs: t.outputs.length, location: t.location }),
});
