import {
  identifier,
  isoInstant,
  msOf,
  requireDistinct,
  sha256Hex,
  submitFlow,
  type Scene,
} from '@scenechain/scene-kit';
import { z } from 'zod';
import { recordLife } from '../lifecycle/record-lifecycle';
import { publicAttributes, recordTypes, subjectId } from '../model/registry-record';
import { keepVersion } from './record-versions';

/** Most records one `issueMany` call issues. */
export const MAX_RECORDS_PER_CALL = 500;

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
  .refine(
    (request) =>
      request.validUntil === undefined ||
      request.validFrom === undefined ||
      msOf(request.validFrom) < msOf(request.validUntil),
    { path: ['validUntil'], message: 'must be after validFrom' },
  );

export const issue = submitFlow({
  description:
    'A department issues a record (licence, title, certificate) to a subject; the document stays off chain, its digest is registered.',
  request: newRecord,
  on: recordLife,
  transition: 'issue',
  run: (scene, input) => issueOne(scene, input),
});

export const issueMany = submitFlow({
  description: `Issues up to ${MAX_RECORDS_PER_CALL} records in one transaction; all or none.`,
  request: z.strictObject({ records: z.array(newRecord).min(1).max(MAX_RECORDS_PER_CALL) }),
  on: recordLife,
  transition: 'issue',
  run: async (scene, input) => {
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
});

async function issueOne(scene: Scene, input: z.output<typeof newRecord>) {
  const record = await recordLife.create(scene, 'issue', {
    id: input.recordId,
    type: input.type,
    subjectId: input.subjectId,
    issuer: scene.actor.mspId,
    status: 'ACTIVE',
    version: 1,
    documentHash: input.documentHash,
    attributes: input.attributes,
    validFrom: input.validFrom ?? scene.now.iso,
    validUntil: input.validUntil,
    issuedAt: scene.now.iso,
  });
  await keepVersion(scene, record.data, 'issued');
  return record;
}
