import {
  advance,
  checkThrough,
  createThrough,
  ForbiddenError,
  identifier,
  isoInstant,
  msOf,
  mspId,
  notBeforeRecorded,
  submitFlow,
  text,
  ValidationError,
} from '@scenechain/scene-kit';
import { z } from 'zod';
import { consentLifecycle } from '../lifecycle/consent-lifecycle';
import { recordLifecycle } from '../lifecycle/record-lifecycle';
import { accessLogs } from '../model/access-log';
import { consents } from '../model/consent';
import { registryRecords } from '../model/registry-record';

/** Longest a consent may run. */
export const MAX_CONSENT_DAYS = 5 * 366;

export const grantConsent = submitFlow(
  'The subject of a record lets one org read it for one purpose until a date.',
  z.strictObject({
    consentId: identifier,
    recordId: identifier,
    grantee: mspId,
    purpose: text(200),
    validUntil: isoInstant,
  }),
  async (scene, input) => {
    const record = await registryRecords.mustGet(scene, { id: input.recordId });
    checkThrough(scene, registryRecords, recordLifecycle, record, 'grantConsent');
    const until = msOf(input.validUntil);
    if (until <= scene.now.ms) {
      throw new ValidationError(
        `invalid request: validUntil: ${input.validUntil} is not after the transaction time ${scene.now.iso}`,
      );
    }
    if (until > scene.now.ms + MAX_CONSENT_DAYS * 86_400_000) {
      throw new ValidationError(`invalid request: validUntil: a consent may run at most ${MAX_CONSENT_DAYS} days`);
    }
    return createThrough(scene, consents, consentLifecycle, 'grant', {
      id: input.consentId,
      recordId: input.recordId,
      subjectId: record.data.subjectId,
      grantee: input.grantee,
      purpose: input.purpose,
      validUntil: input.validUntil,
      status: 'ACTIVE',
      grantedAt: scene.now.iso,
    });
  },
);

export const withdrawConsent = submitFlow(
  'The subject withdraws a consent; later accesses under it are refused.',
  z.strictObject({ consentId: identifier }),
  async (scene, input) =>
    advance(
      scene,
      consents,
      consentLifecycle,
      await consents.mustGet(scene, { id: input.consentId }),
      'withdraw',
      (data) => ({
        ...data,
        withdrawnAt: scene.now.iso,
      }),
    ),
);

export const accessRecord = submitFlow(
  'The grantee of a consent reads the record for the consented purpose; the access is logged on chain (who, when, why).',
  z.strictObject({ recordId: identifier, consentId: identifier, purpose: text(200) }),
  async (scene, input) => {
    const consent = await consents.mustGet(scene, { id: input.consentId });
    const step = checkThrough(scene, consents, consentLifecycle, consent, 'use');
    if (consent.data.recordId !== input.recordId) {
      throw new ForbiddenError(`Consent ${consent.data.id} covers ${consent.data.recordId}, not ${input.recordId}`);
    }
    if (consent.data.purpose !== input.purpose) {
      throw new ForbiddenError(
        `Consent ${consent.data.id} covers the purpose "${consent.data.purpose}", not "${input.purpose}"`,
      );
    }
    const record = await registryRecords.mustGet(scene, { id: input.recordId });
    // The grantee dates its use: not before what the subject and the registry last recorded (see notExpired).
    notBeforeRecorded(scene, { [`Consent ${consent.data.id}`]: consent, [`Record ${record.data.id}`]: record });
    const log = await accessLogs.create(
      scene,
      {
        recordId: input.recordId,
        accessId: scene.txId,
        consentId: consent.data.id,
        accessor: scene.actor,
        purpose: input.purpose,
        at: scene.now.iso,
      },
      { step },
    );
    return { record, consent: consent.data, access: log.data };
  },
);
