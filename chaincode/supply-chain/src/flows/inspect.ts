import { identifier, plainStep, sha256Hex, submitFlow, text } from '@scenechain/scene-kit';
import { z } from 'zod';
import { batchLife } from '../lifecycle/batch-lifecycle';
import { inspections } from '../model/inspection';

export const inspect = submitFlow({
  description: 'Records an inspection or lab result for a batch at rest: a failure quarantines it, a pass releases it.',
  request: z.strictObject({
    inspectionId: identifier,
    batchId: identifier,
    result: z.enum(['PASS', 'FAIL']),
    certificateHash: sha256Hex,
    notes: text(500).optional(),
  }),
  on: batchLife,
  transition: 'passInspection',
  orTransitions: ['failInspection'],
  run: async (scene, input) => {
    const { inspectionId, batchId, result, certificateHash, notes } = input;
    const inspection = await inspections.create(
      scene,
      { id: inspectionId, batchId, result, certificateHash, notes, inspector: scene.actor.mspId, at: scene.now.iso },
      { step: plainStep('inspect', 'InspectionRecorded') },
    );
    await batchLife.advance(
      scene,
      batchId,
      result === 'PASS' ? 'passInspection' : 'failInspection',
      (data) => ({
        ...data,
        lastInspection: { inspectionId, result, at: scene.now.iso },
        certificateHash: result === 'PASS' ? certificateHash : data.certificateHash,
      }),
      { inspectionId, result },
    );
    return inspection;
  },
});
