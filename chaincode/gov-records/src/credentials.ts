import { defineCredentials } from '@scenechain/scene-kit';
import { recordLife } from './machines';
import { registrars } from './parties';

/**
 * Register entries as W3C Verifiable Credentials signed by the issuing department's own key (registered here by
 * its registrar); suspending, reinstating and revoking a record flip its entries in the department's status
 * lists. The subject is named by its pseudonymous ID only, as on the ledger.
 */
export const recordCredentials = defineCredentials(recordLife, {
  type: 'GovernmentRecordCredential',
  issuerField: 'issuer',
  holderField: 'subjectId',
  subjectFields: ['type', 'version', 'documentHash', 'attributes'],
  validFrom: 'validFrom',
  validUntil: 'validUntil',
  states: { revoked: 'REVOKED', suspended: 'SUSPENDED' },
  keyHolders: registrars,
});
