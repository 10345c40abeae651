import { advance, identifier, plainStep, requireAccess, sha256Hex, submitFlow, text } from '@scenechain/scene-kit';
import { z } from 'zod';
import { batchLifecycle } from '../lifecycle/batch-lifecycle';
import { batches } from '../model/batch';
import { inspections } from '../model/inspection';
import { inspectors } from '../parties';

export const inspect = submitFlow(
  'Records an inspection or lab result for a batch at rest: a failure quarantines it, a pass releases it.',
  z.strictObject({
    inspectionId: identifier,
    batchId: identifier,
    result: z.enum(['PASS', 'FAIL']),
    certificateHash: sha256Hex,
    notes: text(500).optional(),
  }),
  async (scene, input) => {
    requireAccess(scene.actor, inspectors, 'inspect a batch');
    const inspection = await inspections.create(
      scene,
      {
        id: input.inspectionId,
        batchId: input.batchId,
        result: input.result,
        certificateHash: input.certificateHash,
        notes: input.notes,
        inspector: scene.actor.mspId,
        at: scene.now.iso,
      },
      { step: plainStep('inspect', 'InspectionRecorded') },
    );
    const batch = await batches.mustGet(scene, { id: input.batchId });
    await advance(
      scene,
      batches,
      batchLifecycle,
      batch,
      input.result === 'PASS' ? 'passInspection' : 'failInspection',
      (data) => ({
        ...data,
        lastInspection: { inspectionId: input.inspectionId, result: input.result, at: scene.now.iso },
        certificateHash: input.result === 'PASS' ? input.certificateHash : data.certificateHash,
      }),
      { inspectionId: input.inspectionId, result: input.result },
    );
    return inspection;
  },
);
