import { ConflictError, msOf, plainStep, type Scene, type Step } from '@scenechain/scene-kit';
import { addLicence } from '../flows/rights';
import { patentLife, patentLifecycle } from '../lifecycle/patent-lifecycle';
import type { Licence } from '../model/licence';

/** The states in which a patent or application may be licensed: those `recordLicence` fires from. */
const licensable = patentLifecycle.spec.transitions.recordLicence.from as readonly string[];

/**
 * Records a licence that a tender or an agreement gives, in that transaction: the patent must still be owned by
 * the org that offered it and still be licensable (it may have been assigned or have lapsed since), and the
 * licence is checked against the others as any licence is.
 */
export async function recordGivenLicence(scene: Scene, licence: Licence, offeredBy: string, step?: Step) {
  const patent = (await patentLife.read(scene, licence.applicationId)).data;
  if (patent.owner !== offeredBy) {
    throw new ConflictError(`${patent.id} is now owned by ${patent.owner}, not ${offeredBy}, who offered the licence`);
  }
  if (!licensable.includes(patent.status)) {
    throw new ConflictError(`${patent.id} is ${patent.status}: it can no longer be licensed`);
  }
  return addLicence(scene, licence, step ?? plainStep('recordLicence', 'LicenceRecorded'));
}

/** A licence term runs forwards. */
export function requireTerm(terms: { startsAt: string; endsAt: string }): void {
  if (msOf(terms.startsAt) >= msOf(terms.endsAt)) {
    throw new ConflictError(`a licence term must end after it starts (${terms.startsAt} to ${terms.endsAt})`);
  }
}
