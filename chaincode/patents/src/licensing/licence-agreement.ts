import { defineSecuredAgreement, text } from '@scenechain/scene-kit';
import { z } from 'zod';
import { patentLife } from '../lifecycle/patent-lifecycle';
import { licenceTerms } from '../model/licence';
import { applicantSide, PATENT_OFFICES } from '../parties';
import { recordGivenLicence, requireTerm } from './licensable';

/** What the registry shows of a licence agreement: the licence itself (the licensee is the counterparty). */
export const agreementSubject = licenceTerms.omit({ licensee: true });

/** What only the two parties know: the money. */
export const licenceMoneyTerms = z.strictObject({
  royaltyPermille: z.int().min(0).max(1000),
  upfrontFee: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code'),
  paymentNote: text(500).optional(),
});

/**
 * A licence agreement with secret money terms (许可协议): the licensor and the licensee each keep the same terms
 * with the same salt in their own org's private store; the licence is recorded only when the two copies hash
 * alike, and from then on the agreement changes only with the licensor's and the office's endorsement.
 */
export const licenceAgreement = defineSecuredAgreement({
  name: 'LicenceAgreement',
  subject: agreementSubject,
  terms: licenceMoneyTerms,
  proposers: applicantSide,
  counterparties: applicantSide,
  checkPropose: async (scene, subject) => {
    requireTerm(subject);
    await patentLife.check(scene, subject.applicationId, 'recordLicence');
  },
  guardians: (agreement) => [...PATENT_OFFICES, agreement.proposer],
  onAgreed: async (scene, agreement) => {
    const licence = {
      ...agreement.subject,
      id: agreement.id,
      licensee: agreement.counterparty,
      recordedAt: scene.now.iso,
    };
    await recordGivenLicence(scene, licence, agreement.proposer);
  },
});
