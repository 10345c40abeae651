import { ForbiddenError, party, roleAuthorities, type AccessRule, type Guard } from '@scenechain/scene-kit';

/**
 * Who takes part in the government registers, by MSP ID and certificate role (MSP IDs of
 * network/topology.yaml; a deployment with other org names changes them here).
 */
export const DEPARTMENTS = ['RecordsBureauMSP'] as const;
/**
 * The citizen-services org: it identifies people and companies and issues their certificates, so a `subject`
 * attribute counts only in its certificates.
 */
export const CITIZEN_SERVICES = ['CitizenAgentMSP'] as const;

export const REGISTRAR = 'registrar';
/** A person acting for themself, identified by the certificate attribute `subject`. */
export const CITIZEN = 'citizen';
/** Someone acting for a company, identified by the certificate attribute `subject` (the company's ID). */
export const REPRESENTATIVE = 'representative';

/** The certificate attribute holding the pseudonymous subject ID a citizen or representative acts as. */
export const SUBJECT_ATTRIBUTE = 'subject';

/**
 * Which org vouches for each role (and its attributes); any other org's claim counts for nothing, so a bank's
 * certificate saying `role=citizen, subject=SUBJ-0001` acts as no one.
 */
export const authorities = roleAuthorities({
  [REGISTRAR]: { issuedBy: DEPARTMENTS },
  [CITIZEN]: { issuedBy: CITIZEN_SERVICES, attributes: [SUBJECT_ATTRIBUTE] },
  [REPRESENTATIVE]: { issuedBy: CITIZEN_SERVICES, attributes: [SUBJECT_ATTRIBUTE] },
});

/** Issues, amends, suspends, reinstates and revokes records, and approves title transfers. */
export const registrars: AccessRule = [party(DEPARTMENTS, [REGISTRAR])];

/** Acts as the subject of records (which records: decided by the `subject` attribute, checked by guards). */
export const subjects: AccessRule = [party(CITIZEN_SERVICES, [CITIZEN, REPRESENTATIVE])];

/** Reads a record under a consent: staff of the org the consent names, not acting as a subject (checked by a guard). */
export const consentHolders: AccessRule = [party(undefined)];

/** The subject ID the submitter's certificate says it acts as (attribute `subject`), or null. */
export function actingSubject(attribute: (name: string) => string | null): string | null {
  return attribute(SUBJECT_ATTRIBUTE);
}

/** A guard: the submitter must act as the subject that `subjectOf` names in the record. */
export function actsAs<R>(party: string, subjectOf: (record: R) => string): Guard<R> {
  return ({ record, attribute }) => {
    const acting = actingSubject(attribute);
    const expected = subjectOf(record);
    if (acting === expected) return undefined;
    return new ForbiddenError(
      acting === null
        ? `only the ${party} (subject ${expected}) may do this; the submitter's certificate names no subject`
        : `only the ${party} (subject ${expected}) may do this, not subject ${acting}`,
    );
  };
}
