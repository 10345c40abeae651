import { InsufficientQuantityError, LimitExceededError, plainStep, type Scene } from '@scenechain/scene-kit';
import { donationLife } from './machines';
import { allocations, donationIdOf, type Project } from './records';

/** Most donations one disbursement draws on: a larger one is split by the charity, so a transaction stays small. */
export const MAX_SOURCES = 100;

/** What a project may still pay out: received minus disbursed. */
export const availableOf = (project: Project): number => project.donated - project.disbursed;

/**
 * Pays a disbursement from the project's donations, first in, first out: the oldest donation with money left
 * pays first, in full before the next is touched (`nextToUse` marks it). Each share is written on the donation
 * (`used`, its state) and as an Allocation, so a donor follows a donation to every disbursement it funded. Refuses
 * a disbursement beyond the funds (INSUFFICIENT_QUANTITY) before anything is read or written.
 */
export async function payFromDonations(
  scene: Scene,
  project: Project,
  payment: { disbursementId: string; amount: number; beneficiary: string },
): Promise<{ sources: { donationId: string; amount: number }[]; nextToUse: number }> {
  const { projectId } = project;
  const available = availableOf(project);
  if (payment.amount > available) {
    throw new InsufficientQuantityError(
      `disbursement beyond funds: project ${projectId} has ${available} fen available (received ${project.donated}, ` +
        `disbursed ${project.disbursed}); ${payment.disbursementId} asks for ${payment.amount}`,
    );
  }
  const sources: { donationId: string; amount: number }[] = [];
  let [left, seq] = [payment.amount, project.nextToUse];
  while (left > 0) {
    if (sources.length === MAX_SOURCES) {
      throw new LimitExceededError(
        `${payment.disbursementId} would draw on more than ${MAX_SOURCES} donations; split it into smaller disbursements`,
        MAX_SOURCES,
      );
    }
    const donation = await donationLife.read(scene, donationIdOf(projectId, seq));
    const { donationId, amount, used } = donation.data;
    const share = Math.min(left, amount - used);
    const usedUp = used + share === amount;
    const facts = { disbursementId: payment.disbursementId, amount: share };
    await donationLife.advance(
      scene,
      donation,
      usedUp ? 'useUp' : 'usePart',
      (d) => ({ ...d, used: used + share }),
      facts,
    );
    const allocation = { donationId, projectId, ...facts, beneficiary: payment.beneficiary, at: scene.now.iso };
    await allocations.create(scene, allocation, { step: plainStep('allocate', 'FundsAllocated') });
    sources.push({ donationId, amount: share });
    left -= share;
    if (usedUp) seq += 1;
  }
  return { sources, nextToUse: seq };
}
