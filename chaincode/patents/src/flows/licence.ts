import {
  ConflictError,
  identifier,
  isoInstant,
  LimitExceededError,
  msOf,
  mspId,
  submitFlow,
  text,
  type Stored,
} from '@scenechain/scene-kit';
import { z } from 'zod';
import { licences, MAX_LICENCES_PER_PATENT, territory, type Licence } from '../model/licence';
import { patentLife } from '../lifecycle/patent-lifecycle';

export const recordLicence = submitFlow({
  description:
    'Records a licence (exclusive or not, territories, term). An exclusive licence may not overlap any other licence in territory and term; a non-exclusive one may not overlap an exclusive one.',
  request: z
    .strictObject({
      applicationId: identifier,
      licenceId: identifier,
      licensee: mspId,
      licenseeName: text(200),
      kind: z.enum(['EXCLUSIVE', 'NON_EXCLUSIVE']),
      territories: z.array(territory).min(1).max(50),
      startsAt: isoInstant,
      endsAt: isoInstant,
    })
    .refine((request) => msOf(request.startsAt) < msOf(request.endsAt), {
      path: ['endsAt'],
      message: 'must be after startsAt',
    }),
  on: patentLife,
  transition: 'recordLicence',
  run: async (scene, input) => {
    const { step } = await patentLife.check(scene, input.applicationId, 'recordLicence');
    const licence: Licence = {
      id: input.licenceId,
      applicationId: input.applicationId,
      licensee: input.licensee,
      licenseeName: input.licenseeName,
      kind: input.kind,
      territories: input.territories,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      recordedAt: scene.now.iso,
    };
    const recorded = await licences.scanByKey(scene, [input.applicationId], { max: MAX_LICENCES_PER_PATENT });
    if (recorded.length >= MAX_LICENCES_PER_PATENT) {
      throw new LimitExceededError(
        `Patent ${input.applicationId} has ${recorded.length} licences recorded; one patent records at most ${MAX_LICENCES_PER_PATENT}`,
        MAX_LICENCES_PER_PATENT,
      );
    }
    const clash = recorded.find((other) => conflicts(licence, other));
    if (clash) {
      const other = clash.data;
      throw new ConflictError(
        `${other.kind} Licence ${other.id} to ${other.licensee} (${other.territories.join(', ')}, ${other.startsAt} to ${other.endsAt}) overlaps`,
      );
    }
    return licences.create(scene, licence, { step });
  },
});

function conflicts(licence: Licence, other: Stored<Licence>): boolean {
  const existing = other.data;
  if (licence.kind === 'NON_EXCLUSIVE' && existing.kind === 'NON_EXCLUSIVE') return false;
  const overlapInTime =
    msOf(licence.startsAt) < msOf(existing.endsAt) && msOf(existing.startsAt) < msOf(licence.endsAt);
  const overlapInPlace =
    licence.territories.includes('WORLD') ||
    existing.territories.includes('WORLD') ||
    licence.territories.some((t) => existing.territories.includes(t));
  return overlapInTime && overlapInPlace;
}
