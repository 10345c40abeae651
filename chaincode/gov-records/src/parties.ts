import { party, type AccessRule } from '@scenechain/scene-kit';

/**
 * Who takes part in the government registers, by MSP ID and certificate role (MSP IDs of
 * network/topology.yaml; a deployment with other org names changes them here).
 */
export const DEPARTMENTS = ['RecordsBureauMSP'] as const;

export const REGISTRAR = 'registrar';
/** A person acting for themself, identified by the certificate attribute `subject`. */
export const CITIZEN = 'citizen';
/** Someone acting for a company, identified by the certificate attribute `subject` (the company's ID). */
export const REPRESENTATIVE = 'representative';

/** The certificate attribute holding the pseudonymous subject ID a citizen or representative acts as. */
export const SUBJECT_ATTRIBUTE = 'subject';

/** Issues, amends, suspends, reinstates and revokes records, and approves title transfers. */
export const registrars: AccessRule = [party(DEPARTMENTS, [REGISTRAR])];

/** Acts as the subject of records (which records: decided by the `subject` attribute, checked by guards). */
export const subjects: AccessRule = [party(undefined, [CITIZEN, REPRESENTATIVE])];

/** Reads a record under a consent: any member of the org the consent names (checked by a guard). */
export const consentHolders: AccessRule = [party(undefined)];
