import { addMonths, identifier, submitFlow, text } from '@scenechain/scene-kit';
import { z } from 'zod';
import type { Patent } from '../model/patent';
import { movePatent, patentOf } from './patent-step';

const reason = text(2000);

/** A refusal must say why. */
const refusalNeedsReason = { path: ['reason'], message: 'required for a refusal' };

export const examineFormalities = submitFlow(
  'The office’s formality examination: PASS lets the application proceed to publication, FAIL rejects it.',
  z
    .strictObject({ applicationId: identifier, result: z.enum(['PASS', 'FAIL']), reason: reason.optional() })
    .refine((request) => request.result !== 'FAIL' || request.reason !== undefined, refusalNeedsReason),
  async (scene, input) => {
    const current = await patentOf(scene, input.applicationId);
    if (input.result === 'PASS') return movePatent(scene, current, 'passFormalities');
    return movePatent(scene, current, 'failFormalities', (data) => ({
      ...data,
      decision: { outcome: 'REJECTED', at: scene.now.iso, examiner: scene.actor.user, reason: input.reason },
    }));
  },
);

export const requestExamination = submitFlow(
  'The applicant requests substantive examination of a published application.',
  z.strictObject({ applicationId: identifier }),
  async (scene, input) =>
    movePatent(scene, await patentOf(scene, input.applicationId), 'requestExamination', (data) => ({
      ...data,
      examinationRequestedAt: scene.now.iso,
    })),
);

export const decideExamination = submitFlow(
  'The examiner’s decision: GRANT puts the patent in force (first year covered), REJECT refuses it with reasons.',
  z
    .strictObject({ applicationId: identifier, outcome: z.enum(['GRANT', 'REJECT']), reason: reason.optional() })
    .refine((request) => request.outcome !== 'REJECT' || request.reason !== undefined, refusalNeedsReason),
  async (scene, input) => {
    const current = await patentOf(scene, input.applicationId);
    if (input.outcome === 'GRANT')
      return movePatent(scene, current, 'grant', (data) => granted(data, scene.now.iso, scene.actor.user));
    return movePatent(scene, current, 'reject', (data) => ({
      ...data,
      decision: { outcome: 'REJECTED', at: scene.now.iso, examiner: scene.actor.user, reason: input.reason },
    }));
  },
);

export const requestReexamination = submitFlow(
  'Asks for re-examination: the owner against a rejection, anyone against a grant.',
  z.strictObject({ applicationId: identifier, grounds: reason }),
  async (scene, input) =>
    movePatent(
      scene,
      await patentOf(scene, input.applicationId),
      'requestReexamination',
      (data) => ({
        ...data,
        reexaminationOf: data.status === 'REJECTED' ? 'REJECTION' : 'GRANT',
        reexaminations: data.reexaminations + 1,
      }),
      { requestedBy: scene.actor.mspId },
    ),
);

export const decideReexamination = submitFlow(
  'The re-examination decision: GRANT (grants, or confirms the grant) or REFUSE (upholds the rejection, or revokes the patent).',
  z
    .strictObject({ applicationId: identifier, outcome: z.enum(['GRANT', 'REFUSE']), reason: reason.optional() })
    .refine((request) => request.outcome !== 'REFUSE' || request.reason !== undefined, refusalNeedsReason),
  async (scene, input) => {
    const current = await patentOf(scene, input.applicationId);
    const decision = (outcome: 'REJECTED' | 'REVOKED') => ({
      outcome,
      at: scene.now.iso,
      examiner: scene.actor.user,
      reason: input.reason,
    });
    if (input.outcome === 'GRANT') {
      return movePatent(scene, current, 'grantOnReexamination', (data) =>
        data.reexaminationOf === 'REJECTION' ? granted(data, scene.now.iso, scene.actor.user) : data,
      );
    }
    if (current.data.reexaminationOf === 'REJECTION') {
      return movePatent(scene, current, 'upholdRejection', (data) => ({ ...data, decision: decision('REJECTED') }));
    }
    return movePatent(scene, current, 'revoke', (data) => ({ ...data, decision: decision('REVOKED') }));
  },
);

function granted(data: Patent, now: string, examiner: string): Patent {
  return {
    ...data,
    decision: { outcome: 'GRANTED', at: now, examiner },
    grantedAt: now,
    feeYearsPaid: 1,
    feesPaidUntil: addMonths(now, 12),
  };
}
