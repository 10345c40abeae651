import { defineRecordType, identifier, indexOn, isoInstant, mspId, text } from '@scenechain/scene-kit';
import { z } from 'zod';

/** One access to a record under a consent: who, when, for what. Written by the access itself. */
export const accessLogSchema = z.strictObject({
  recordId: identifier,
  /** The transaction ID of the access: unique, and the same on every endorser. */
  accessId: z.string().regex(/^[0-9a-f]{64}$/),
  consentId: identifier,
  accessor: z.strictObject({ mspId, user: z.string().max(256), role: z.string().max(64).nullable() }),
  purpose: text(200),
  at: isoInstant,
});
export type AccessLog = z.output<typeof accessLogSchema>;

export const accessLogs = defineRecordType({
  name: 'AccessLog',
  schema: accessLogSchema,
  // Time before ID: a record's accesses list in the order they happened.
  key: ['recordId', 'at', 'accessId'],
  indexes: { byConsent: indexOn<AccessLog>('consentId') },
  eventDetails: (log) => ({ recordId: log.recordId, consentId: log.consentId, accessor: log.accessor.mspId }),
});
