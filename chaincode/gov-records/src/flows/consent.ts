import {
  ForbiddenError,
  identifier,
  msOf,
  notBeforeRecorded,
  submitFlow,
  text,
  transitionFlow,
  ValidationError,
} from '@scenechain/scene-kit';
import { z } from 'zod';
import { consentLife, recordLife } from '../machines';
import { accessLogs, consentGrant } from '../records';

/** Longest a consent may run. */
export const MAX_CONSENT_DAYS = 5 * 366;

export const grantConsent = submitFlow({
  description: 'The subject of a record lets one org read it for one purpose until a date.',
  request: consentGrant,
  on: consentLife,
  transition: 'grant',
  run: async (scene, input) => {
    const { current: record } = await recordLife.check(scene, input.recordId, 'grantConsent');
    const until = msOf(input.validUntil);
    if (until <= scene.now.ms) {
      throw new ValidationError(
        `invalid request: validUntil: ${input.validUntil} is not after the transaction time ${scene.now.iso}`,
      );
    }
    if (until > scene.now.ms + MAX_CONSENT_DAYS * 86_400_000) {
      throw new ValidationError(`invalid request: validUntil: a consent may run at most ${MAX_CONSENT_DAYS} days`);
    }
    const { consentId: id, ...grant } = input;
    const [subjectId, grantedAt] = [record.data.subjectId, scene.now.iso];
    return consentLife.create(scene, 'grant', { ...grant, id, subjectId, status: 'ACTIVE', grantedAt });
  },
});

export const withdrawConsent = transitionFlow(consentLife, 'withdraw', {
  description: 'The subject withdraws a consent; later accesses under it are refused.',
  change: (data, _input, scene) => ({ ...data, withdrawnAt: scene.now.iso }),
});

export const accessRecord = submitFlow({
  description:
    'The grantee of a consent reads the record for the consented purpose; the access is logged on chain (who, when, why).',
  request: z.strictObject({ recordId: identifier, consentId: identifier, purpose: text(200) }),
  on: consentLife,
  transition: 'use',
  label: 'Read under consent',
  run: async (scene, input) => {
    const { current: consent, step } = await consentLife.check(scene, input.consentId, 'use');
    if (consent.data.recordId !== input.recordId) {
      throw new ForbiddenError(`Consent ${consent.data.id} covers ${consent.data.recordId}, not ${input.recordId}`);
    }
    if (consent.data.purpose !== input.purpose) {
      throw new ForbiddenError(
        `Consent ${consent.data.id} covers the purpose "${consent.data.purpose}", not "${input.purpose}"`,
      );
    }
    const record = await recordLife.read(scene, input.recordId);
    // The grantee dates its use: not before what the subject and the registry last recorded (see notExpired).
    notBeforeRecorded(scene, { [`Consent ${consent.data.id}`]: consent, [`Record ${record.data.id}`]: record });
    const log = { recordId: input.recordId, accessId: scene.txId, consentId: consent.data.id };
    const access = await accessLogs.create(
      scene,
      { ...log, accessor: scene.actor, purpose: input.purpose, at: scene.now.iso },
      { step },
    );
    return { record, consent: consent.data, access: access.data };
  },
});
