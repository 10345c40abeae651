import { channelMembers, party, roleAuthorities, type AccessRule, type ReadRule } from '@scenechain/scene-kit';

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

/**
 * Which org vouches for each role: examiners only from the patent office, attorneys from an agency, loan
 * officers from a bank; an applicant is an org's own staff acting for that org.
 */
export const authorities = roleAuthorities({
  [EXAMINER]: { issuedBy: PATENT_OFFICES },
  [APPLICANT]: { issuedBy: 'own-org' },
  [ATTORNEY]: { issuedBy: AGENCIES },
  [LOAN_OFFICER]: { issuedBy: BANKS },
});

/** Examines, publishes after the deadline, grants, rejects, lapses and expires: the office's examiners. */
export const examiners: AccessRule = [party(PATENT_OFFICES, [EXAMINER])];

/**
 * Acts for an applicant or owner: its own staff with the applicant role, or a patent agency's attorney. Which
 * application they may act on is decided by ownership (the owner or its recorded agent), checked by guards.
 */
export const applicantSide: AccessRule = [party(undefined, [APPLICANT]), party(AGENCIES, [ATTORNEY])];

/** Records and releases pledges: bank loan officers. */
export const lenders: AccessRule = [party(BANKS, [LOAN_OFFICER])];

/**
 * Who reads the IP register (applications, patents, publications, licences, pledges): every channel member,
 * as the patent register is public. Before publication an application shows only its title, applicant, IPC
 * classes and a commitment to the specification; the specification itself is revealed by `publish`.
 */
export const registerReaders: ReadRule = channelMembers;
