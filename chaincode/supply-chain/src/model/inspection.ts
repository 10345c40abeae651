import { defineRecordType, identifier, indexOn, isoInstant, mspId, sha256Hex, text } from '@scenechain/scene-kit';
import { z } from 'zod';

/** An inspection or lab test of a batch; the certificate itself stays off chain, its digest is recorded. */
export const inspectionSchema = z.strictObject({
  id: identifier,
  batchId: identifier,
  result: z.enum(['PASS', 'FAIL']),
  certificateHash: sha256Hex,
  notes: text(500).optional(),
  inspector: mspId,
  at: isoInstant,
});
export type Inspection = z.output<typeof inspectionSchema>;

export const inspections = defineRecordType({
  name: 'Inspection',
  schema: inspectionSchema,
  key: ['id'],
  indexes: { byBatch: indexOn<Inspection>('batchId') },
  eventDetails: (inspection) => ({ batchId: inspection.batchId, result: inspection.result }),
});
