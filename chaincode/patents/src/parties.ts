import { party, type AccessRule } from '@scenechain/scene-kit';

/**
 * Who takes part in the IP registry, by MSP ID and certificate role (MSP IDs of network/topology.yaml; a
 * deployment with other org names changes them here).
 */
export const PATENT_OFFICES = ['PatentOfficeMSP'] as const;
export const AGENCIES = ['PatentAgencyMSP'] as const;
export const BANKS = ['BankMSP'] as const;

export const EXAMINER = 'examiner';
export const APPLICANT = 'applicant';
export const ATTORNEY = 'attorney';
export const LOAN_OFFICER = 'loan-officer';

/** Examines, publishes after the deadline, grants, rejects, lapses and expires: the office's examiners. */
export const examiners: AccessRule = [party(PATENT_OFFICES, [EXAMINER])];

/**
 * Acts for an applicant or owner: its own staff with the applicant role, or a patent agency's attorney. Which
 * application they may act on is decided by ownership (the owner or its recorded agent), checked by guards.
 */
export const applicantSide: AccessRule = [party(undefined, [APPLICANT]), party(AGENCIES, [ATTORNEY])];

/** Records and releases pledges: bank loan officers. */
export const lenders: AccessRule = [party(BANKS, [LOAN_OFFICER])];
