import { ConflictError, identifier, mspId, submitFlow, transitionFlow } from '@scenechain/scene-kit';
import { z } from 'zod';
import { patentLife } from '../lifecycle/patent-lifecycle';
import { pledgeLife } from '../lifecycle/pledge-lifecycle';

const aPledge = z.strictObject({ pledgeId: identifier });

export const requestPledge = submitFlow({
  description: 'The owner asks a bank to take the application or patent as security for a loan.',
  request: z.strictObject({
    applicationId: identifier,
    pledgeId: identifier,
    bank: mspId,
    amount: z.int().positive().max(Number.MAX_SAFE_INTEGER),
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code'),
  }),
  on: patentLife,
  transition: 'requestPledge',
  run: async (scene, input) => {
    const { current: patent } = await patentLife.check(scene, input.applicationId, 'requestPledge');
    return pledgeLife.create(scene, 'request', {
      id: input.pledgeId,
      applicationId: input.applicationId,
      owner: patent.data.owner,
      bank: input.bank,
      amount: input.amount,
      currency: input.currency,
      status: 'REQUESTED',
      requestedAt: scene.now.iso,
    });
  },
});

export const recordPledge = transitionFlow(pledgeLife, 'record', {
  description: 'The named bank records a requested pledge; the patent cannot be assigned until it is released.',
  request: aPledge,
  change: (data, _input, scene) => ({ ...data, recordedAt: scene.now.iso }),
  after: async (scene, { data: pledge }) => {
    await patentLife.advance(scene, pledge.applicationId, 'pledge', (data) => {
      if (data.pledge)
        throw new ConflictError(`${data.id} is already pledged to ${data.pledge.bank} (${data.pledge.pledgeId})`);
      if (data.owner !== pledge.owner) {
        throw new ConflictError(
          `${data.id} changed owner (now ${data.owner}) since ${pledge.owner} requested Pledge ${pledge.id}`,
        );
      }
      return { ...data, pledge: { pledgeId: pledge.id, bank: pledge.bank } };
    });
  },
});

export const declinePledge = transitionFlow(pledgeLife, 'decline', {
  description: 'The named bank declines a requested pledge.',
  request: aPledge,
});

export const releasePledge = transitionFlow(pledgeLife, 'release', {
  description: 'The bank releases a pledge (the loan is repaid); the patent is free again.',
  request: aPledge,
  change: (data, _input, scene) => ({ ...data, releasedAt: scene.now.iso }),
  after: async (scene, { data: pledge }) => {
    await patentLife.advance(scene, pledge.applicationId, 'releasePledge', (data) => ({ ...data, pledge: undefined }));
  },
});
