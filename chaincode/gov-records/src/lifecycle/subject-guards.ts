import { ForbiddenError, type Guard } from '@scenechain/scene-kit';
import { SUBJECT_ATTRIBUTE } from '../parties';

/** The subject ID the submitter's certificate says it acts as (attribute `subject`), or null. */
export function actingSubject(attribute: (name: string) => string | null): string | null {
  return attribute(SUBJECT_ATTRIBUTE);
}

/** The submitter must act as the subject that `subjectOf` names in the record. */
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
