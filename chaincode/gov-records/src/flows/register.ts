import {
  claimDocuments,
  documentFacts,
  type DocumentFacts,
  identifier,
  isoInstant,
  msOf,
  plainStep,
  requireDistinct,
  sha256Hex,
  submitFlow,
  text,
  transitionFlow,
  ValidationError,
  verifyFlow,
  type Scene,
} from '@scenechain/scene-kit';
import { z } from 'zod';
import { recordCredentials } from '../credentials';
import { recordLife } from '../machines';
import {
  documentClaims,
  personalData,
  publicAttributes,
  recordTypes,
  recordVersions,
  subjectId,
  versionKey,
  type RegistryRecord,
} from '../records';

/** Most records one `issueMany` call issues. */
export const MAX_RECORDS_PER_CALL = 500;

const recordFields = {
  recordId: identifier,
  type: z.enum(recordTypes),
  subjectId,
  documentHash: sha256Hex,
  documentFacts,
  attributes: publicAttributes.default({}),
  /** Defaults to the issuing transaction's time. */
  validFrom: isoInstant.optional(),
  validUntil: isoInstant.optional(),
};

const validPeriod = <T extends { validFrom?: string; validUntil?: string }>({ validFrom, validUntil }: T) =>
  !validUntil || !validFrom || msOf(validFrom) < msOf(validUntil);
const afterValidFrom = { path: ['validUntil'], message: 'must be after validFrom' };

const newRecord = z.strictObject(recordFields).refine(validPeriod, afterValidFrom);

/** `issue`: one record, with the subject's personal data and its salt as transient data (optional). */
const newRecordWithPersonalData = z
  .strictObject({ ...recordFields, ...personalData.optionalFields })
  .refine(validPeriod, afterValidFrom);

async function issueOne(scene: Scene, request: z.output<typeof newRecord> & Record<string, unknown>) {
  const { recordId, type, subjectId, documentHash, attributes, validFrom, validUntil } = request;
  const [issuer, at] = [scene.actor.mspId, scene.now.iso];
  // The personal data goes into its collection; only its salted hash goes on the record (and into the block).
  const value = personalData.valueOf(request);
  const personalDataHash = value && (await personalData.put(scene, recordId, value));
  const facts = { type, subjectId, documentHash, attributes, validUntil, personalDataHash };
  const statusListIndex = await recordCredentials.assign(scene);
  const draft = { ...facts, id: recordId, issuer, status: 'ACTIVE' as const, version: 1, statusListIndex };
  const record = await recordLife.create(scene, 'issue', { ...draft, validFrom: validFrom ?? at, issuedAt: at });
  await keepVersion(scene, record.data, 'issued', request.documentFacts);
  return record;
}

/**
 * Keeps a version of a record for ever and claims its document digest for it, so that verification finds the
 * version a document belongs to. One document, one version: ALREADY_EXISTS otherwise.
 */
export async function keepVersion(
  scene: Scene,
  record: RegistryRecord,
  reason: string,
  documentFacts?: DocumentFacts,
): Promise<void> {
  const { id: recordId, version, documentHash } = record;
  await claimDocuments(scene, documentClaims, recordId, { document: documentHash }, { version, facts: documentFacts });
  const { subjectId, attributes, validFrom, validUntil } = record;
  const kept = { recordId, versionKey: versionKey(version), version, subjectId, documentHash, attributes };
  const facts = { ...kept, validFrom, validUntil, reason, createdAt: scene.now.iso };
  await recordVersions.create(scene, facts, { step: plainStep('keepVersion', 'RecordVersionKept') });
}

export type VerificationVerdict =
  'VALID' | 'UNKNOWN' | 'SUPERSEDED' | 'SUSPENDED' | 'REVOKED' | 'NOT_YET_VALID' | 'EXPIRED';

/** Why a version of a record is (not) valid now: revoked, superseded, suspended, not yet or no longer valid. */
export function verdictOf(
  record: { status: string; version: number; validFrom: string; validUntil?: string },
  version: number,
  nowMs: number,
): VerificationVerdict {
  if (record.status === 'REVOKED') return 'REVOKED';
  if (version !== record.version) return 'SUPERSEDED';
  if (record.status === 'SUSPENDED') return 'SUSPENDED';
  if (nowMs < msOf(record.validFrom)) return 'NOT_YET_VALID';
  if (record.validUntil !== undefined && nowMs >= msOf(record.validUntil)) return 'EXPIRED';
  return 'VALID';
}

export const registerFlows = {
  issue: submitFlow({
    description:
      "A department issues a record (licence, title, certificate) to a subject; the document stays off chain, its digest is registered; the subject's personal data, if given, is kept private to the department and the citizen-services org, with only its salted hash on the record.",
    request: newRecordWithPersonalData,
    transient: personalData.transient,
    on: recordLife,
    transition: 'issue',
    run: issueOne,
  }),
  issueMany: submitFlow({
    description: `Issues up to ${MAX_RECORDS_PER_CALL} records in one transaction; all or none.`,
    request: z.strictObject({ records: z.array(newRecord).min(1).max(MAX_RECORDS_PER_CALL) }),
    on: recordLife,
    transition: 'issue',
    run: async (scene, { records }) => {
      requireDistinct(
        records.map((record) => record.recordId),
        'records.recordId',
      );
      requireDistinct(
        records.map((record) => record.documentHash),
        'records.documentHash',
      );
      for (const record of records) await issueOne(scene, record);
      return { count: records.length, recordIds: records.map((record) => record.recordId) };
    },
  }),
  amend: transitionFlow(recordLife, 'amend', {
    description:
      'The issuing department amends a record: a new version with a new document; every old version stays readable.',
    request: z.strictObject({
      recordId: identifier,
      documentHash: sha256Hex,
      documentFacts,
      attributes: publicAttributes.optional(),
      validUntil: isoInstant.optional(),
      reason: text(500),
    }),
    change: (data, input) => {
      const validUntil = input.validUntil ?? data.validUntil;
      if (validUntil !== undefined && msOf(validUntil) <= msOf(data.validFrom)) {
        throw new ValidationError(`invalid request: validUntil: must be after validFrom (${data.validFrom})`);
      }
      const attributes = input.attributes ?? data.attributes;
      return { ...data, version: data.version + 1, documentHash: input.documentHash, attributes, validUntil };
    },
    details: (input) => ({ reason: input.reason }),
    after: (scene, amended, input) => keepVersion(scene, amended.data, input.reason, input.documentFacts),
  }),
  suspend: transitionFlow(recordLife, 'suspend', {
    description: 'The issuing department suspends a record, with a reason.',
    reason: 'suspension',
    after: recordCredentials.follow,
  }),
  reinstate: transitionFlow(recordLife, 'reinstate', {
    description: 'The issuing department lifts a suspension.',
    change: (data) => ({ ...data, suspension: undefined }),
    after: recordCredentials.follow,
  }),
  revoke: transitionFlow(recordLife, 'revoke', {
    description: 'The issuing department revokes a record for good, with a reason.',
    reason: 'revocation',
    after: recordCredentials.follow,
  }),
};

/**
 * Public verification: it reveals only a verdict and the record's public facts (type, issuer, versions, state,
 * validity), never its subject, so any channel member may ask.
 */
export const verifyDocument = verifyFlow({
  description:
    'Checks a document digest against the register: VALID only for the current version of an active record within its validity.',
  claims: documentClaims,
  on: recordLife,
  verdict: (record, claim, scene) => ({
    verdict: verdictOf(record, claim.version ?? 1, scene.now.ms),
    type: record.type,
    issuer: record.issuer,
    validFrom: record.validFrom,
    validUntil: record.validUntil,
  }),
});
