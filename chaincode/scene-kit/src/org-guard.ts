import { ForbiddenError } from './errors';
import type { Guard } from './state-machine';

/**
 * A guard admitting only members of the org a record field names (the issuer, the custodian), refusing with
 * FORBIDDEN naming that org: `D-1: only its issuing university, UniversityMSP, may change it; BankMSP may not`.
 */
export function orgNamedIn<R>(field: keyof R & string, role: string): Guard<R> {
  return ({ record, actor, id }) => {
    const org = String(record[field]);
    if (org === actor.mspId) return undefined;
    return new ForbiddenError(`${id ?? 'the record'}: only ${role}, ${org}, may change it; ${actor.mspId} may not`);
  };
}
