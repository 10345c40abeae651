import {
  defineDocumentClaims,
  defineRecordType,
  identifier,
  indexOn,
  isoInstant,
  mspId,
  reasonNote,
  sha256Hex,
  text,
} from '@scenechain/scene-kit';
import { z } from 'zod';

/**
 * A number of the form courts and notary offices print, the year in brackets first: 案号 `（2026）京0105民初1234号`,
 * 公证书编号 `（2026）京长安内经证字第1234号` (the kit's `documentNumber` refuses a leading bracket).
 */
export const yearNumber = z
  .string()
  .max(64)
  .regex(/^[（(]\d{4}[)）][\p{L}\p{N}]+号$/u, 'a number such as （2026）京0105民初1234号')
  .meta({ examples: ['（2026）京0105民初1234号'] });

/** A user as certificates name it (common name, `lawyer1@lawfirm.scenechain.example`). */
export const userName = z
  .string()
  .max(256)
  .regex(/^[^\s\p{C}]+$/u, 'a certificate common name, without spaces or control characters')
  .meta({ examples: ['lawyer1@lawfirm.scenechain.example'] });

export const caseStatuses = ['OPEN', 'CLOSED'] as const;
/** The court registers a case (立案) by its 案号 and 案由; evidence is submitted to it, access granted in it. */
export const caseRequest = z.strictObject({ caseId: identifier, caseNumber: yearNumber, cause: text(100) });
const caseSchema = caseRequest.extend({
  court: mspId,
  status: z.enum(caseStatuses),
  openedAt: isoInstant,
  closure: reasonNote.optional(),
});
export type Case = z.output<typeof caseSchema>;
export const cases = defineRecordType({
  name: 'Case',
  schema: caseSchema,
  key: ['caseId'],
  indexes: { byCourt: indexOn<Case>('court', 'status') },
  eventDetails: (c) => ({ court: c.court, caseNumber: c.caseNumber }),
});

export const evidenceKinds = ['DOCUMENT', 'AUDIO_RECORDING', 'VIDEO_RECORDING', 'SCREENSHOT', 'WEB_PAGE'] as const;
/** How a file was captured: what only those with a logged access read (the file itself stays off chain). */
export const captureFields = {
  title: text(200),
  kind: z.enum(evidenceKinds),
  capturedBy: text(100),
  capturedAt: isoInstant,
  method: text(200),
  fileName: text(255),
  mediaType: z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/, 'a media type such as audio/mpeg'),
  size: z.int().positive().max(Number.MAX_SAFE_INTEGER),
};
const captureSchema = z.strictObject({ evidenceId: identifier, ...captureFields });
export type Capture = z.output<typeof captureSchema>;
/** Kept beside the evidence, never answered by a query but `readEvidence` (no events: they go to every member). */
export const captures = defineRecordType({
  name: 'EvidenceCapture',
  schema: captureSchema,
  key: ['evidenceId'],
  events: false,
});

export const evidenceStatuses = ['ANCHORED', 'NOTARISED', 'SUBMITTED', 'ADMITTED', 'REJECTED'] as const;
/** The public fingerprint of a piece of evidence: its digest, who anchored it, its notarisation and its case. */
const evidenceSchema = z.strictObject({
  evidenceId: identifier,
  documentHash: sha256Hex,
  depositor: mspId,
  depositorUser: userName,
  anchoredAt: isoInstant,
  status: z.enum(evidenceStatuses),
  notarisation: z
    .strictObject({ notary: mspId, notaryUser: userName, certificateNumber: yearNumber, at: isoInstant })
    .optional(),
  caseId: identifier.optional(),
  court: mspId.optional(),
  submittedAt: isoInstant.optional(),
  /** The court's admission or rejection, with its reasons (质证意见). */
  ruling: reasonNote.optional(),
});
export type Evidence = z.output<typeof evidenceSchema>;
export const evidences = defineRecordType({
  name: 'Evidence',
  schema: evidenceSchema,
  key: ['evidenceId'],
  indexes: { byCase: indexOn<Evidence>('caseId', 'status'), byDepositor: indexOn<Evidence>('depositor', 'status') },
  eventDetails: (e) => ({ depositor: e.depositor, caseId: e.caseId, court: e.court }),
});
/** Evidence file digests, each anchored once: the public verify starts here. */
export const evidenceDocuments = defineDocumentClaims('EvidenceDocument');

export const grantStatuses = ['ACTIVE', 'REVOKED'] as const;
export const capacities = ['PARTY', 'LAWYER'] as const;
/** The court lets one user (org and certificate name), a party or a lawyer, access one piece of evidence. */
export const grantRequest = z.strictObject({
  grantId: identifier,
  evidenceId: identifier,
  granteeOrg: mspId,
  granteeUser: userName,
  capacity: z.enum(capacities),
});
const grantSchema = grantRequest.extend({
  caseId: identifier,
  court: mspId,
  status: z.enum(grantStatuses),
  grantedAt: isoInstant,
  revocation: reasonNote.optional(),
});
export type Grant = z.output<typeof grantSchema>;
export const grants = defineRecordType({
  name: 'AccessGrant',
  schema: grantSchema,
  key: ['grantId'],
  indexes: { byGrantee: indexOn<Grant>('granteeOrg', 'granteeUser') },
  eventDetails: (g) => ({ evidenceId: g.evidenceId, caseId: g.caseId, granteeOrg: g.granteeOrg, capacity: g.capacity }),
});

export const accessBases = ['DEPOSITOR', 'COURT', 'NOTARY', 'GRANT'] as const;
const accessSchema = z.strictObject({
  /** The transaction ID of the access: unique, the same on every endorser, what `readEvidence` names. */
  accessId: z.string().regex(/^[0-9a-f]{64}$/),
  evidenceId: identifier,
  accessor: z.strictObject({ mspId, user: z.string().max(256), role: z.string().max(64).nullable() }),
  basis: z.enum(accessBases),
  grantId: identifier.optional(),
  purpose: text(200),
  at: isoInstant,
});
export type AccessLog = z.output<typeof accessSchema>;
export const accessLogs = defineRecordType({
  name: 'AccessLog',
  schema: accessSchema,
  key: ['accessId'],
  // time first: an evidence's accesses list in the order they happened
  indexes: { byEvidence: indexOn<AccessLog>('evidenceId', 'at') },
  eventDetails: (log) => ({ evidenceId: log.evidenceId, accessor: log.accessor.mspId, basis: log.basis }),
});
