import {
  createThrough,
  identifier,
  isoInstant,
  msOf,
  requireAccess,
  requireDistinct,
  sha256Hex,
  submitFlow,
  ValidationError,
  type Scene,
} from '@scenechain/scene-kit';
import { z } from 'zod';
import { recordLifecycle } from '../lifecycle/record-lifecycle';
import { publicAttributes, recordTypes, registryRecords, subjectId } from '../model/registry-record';
import { registrars } from '../parties';
import { keepVersion } from './record-versions';

/** Most records one `issueMany` call issues. */
export const MAX_RECORDS_PER_CALL = 500;

const validity = (request: { validFrom?: string; validUntil?: string }) =>
  request.validUntil === undefined ||
  request.validFrom === undefined ||
  msOf(request.validFrom) < msOf(request.validUntil);
const validityMessage = { path: ['validUntil'], message: 'must be after validFrom' };

const newRecord = z
  .strictObject({
    recordId: identifier,
    type: z.enum(recordTypes),
    subjectId,
    documentHash: sha256Hex,
    attributes: publicAttributes.default({}),
    /** Defaults to the issuing transaction's time. */
    validFrom: isoInstant.optional(),
    validUntil: isoInstant.optional(),
  })
  .refine(validity, validityMessage);

export const issue = submitFlow(
  'A department issues a record (licence, title, certificate) to a subject; the document stays off chain, its digest is registered.',
  newRecord,
  async (scene, input) => issueOne(scene, input),
);

export const issueMany = submitFlow(
  `Issues up to ${MAX_RECORDS_PER_CALL} records in one transaction; all or none.`,
  z.strictObject({ records: z.array(newRecord).min(1).max(MAX_RECORDS_PER_CALL) }),
  async (scene, input) => {
    requireDistinct(
      input.records.map((record) => record.recordId),
      'records.recordId',
    );
    requireDistinct(
      input.records.map((record) => record.documentHash),
      'records.documentHash',
    );
    for (const record of input.records) await issueOne(scene, record);
    return { count: input.records.length, recordIds: input.records.map((record) => record.recordId) };
  },
);

async function issueOne(scene: Scene, input: z.output<typeof newRecord>) {
  requireAccess(scene.actor, registrars, 'issue a record');
  const validFrom = input.validFrom ?? scene.now.iso;
  if (input.validUntil !== undefined && msOf(input.validUntil) <= msOf(validFrom)) {
    throw new ValidationError(`invalid request: validUntil: must be after validFrom (${validFrom})`, [
      { path: 'validUntil', message: 'must be after validFrom' },
    ]);
  }
  const record = await createThrough(scene, registryRecords, recordLifecycle, 'issue', {
    id: input.recordId,
    type: input.type,
    subjectId: input.subjectId,
    issuer: scene.actor.mspId,
    status: 'ACTIVE',
    version: 1,
    documentHash: input.documentHash,
    attributes: input.attributes,
    validFrom,
    validUntil: input.validUntil,
    issuedAt: scene.now.iso,
  });
  await keepVersion(scene, record.data, 'issued');
  return record;
}
