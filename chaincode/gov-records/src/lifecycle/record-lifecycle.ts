import {
  ConflictError,
  defineStateMachine,
  ForbiddenError,
  lifecycle,
  msOf,
  ValidationError,
  type Guard,
} from '@scenechain/scene-kit';
import { recordStatuses, registryRecords, type RegistryRecord } from '../model/registry-record';
import { registrars, subjects } from '../parties';
import { actsAs } from './subject-guards';

/** A department changes only the records it issued. */
const issuedByActor: Guard<RegistryRecord> = ({ record, actor }) =>
  record.issuer === actor.mspId
    ? undefined
    : new ForbiddenError(`${record.id} was issued by ${record.issuer}; ${actor.mspId} may not change it`);

const noPendingTransfer: Guard<RegistryRecord> = ({ record }) =>
  record.pendingTransferId
    ? new ConflictError(`${record.id} has a pending transfer, ${record.pendingTransferId}`)
    : undefined;

const isTitle: Guard<RegistryRecord> = ({ record }) =>
  record.type === 'PROPERTY_TITLE'
    ? undefined
    : new ConflictError(`${record.id} is a ${record.type}; only property titles are transferred`);

/** A record is valid for a while before it ends (validFrom defaults to the issuing transaction's time). */
const validPeriod: Guard<RegistryRecord> = ({ record }) =>
  record.validUntil === undefined || msOf(record.validUntil) > msOf(record.validFrom)
    ? undefined
    : new ValidationError(`invalid request: validUntil: must be after validFrom (${record.validFrom})`, [
        { path: 'validUntil', message: 'must be after validFrom' },
      ]);

const theSubject = actsAs<RegistryRecord>('holder', (record) => record.subjectId);

/**
 * A register entry's life: issued active; amended (new version, old ones kept); suspended and reinstated;
 * revoked for good. Title transfers and consents hang off it.
 */
export const recordLifecycle = defineStateMachine({
  entity: 'RegistryRecord',
  states: recordStatuses,
  transitions: {
    issue: { from: 'new', to: 'ACTIVE', by: registrars, event: 'RecordIssued', guards: [validPeriod] },
    amend: { from: ['ACTIVE'], by: registrars, event: 'RecordAmended', guards: [issuedByActor, noPendingTransfer] },
    suspend: { from: ['ACTIVE'], to: 'SUSPENDED', by: registrars, event: 'RecordSuspended', guards: [issuedByActor] },
    reinstate: {
      from: ['SUSPENDED'],
      to: 'ACTIVE',
      by: registrars,
      event: 'RecordReinstated',
      guards: [issuedByActor],
    },
    revoke: {
      from: ['ACTIVE', 'SUSPENDED'],
      to: 'REVOKED',
      by: registrars,
      event: 'RecordRevoked',
      guards: [issuedByActor],
    },
    openTransfer: {
      from: ['ACTIVE'],
      by: subjects,
      event: 'TitleTransferOpened',
      guards: [theSubject, isTitle, noPendingTransfer],
      description: 'the holder of a title proposes to sell it',
    },
    transferTitle: {
      from: ['ACTIVE'],
      by: registrars,
      event: 'TitleTransferred',
      guards: [issuedByActor],
      description: 'the registry approves an accepted transfer: a new version names the buyer',
    },
    closeTransfer: {
      from: ['ACTIVE', 'SUSPENDED', 'REVOKED'],
      by: [...subjects, ...registrars],
      event: 'TitleTransferClosed',
      description: 'a transfer ended without approval',
    },
    grantConsent: { from: ['ACTIVE', 'SUSPENDED'], by: subjects, event: 'ConsentGranted', guards: [theSubject] },
  },
});

/** Register entries bound to their machine; requests name one by `recordId`. */
export const recordLife = lifecycle(registryRecords, recordLifecycle, 'recordId');
