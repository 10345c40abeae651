import { defineRecordType, identifier, isoInstant, sha256Hex, text } from '@scenechain/scene-kit';
import { z } from 'zod';
import { publicAttributes, subjectId } from './registry-record';

/** Version numbers in keys are zero-padded so versions list in order. */
export function versionKey(version: number): string {
  return String(version).padStart(6, '0');
}

/** One version of a record as issued or amended; old versions stay readable for ever. */
export const recordVersionSchema = z.strictObject({
  recordId: identifier,
  versionKey: z.string().regex(/^\d{6}$/),
  version: z.int().positive(),
  subjectId,
  documentHash: sha256Hex,
  attributes: publicAttributes,
  validFrom: isoInstant,
  validUntil: isoInstant.optional(),
  /** Why this version exists: issue, amendment reason, or title transfer. */
  reason: text(500),
  createdAt: isoInstant,
});
export type RecordVersion = z.output<typeof recordVersionSchema>;

export const recordVersions = defineRecordType({
  name: 'RecordVersion',
  schema: recordVersionSchema,
  key: ['recordId', 'versionKey'],
  events: false,
});
