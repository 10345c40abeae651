import { defineRecordType, identifier, indexOn, isoInstant, mspId, sha256Hex, text } from '@scenechain/scene-kit';
import { z } from 'zod';

export const recordTypes = ['BUSINESS_LICENCE', 'PROPERTY_TITLE', 'QUALIFICATION'] as const;
export const recordStatuses = ['ACTIVE', 'SUSPENDED', 'REVOKED'] as const;
export type RecordStatus = (typeof recordStatuses)[number];

/**
 * Public, non-personal facts about a record (licence class, parcel number, qualification level): at most 20
 * short entries. Names, addresses and ID numbers never go on the ledger; the document holding them stays off
 * chain and is represented by its SHA-256 digest.
 */
export const publicAttributes = z
  .record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,31}$/, 'an attribute name such as parcelId'), z.string().max(200))
  .refine((attributes) => Object.keys(attributes).length <= 20, 'at most 20 attributes');

/** A pseudonymous subject ID (a person or company), e.g. a keyed hash of the national ID, never the ID itself. */
export const subjectId = identifier;

/**
 * A register entry: what was issued, to whom (pseudonymously), by which department, and its current version.
 * Every version is kept as a RecordVersion; this record always shows the latest.
 */
export const registryRecordSchema = z.strictObject({
  id: identifier,
  type: z.enum(recordTypes),
  subjectId,
  issuer: mspId,
  status: z.enum(recordStatuses),
  version: z.int().positive(),
  documentHash: sha256Hex,
  attributes: publicAttributes,
  validFrom: isoInstant,
  validUntil: isoInstant.optional(),
  issuedAt: isoInstant,
  suspension: z.strictObject({ reason: text(500), at: isoInstant }).optional(),
  revocation: z.strictObject({ reason: text(500), at: isoInstant }).optional(),
  /** The open title transfer, if any: no other transfer or amendment meanwhile. */
  pendingTransferId: identifier.optional(),
});
export type RegistryRecord = z.output<typeof registryRecordSchema>;

export const registryRecords = defineRecordType({
  name: 'RegistryRecord',
  schema: registryRecordSchema,
  key: ['id'],
  indexes: {
    bySubject: indexOn<RegistryRecord>('subjectId', 'type'),
    byType: indexOn<RegistryRecord>('type', 'status'),
  },
  eventDetails: (record) => ({ type: record.type, issuer: record.issuer, version: record.version }),
});
