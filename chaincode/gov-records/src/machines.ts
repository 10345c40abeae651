import {
  ConflictError,
  defineStateMachine,
  ForbiddenError,
  lifecycle,
  mayAct,
  msOf,
  orgNamedIn,
  timeRule,
  ValidationError,
  type Guard,
} from '@scenechain/scene-kit';
import { actingSubject, actsAs, consentHolders, registrars, subjects } from './parties';
import {
  consents,
  consentStatuses,
  recordStatuses,
  registryRecords,
  transfers,
  transferStatuses,
  type Consent,
  type RegistryRecord,
  type Transfer,
} from './records';

/** A department changes only the records it issued. */
const issuer = { by: registrars, guards: [orgNamedIn<RegistryRecord>('issuer', 'its issuing department')] };

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

const holder = { by: subjects, guards: [actsAs<RegistryRecord>('holder', (record) => record.subjectId)] };

/**
 * A register entry's life: issued active; amended (new version, old ones kept); suspended and reinstated;
 * revoked for good. Title transfers and consents hang off it.
 */
export const recordLifecycle = defineStateMachine({
  entity: 'RegistryRecord',
  states: recordStatuses,
  transitions: {
    issue: { from: 'new', to: 'ACTIVE', by: registrars, event: 'RecordIssued', guards: [validPeriod] },
    amend: { ...issuer, from: ['ACTIVE'], event: 'RecordAmended', guards: [...issuer.guards, noPendingTransfer] },
    suspend: { ...issuer, from: ['ACTIVE'], to: 'SUSPENDED', event: 'RecordSuspended' },
    reinstate: { ...issuer, from: ['SUSPENDED'], to: 'ACTIVE', event: 'RecordReinstated' },
    revoke: { ...issuer, from: ['ACTIVE', 'SUSPENDED'], to: 'REVOKED', event: 'RecordRevoked' },
    openTransfer: {
      from: ['ACTIVE'],
      by: subjects,
      event: 'TitleTransferOpened',
      guards: [...holder.guards, isTitle, noPendingTransfer],
      description: 'the holder of a title proposes to sell it',
    },
    transferTitle: {
      ...issuer,
      from: ['ACTIVE'],
      event: 'TitleTransferred',
      description: 'the registry approves an accepted transfer: a new version names the buyer',
    },
    closeTransfer: {
      from: ['ACTIVE', 'SUSPENDED', 'REVOKED'],
      by: [...subjects, ...registrars],
      event: 'TitleTransferClosed',
      description: 'a transfer ended without approval',
    },
    grantConsent: { ...holder, from: ['ACTIVE', 'SUSPENDED'], event: 'ConsentGranted' },
  },
});

/** Register entries bound to their machine; requests name one by `recordId`. */
export const recordLife = lifecycle(registryRecords, recordLifecycle, 'recordId');

const seller = { by: subjects, guards: [actsAs<Transfer>('seller', (transfer) => transfer.seller)] };
const buyer = { by: subjects, guards: [actsAs<Transfer>('buyer', (transfer) => transfer.buyer)] };

/** A title transfer needs all three: the seller proposes, the buyer accepts, the registry approves. */
export const transferLifecycle = defineStateMachine({
  entity: 'Transfer',
  states: transferStatuses,
  transitions: {
    propose: { ...seller, from: 'new', to: 'PROPOSED', event: 'TransferProposed' },
    accept: { ...buyer, from: ['PROPOSED'], to: 'ACCEPTED', event: 'TransferAccepted' },
    decline: { ...buyer, from: ['PROPOSED'], to: 'DECLINED', event: 'TransferDeclined' },
    cancel: { ...seller, from: ['PROPOSED', 'ACCEPTED'], to: 'CANCELLED', event: 'TransferCancelled' },
    approve: { from: ['ACCEPTED'], to: 'APPROVED', by: registrars, event: 'TransferApproved' },
    reject: { from: ['PROPOSED', 'ACCEPTED'], to: 'REJECTED', by: registrars, event: 'TransferRejected' },
  },
});

export const transferLife = lifecycle(transfers, transferLifecycle, 'transferId');

/**
 * The grantee is the org, acting through its staff: not a citizen who happens to hold a certificate of the same
 * org (CitizenAgentMSP both serves citizens and may be a grantee).
 */
const granteeIsActor: Guard<Consent> = ({ record, actor, attribute }) => {
  if (record.grantee !== actor.mspId) {
    return new ForbiddenError(`Consent ${record.id} was given to ${record.grantee}, not ${actor.mspId}`);
  }
  const subject = actingSubject(attribute);
  return subject === null
    ? undefined
    : new ForbiddenError(`Consent ${record.id} was given to ${record.grantee}'s staff, not to subject ${subject}`);
};

/**
 * Expiry is a matter of time, not of a transaction: a consent past its date is refused without being changed.
 * The grantee dates its own use, so the date holds only as far as the endorsers bound it (their time window) and
 * the monotonic rule in accessRecord; the subject's withdrawal is the end no clock can move.
 */
export const notExpired: Guard<Consent> = timeRule(
  {
    rule: 'consent expiry',
    benefits: 'the grantee (a later use)',
    trusts: 'submitter',
    note: 'bounded by the endorsers’ time window and by the last change recorded on the consent and the record; withdrawal is the firm end',
  },
  ({ record, now }) =>
    now.ms < msOf(record.validUntil)
      ? undefined
      : new ForbiddenError(`Consent ${record.id} expired at ${record.validUntil}`),
);

/** The consent's subject, or a registrar (whose department must have issued the record: checked by the flow). */
const subjectOrStaff: Guard<Consent> = (input) =>
  mayAct(input.actor, registrars) ? undefined : actsAs<Consent>('subject', (consent) => consent.subjectId)(input);

const theSubject = { by: subjects, guards: [actsAs<Consent>('subject', (consent) => consent.subjectId)] };

/** A consent: granted by the subject, used (and each use logged) by the grantee until it expires or is withdrawn. */
export const consentLifecycle = defineStateMachine({
  entity: 'Consent',
  states: consentStatuses,
  transitions: {
    grant: { ...theSubject, from: 'new', to: 'ACTIVE', event: 'ConsentGranted' },
    withdraw: { ...theSubject, from: ['ACTIVE'], to: 'WITHDRAWN', event: 'ConsentWithdrawn' },
    use: {
      from: ['ACTIVE'],
      by: consentHolders,
      event: 'RecordAccessed',
      guards: [granteeIsActor, notExpired],
      description: 'the grantee reads the record; the access is logged, the consent is unchanged',
    },
    share: {
      from: ['ACTIVE'],
      by: [...registrars, ...subjects],
      event: 'PersonalDataShared',
      guards: [subjectOrStaff, notExpired],
      description:
        "the issuing department or the subject hands the subject's personal data to the grantee org; logged, the consent is unchanged",
    },
  },
});

export const consentLife = lifecycle(consents, consentLifecycle, 'consentId');
