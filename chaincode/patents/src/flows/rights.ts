import {
  ConflictError,
  identifier,
  LimitExceededError,
  msOf,
  mspId,
  sha256Hex,
  submitFlow,
  text,
  transitionFlow,
  type Scene,
  type Step,
  type Stored,
} from '@scenechain/scene-kit';
import { z } from 'zod';
import { patentLife } from '../lifecycle/patent-lifecycle';
import { pledgeLife } from '../lifecycle/pledge-lifecycle';
import { licences, licenceTerms, MAX_LICENCES_PER_PATENT, type Licence } from '../model/licence';
import { pledgeTerms } from '../model/pledge';

/** What an owner does with its rights: assigns them, licenses them, pledges them to a bank. */

export const assign = submitFlow({
  description:
    'Records an assignment of the application or patent to a new owner (refused while it is pledged). The agent is dropped: the new owner appoints its own.',
  request: z.strictObject({
    applicationId: identifier,
    newOwner: mspId,
    newOwnerName: text(200),
    deedHash: sha256Hex.optional(),
  }),
  on: patentLife,
  transition: 'assign',
  run: async (scene, input) => {
    const current = await patentLife.read(scene, input.applicationId);
    // Checked in the change, so that who may, the state and the guards refuse first.
    const assigned = (data: typeof current.data) => {
      if (data.owner === input.newOwner) throw new ConflictError(`${data.id} is already owned by ${input.newOwner}`);
      return { ...data, owner: input.newOwner, applicantName: input.newOwnerName, agent: undefined };
    };
    const details = { previousOwner: current.data.owner, ...(input.deedHash ? { deedHash: input.deedHash } : {}) };
    return patentLife.advance(scene, current, 'assign', assigned, details);
  },
});

export const recordLicence = submitFlow({
  description:
    'Records a licence (exclusive or not, territories, term). An exclusive licence may not overlap any other licence in territory and term; a non-exclusive one may not overlap an exclusive one.',
  request: licenceTerms
    .extend({ licenceId: identifier })
    .refine((request) => msOf(request.startsAt) < msOf(request.endsAt), {
      path: ['endsAt'],
      message: 'must be after startsAt',
    }),
  on: patentLife,
  transition: 'recordLicence',
  run: async (scene, { licenceId, ...terms }) => {
    const { step } = await patentLife.check(scene, terms.applicationId, 'recordLicence');
    return addLicence(scene, { ...terms, id: licenceId, recordedAt: scene.now.iso }, step);
  },
});

/**
 * Records a licence after checking it against every licence the patent has (bounded): the licence flow, an
 * awarded licence tender and an agreed licence agreement all record theirs this way.
 */
export async function addLicence(scene: Scene, licence: Licence, step: Step): Promise<Stored<Licence>> {
  const recorded = await licences.scanByKey(scene, [licence.applicationId], { max: MAX_LICENCES_PER_PATENT });
  if (recorded.length >= MAX_LICENCES_PER_PATENT) {
    throw new LimitExceededError(
      `Patent ${licence.applicationId} has ${recorded.length} licences recorded; one patent records at most ${MAX_LICENCES_PER_PATENT}`,
      MAX_LICENCES_PER_PATENT,
    );
  }
  const clash = recorded.find((other) => conflicts(licence, other.data));
  if (clash) {
    const other = clash.data;
    throw new ConflictError(
      `${other.kind} Licence ${other.id} to ${other.licensee} (${other.territories.join(', ')}, ${other.startsAt} to ${other.endsAt}) overlaps`,
    );
  }
  return licences.create(scene, licence, { step });
}

/** Two licences clash when either is exclusive and they overlap in term and territory. */
function conflicts(licence: Licence, existing: Licence): boolean {
  if (licence.kind === 'NON_EXCLUSIVE' && existing.kind === 'NON_EXCLUSIVE') return false;
  const overlapInTime =
    msOf(licence.startsAt) < msOf(existing.endsAt) && msOf(existing.startsAt) < msOf(licence.endsAt);
  const overlapInPlace =
    licence.territories.includes('WORLD') ||
    existing.territories.includes('WORLD') ||
    licence.territories.some((t) => existing.territories.includes(t));
  return overlapInTime && overlapInPlace;
}

export const requestPledge = submitFlow({
  description: 'The owner asks a bank to take the application or patent as security for a loan.',
  request: pledgeTerms.extend({ applicationId: identifier, pledgeId: identifier }),
  on: patentLife,
  transition: 'requestPledge',
  run: async (scene, { pledgeId, ...terms }) => {
    const { current: patent } = await patentLife.check(scene, terms.applicationId, 'requestPledge');
    const draft = { ...terms, id: pledgeId, owner: patent.data.owner, requestedAt: scene.now.iso };
    return pledgeLife.create(scene, 'request', { ...draft, status: 'REQUESTED' });
  },
});

export const recordPledge = transitionFlow(pledgeLife, 'record', {
  description: 'The named bank records a requested pledge; the patent cannot be assigned until it is released.',
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
});

export const releasePledge = transitionFlow(pledgeLife, 'release', {
  description: 'The bank releases a pledge (the loan is repaid); the patent is free again.',
  change: (data, _input, scene) => ({ ...data, releasedAt: scene.now.iso }),
  after: async (scene, { data: pledge }) => {
    await patentLife.advance(scene, pledge.applicationId, 'releasePledge', (data) => ({ ...data, pledge: undefined }));
  },
});
