import { defineStateMachine, ForbiddenError, lifecycle, msOf, timeRule, type Guard } from '@scenechain/scene-kit';
import { consents, consentStatuses, type Consent } from '../model/consent';
import { consentHolders, subjects } from '../parties';
import { actingSubject, actsAs } from './subject-guards';

const theSubject = actsAs<Consent>('subject', (consent) => consent.subjectId);

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

/** A consent: granted by the subject, used (and each use logged) by the grantee until it expires or is withdrawn. */
export const consentLifecycle = defineStateMachine({
  entity: 'Consent',
  states: consentStatuses,
  transitions: {
    grant: { from: 'new', to: 'ACTIVE', by: subjects, event: 'ConsentGranted', guards: [theSubject] },
    withdraw: { from: ['ACTIVE'], to: 'WITHDRAWN', by: subjects, event: 'ConsentWithdrawn', guards: [theSubject] },
    use: {
      from: ['ACTIVE'],
      by: consentHolders,
      event: 'RecordAccessed',
      guards: [granteeIsActor, notExpired],
      description: 'the grantee reads the record; the access is logged, the consent is unchanged',
    },
  },
});

export const consentLife = lifecycle(consents, consentLifecycle, 'consentId');
