import { addMonths, identifier, submitFlow, text, transitionFlow, type Scene } from '@scenechain/scene-kit';
import { z } from 'zod';
import { patentLife } from '../lifecycle/patent-lifecycle';
import type { Patent } from '../model/patent';

const reason = text(2000);

/** A decision request: one of `outcomes` in `field`, and a `reason` when it is the `refusal`. */
function decision<F extends string, O extends string>(field: F, outcomes: readonly [O, ...O[]], refusal: O) {
  const shape = { applicationId: identifier, [field]: z.enum(outcomes), reason: reason.optional() };
  const schema = z.strictObject(shape).refine((request) => request[field] !== refusal || request.reason !== undefined, {
    path: ['reason'],
    message: 'required for a refusal',
  });
  return schema as unknown as z.ZodType<{ applicationId: string; reason?: string } & { [K in F]: O }>;
}

type PatentTransition = Parameters<typeof patentLife.advance>[2];

/** A yes-or-no decision: the first outcome fires the first transition, the second (a refusal, with reason) the other. */
function decisionFlow<F extends string, O extends string>(spec: {
  description: string;
  field: F;
  outcomes: readonly [O, O];
  transitions: readonly [PatentTransition, PatentTransition];
  accepted?: (data: Patent, scene: Scene) => Patent;
}) {
  const {
    field,
    outcomes,
    transitions: [accept, refuse],
    accepted = (data) => data,
  } = spec;
  return submitFlow({
    description: spec.description,
    request: decision(field, outcomes, outcomes[1]),
    on: patentLife,
    transition: accept,
    orTransitions: [refuse],
    run: async (scene, input) =>
      input[field] === outcomes[0]
        ? patentLife.advance(scene, input.applicationId, accept, (data) => accepted(data, scene))
        : patentLife.advance(scene, input.applicationId, refuse, (data) => refused(data, scene, input)),
  });
}

export const examineFormalities = decisionFlow({
  description: 'The office’s formality examination: PASS lets the application proceed to publication, FAIL rejects it.',
  field: 'result',
  outcomes: ['PASS', 'FAIL'],
  transitions: ['passFormalities', 'failFormalities'],
});

export const requestExamination = transitionFlow(patentLife, 'requestExamination', {
  description: 'The applicant requests substantive examination of a published application.',
  change: (data, _input, scene) => ({ ...data, examinationRequestedAt: scene.now.iso }),
});

export const decideExamination = decisionFlow({
  description:
    'The examiner’s decision: GRANT puts the patent in force (first year covered), REJECT refuses it with reasons.',
  field: 'outcome',
  outcomes: ['GRANT', 'REJECT'],
  transitions: ['grant', 'reject'],
  accepted: granted,
});

export const requestReexamination = submitFlow({
  description: 'Asks for re-examination: the owner against a rejection, anyone against a grant.',
  request: z.strictObject({ applicationId: identifier, grounds: reason }),
  on: patentLife,
  transition: 'requestReexamination',
  run: async (scene, input) => {
    const reexamined = (data: Patent): Patent => ({
      ...data,
      reexaminationOf: data.status === 'REJECTED' ? 'REJECTION' : 'GRANT',
      reexaminations: data.reexaminations + 1,
    });
    const details = { requestedBy: scene.actor.mspId };
    return patentLife.advance(scene, input.applicationId, 'requestReexamination', reexamined, details);
  },
});

export const decideReexamination = submitFlow({
  description:
    'The re-examination decision: GRANT (grants, or confirms the grant) or REFUSE (upholds the rejection, or revokes the patent).',
  request: decision('outcome', ['GRANT', 'REFUSE'], 'REFUSE'),
  on: patentLife,
  transition: 'grantOnReexamination',
  orTransitions: ['upholdRejection', 'revoke'],
  run: async (scene, input) => {
    const current = await patentLife.read(scene, input.applicationId);
    const ofRejection = current.data.reexaminationOf === 'REJECTION';
    if (input.outcome === 'GRANT') {
      return patentLife.advance(scene, current, 'grantOnReexamination', (data) =>
        ofRejection ? granted(data, scene) : data,
      );
    }
    return ofRejection
      ? patentLife.advance(scene, current, 'upholdRejection', (data) => refused(data, scene, input))
      : patentLife.advance(scene, current, 'revoke', (data) => refused(data, scene, input, 'REVOKED'));
  },
});

function granted(data: Patent, scene: Scene): Patent {
  const now = scene.now.iso;
  const decision = { outcome: 'GRANTED' as const, at: now, examiner: scene.actor.user };
  return { ...data, decision, grantedAt: now, feeYearsPaid: 1, feesPaidUntil: addMonths(now, 12) };
}

function refused(data: Patent, scene: Scene, input: { reason?: string }, outcome: 'REJECTED' | 'REVOKED' = 'REJECTED') {
  return { ...data, decision: { outcome, at: scene.now.iso, examiner: scene.actor.user, reason: input.reason } };
}
