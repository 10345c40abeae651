import {
  attributeName,
  defineDocumentClaims,
  definePrivatePart,
  defineRecordType,
  identifier,
  indexOn,
  isoInstant,
  mspId,
  reasonNote,
  sha256Hex,
  statusListIndex,
  text,
} from '@scenechain/scene-kit';
import { z } from 'zod';
import { CITIZEN_SERVICES, DEPARTMENTS } from './parties';

export const recordTypes = ['BUSINESS_LICENCE', 'PROPERTY_TITLE', 'QUALIFICATION'] as const;
export const recordStatuses = ['ACTIVE', 'SUSPENDED', 'REVOKED'] as const;

/**
 * Public, non-personal facts about a record (licence class, parcel number, qualification level): at most 20
 * short entries, named in any script (`parcelId`, `证照编号`). Names, addresses and ID numbers never go on the
 * ledger; the document holding them stays off chain and is represented by its SHA-256 digest.
 */
export const publicAttributes = z
  .record(attributeName, z.string().max(200))
  .refine((attributes) => Object.keys(attributes).length <= 20, 'at most 20 attributes');

/** A pseudonymous subject ID (a person or company), e.g. a keyed hash of the national ID, never the ID itself. */
export const subjectId = identifier;

/**
 * The subject's personal data, as on the document: kept only in the `subjectIdentities` collection (the issuing
 * department's and the citizen-services org's peers), never on the shared ledger, which holds only its salted
 * hash (`personalDataHash`).
 */
export const personalDataSchema = z.strictObject({
  fullName: text(100),
  /** The 18-character citizen ID number (the last character a digit or X). */
  nationalId: z.string().regex(/^\d{17}[\dX]$/, 'an 18-character citizen ID number'),
  address: text(200),
});

/** The collection of personal data (chaincode/gov-records/collections_config.json) and the orgs it reaches. */
export const PERSONAL_DATA_COLLECTION = 'subjectIdentities';

export const personalData = definePrivatePart({
  name: 'PersonalData',
  field: 'personalData',
  schema: personalDataSchema,
  collection: PERSONAL_DATA_COLLECTION,
  memberOrgs: [...DEPARTMENTS, ...CITIZEN_SERVICES],
});

/** What a version of a record says: kept for every version, the record itself showing the latest. */
const versionFacts = z.strictObject({
  version: z.int().positive(),
  subjectId,
  documentHash: sha256Hex,
  attributes: publicAttributes,
  validFrom: isoInstant,
  validUntil: isoInstant.optional(),
});

/** A register entry: what was issued, to whom (pseudonymously), by which department; every version is kept. */
const registryRecordSchema = versionFacts.extend({
  id: identifier,
  type: z.enum(recordTypes),
  issuer: mspId,
  status: z.enum(recordStatuses),
  issuedAt: isoInstant,
  suspension: reasonNote.optional(),
  revocation: reasonNote.optional(),
  /** The salted SHA-256 commitment to the subject's personal data (see `personalData`), when it was given. */
  personalDataHash: sha256Hex.optional(),
  /** The open title transfer, if any: no other transfer or amendment meanwhile. */
  pendingTransferId: identifier.optional(),
  /** The record's entry in its department's credential status lists (assigned at issue). */
  statusListIndex,
});
export type RegistryRecord = z.output<typeof registryRecordSchema>;

export const registryRecords = defineRecordType({
  name: 'RegistryRecord',
  schema: registryRecordSchema,
  key: ['id'],
  indexes: { bySubject: indexOn<RegistryRecord>('subjectId', 'type'), byType: indexOn('type', 'status') },
  eventDetails: (record) => ({ type: record.type, issuer: record.issuer, version: record.version }),
});

/** Version numbers in keys are zero-padded so versions list in order. */
export const versionKey = (version: number) => String(version).padStart(6, '0');

/** One version of a record as issued or amended, and why (issue, amendment reason, title transfer); kept for ever. */
export const recordVersions = defineRecordType({
  name: 'RecordVersion',
  schema: versionFacts.extend({
    recordId: identifier,
    versionKey: z.string().regex(/^\d{6}$/),
    reason: text(500),
    createdAt: isoInstant,
  }),
  key: ['recordId', 'versionKey'],
  events: false,
});

/** Which record version a document digest belongs to: public verification starts here. */
export const documentClaims = defineDocumentClaims('DocumentClaim');

export const transferStatuses = ['PROPOSED', 'ACCEPTED', 'APPROVED', 'REJECTED', 'DECLINED', 'CANCELLED'] as const;

/** What the seller proposes: a title to a buyer under a signed sale deed (its digest; the deed stays off chain). */
export const transferProposal = z.strictObject({
  transferId: identifier,
  recordId: identifier,
  buyer: subjectId,
  deedHash: sha256Hex,
});

/** A property title transfer: proposed by the seller, accepted by the buyer, approved by the registry. */
const transferSchema = transferProposal.omit({ transferId: true }).extend({
  id: identifier,
  seller: subjectId,
  status: z.enum(transferStatuses),
  proposedAt: isoInstant,
  acceptedAt: isoInstant.optional(),
  decidedAt: isoInstant.optional(),
  rejection: text(500).optional(),
});
export type Transfer = z.output<typeof transferSchema>;

export const transfers = defineRecordType({
  name: 'Transfer',
  schema: transferSchema,
  key: ['id'],
  indexes: { byRecord: indexOn('recordId'), byStatus: indexOn('status') },
  eventDetails: (transfer) => ({ recordId: transfer.recordId }),
});

export const consentStatuses = ['ACTIVE', 'WITHDRAWN'] as const;

/** What the subject grants: one org may read one record for one purpose until a date. */
export const consentGrant = z.strictObject({
  consentId: identifier,
  recordId: identifier,
  grantee: mspId,
  purpose: text(200),
  validUntil: isoInstant,
});

const consentSchema = consentGrant.omit({ consentId: true }).extend({
  id: identifier,
  subjectId,
  status: z.enum(consentStatuses),
  grantedAt: isoInstant,
  withdrawnAt: isoInstant.optional(),
});
export type Consent = z.output<typeof consentSchema>;

export const consents = defineRecordType({
  name: 'Consent',
  schema: consentSchema,
  key: ['id'],
  indexes: { byRecord: indexOn('recordId'), byGrantee: indexOn('grantee', 'status') },
  eventDetails: (consent) => ({ recordId: consent.recordId, grantee: consent.grantee, validUntil: consent.validUntil }),
});

/** One access to a record under a consent: who, when, for what. Written by the access itself. */
export const accessLogs = defineRecordType({
  name: 'AccessLog',
  schema: z.strictObject({
    recordId: identifier,
    /** The transaction ID of the access: unique, and the same on every endorser. */
    accessId: z.string().regex(/^[0-9a-f]{64}$/),
    consentId: identifier,
    accessor: z.strictObject({ mspId, user: z.string().max(256), role: z.string().max(64).nullable() }),
    purpose: text(200),
    at: isoInstant,
  }),
  // Time before ID: a record's accesses list in the order they happened.
  key: ['recordId', 'at', 'accessId'],
  indexes: { byConsent: indexOn('consentId') },
  eventDetails: (log) => ({ recordId: log.recordId, consentId: log.consentId, accessor: log.accessor.mspId }),
});
