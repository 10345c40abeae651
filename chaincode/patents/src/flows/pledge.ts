import { advance, ConflictError, createThrough, identifier, mspId, submitFlow } from '@scenechain/scene-kit';
import { z } from 'zod';
import { pledgeLifecycle } from '../lifecycle/pledge-lifecycle';
import { pledges } from '../model/pledge';
import { checkPatent, movePatent, patentOf } from './patent-step';

export const requestPledge = submitFlow(
  'The owner asks a bank to take the application or patent as security for a loan.',
  z.strictObject({
    applicationId: identifier,
    pledgeId: identifier,
    bank: mspId,
    amount: z.int().positive().max(Number.MAX_SAFE_INTEGER),
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code'),
  }),
  async (scene, input) => {
    const patent = await patentOf(scene, input.applicationId);
    checkPatent(scene, patent, 'requestPledge');
    return createThrough(scene, pledges, pledgeLifecycle, 'request', {
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
);

export const recordPledge = submitFlow(
  'The named bank records a requested pledge; the patent cannot be assigned until it is released.',
  z.strictObject({ pledgeId: identifier }),
  async (scene, input) => {
    const pledge = await pledges.mustGet(scene, { id: input.pledgeId });
    const recorded = await advance(scene, pledges, pledgeLifecycle, pledge, 'record', (data) => ({
      ...data,
      recordedAt: scene.now.iso,
    }));
    const patent = await patentOf(scene, pledge.data.applicationId);
    await movePatent(scene, patent, 'pledge', (data) => {
      if (data.pledge)
        throw new ConflictError(`${data.id} is already pledged to ${data.pledge.bank} (${data.pledge.pledgeId})`);
      if (data.owner !== pledge.data.owner) {
        throw new ConflictError(
          `${data.id} changed owner (now ${data.owner}) since ${pledge.data.owner} requested Pledge ${pledge.data.id}`,
        );
      }
      return { ...data, pledge: { pledgeId: pledge.data.id, bank: pledge.data.bank } };
    });
    return recorded;
  },
);

export const declinePledge = submitFlow(
  'The named bank declines a requested pledge.',
  z.strictObject({ pledgeId: identifier }),
  async (scene, input) =>
    advance(scene, pledges, pledgeLifecycle, await pledges.mustGet(scene, { id: input.pledgeId }), 'decline'),
);

export const releasePledge = submitFlow(
  'The bank releases a pledge (the loan is repaid); the patent is free again.',
  z.strictObject({ pledgeId: identifier }),
  async (scene, input) => {
    const pledge = await pledges.mustGet(scene, { id: input.pledgeId });
    const released = await advance(scene, pledges, pledgeLifecycle, pledge, 'release', (data) => ({
      ...data,
      releasedAt: scene.now.iso,
    }));
    const patent = await patentOf(scene, pledge.data.applicationId);
    await movePatent(scene, patent, 'releasePledge', (data) => ({ ...data, pledge: undefined }));
    return released;
  },
);
