import { channelMembers, evaluateFlow, msOf, sha256Hex } from '@scenechain/scene-kit';
import { z } from 'zod';
import { documentClaims } from '../model/document-claim';
import { registryRecords } from '../model/registry-record';

export type VerificationVerdict =
  'VALID' | 'UNKNOWN' | 'SUPERSEDED' | 'SUSPENDED' | 'REVOKED' | 'NOT_YET_VALID' | 'EXPIRED';

/**
 * Public verification: given a document's digest, anyone learns whether it is the current version of a valid,
 * unrevoked record, and if not, why. It answers (never fails) for unknown documents, so that a verifier need
 * not tell errors from verdicts. Readable by any channel member: it reveals only a verdict and the record's public
 * facts (type, issuer, versions, state, validity), never its subject.
 */
export const verifyDocument = evaluateFlow({
  description:
    'Checks a document digest against the register: VALID only for the current version of an active record within its validity.',
  request: z.strictObject({ documentHash: sha256Hex }),
  readers: channelMembers,
  run: async (scene, input) => {
    const claim = await documentClaims.get(scene, { documentHash: input.documentHash });
    if (!claim) return { valid: false, verdict: 'UNKNOWN' as VerificationVerdict, documentHash: input.documentHash };
    const record = await registryRecords.mustGet(scene, { id: claim.data.recordId });
    const verdict = verdictOf(record.data, claim.data.version, scene.now.ms);
    return {
      valid: verdict === 'VALID',
      verdict,
      documentHash: input.documentHash,
      recordId: record.data.id,
      type: record.data.type,
      issuer: record.data.issuer,
      version: claim.data.version,
      currentVersion: record.data.version,
      status: record.data.status,
      validFrom: record.data.validFrom,
      validUntil: record.data.validUntil,
    };
  },
});

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
