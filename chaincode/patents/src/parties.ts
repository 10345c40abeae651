import { party, roleAuthorities, type AccessRule } from '@scenechain/scene-kit';

/**
 * Who takes part in the IP registry, by MSP ID and certificate role (MSP IDs of network/topology.yaml; a
 * deployment with other org names changes them here).
 */
export const PATENT_OFFICES = ['PatentOfficeMSP'];
export const AGENCIES = ['PatentAgencyMSP'];
const BANKS = ['BankMSP'];
export const ATTORNEY = 'attorney';

/**
 * Which org vouches for each role: examiners only from the patent office, attorneys from an agency, loan
 * officers from a bank; an applicant is an org's own staff acting for that org.
 */
export const authorities = roleAuthorities({
  examiner: { issuedBy: PATENT_OFFICES },
  applicant: { issuedBy: 'own-org' },
  [ATTORNEY]: { issuedBy: AGENCIES },
  'loan-officer': { issuedBy: BANKS },
});

/** Examines, publishes after the deadline, grants, rejects, lapses and expires: the office's examiners. */
export const examiners: AccessRule = [party(PATENT_OFFICES, ['examiner'])];

/**
 * Acts for an applicant or owner: its own staff with the applicant role, or a patent agency's attorney. Which
 * application they may act on is decided by ownership (the owner or its recorded agent), checked by guards.
 */
export const applicantSide: AccessRule = [party(undefined, ['applicant']), party(AGENCIES, [ATTORNEY])];

/** Records and releases pledges: bank loan officers. */
export const lenders: AccessRule = [party(BANKS, ['loan-officer'])];
