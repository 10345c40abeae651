import { defineRecordType, identifier, indexOn, isoInstant, mspId, text } from '@scenechain/scene-kit';
import { z } from 'zod';
import { subjectId } from './registry-record';

export const consentStatuses = ['ACTIVE', 'WITHDRAWN'] as const;

/** A subject's consent that one org may read one record for one purpose until a date. */
export const consentSchema = z.strictObject({
  id: identifier,
  recordId: identifier,
  subjectId,
  grantee: mspId,
  purpose: text(200),
  validUntil: isoInstant,
  status: z.enum(consentStatuses),
  grantedAt: isoInstant,
  withdrawnAt: isoInstant.optional(),
});
export type Consent = z.output<typeof consentSchema>;

export const consents = defineRecordType({
  name: 'Consent',
  schema: consentSchema,
  key: ['id'],
  indexes: { byRecord: indexOn<Consent>('recordId'), byGrantee: indexOn<Consent>('grantee', 'status') },
  eventDetails: (consent) => ({ recordId: consent.recordId, grantee: consent.grantee, validUntil: consent.validUntil }),
});
