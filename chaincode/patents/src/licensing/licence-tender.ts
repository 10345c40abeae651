import { defineSealedBid, identifier, text } from '@scenechain/scene-kit';
import { z } from 'zod';
import { patentLife } from '../lifecycle/patent-lifecycle';
import { territory } from '../model/licence';
import { applicantSide } from '../parties';
import { recordGivenLicence, requireTerm } from './licensable';

/** What a tender offers: an exclusive licence of one patent, where and for how long. */
export const tenderTerms = z.strictObject({
  applicationId: identifier,
  territories: z.array(territory).min(1).max(50),
  startsAt: z.iso.datetime({ offset: false }),
  endsAt: z.iso.datetime({ offset: false }),
});

/** A sealed bid: the royalty offered in per mille of net sales, and the bidder's name as the licence shows it. */
export const licenceBid = z.strictObject({
  royaltyPermille: z.int().min(1).max(1000),
  licenseeName: text(200),
});

/**
 * An exclusive licence tender (专利独占许可招标): the owner opens it on a patent it may license; companies bid
 * a royalty sealed (commit-reveal, see the kit's `defineSealedBid`); the highest royalty wins and the award
 * records the exclusive licence to the winner, as `recordLicence` would.
 */
export const licenceTender = defineSealedBid({
  tender: 'LicenceTender',
  bid: 'LicenceBid',
  terms: tenderTerms,
  bidSchema: licenceBid,
  amountOf: (bid) => bid.royaltyPermille,
  winner: 'highest',
  openers: applicantSide,
  bidders: applicantSide,
  checkOpen: async (scene, terms) => {
    requireTerm(terms);
    // Who may license it: the owner (or its agent), while the patent is alive.
    await patentLife.check(scene, terms.applicationId, 'recordLicence');
  },
  onAward: async (scene, tender, winner) => {
    const { applicationId, territories, startsAt, endsAt } = tender.terms;
    const licence = {
      applicationId,
      territories,
      startsAt,
      endsAt,
      id: tender.id,
      licensee: winner,
      licenseeName: tender.winningBid!.licenseeName,
      kind: 'EXCLUSIVE' as const,
      recordedAt: scene.now.iso,
    };
    await recordGivenLicence(scene, licence, tender.owner);
  },
});
