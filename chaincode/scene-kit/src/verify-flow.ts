import { z } from 'zod';
import { evaluateFlow, recordTypeOf, type EvaluateFlow, type FlowTarget } from './flow';
import { keyRequest } from './key-request';
import { channelMembers, partiesOnly, type ReadRule } from './read-rule';
import { defineRecordType, type RecordType } from './record-type';
import type { Scene } from './scene';
import { plainStep } from './state-machine';
import { AlreadyExistsError, ValidationError } from './errors';
import { identifier, isoInstant, mspId, sha256Hex } from './validation/fields';

/**
 * What every scenario's verify flow answers, so that the app's public verify page reads them all alike. Unknown
 * digests are answered (`UNKNOWN`), never refused, so a verifier need not tell errors from verdicts.
 */
export interface Verification extends VerifiedFacts {
  /** True exactly when `verdict` is VALID. */
  readonly valid: boolean;
  readonly documentHash: string;
}

/** The scenario's part of a verification: the verdict and the record's public facts (never personal data). */
export interface VerifiedFacts {
  /** `VALID`, `UNKNOWN`, or why not: `SUSPENDED`, `REVOKED`, `SUPERSEDED`, `EXPIRED`, ... */
  readonly verdict: string;
  readonly recordId?: string;
  /** What the record is, in the scenario's words (`PROPERTY_TITLE`, `MASTER`). */
  readonly type?: string;
  /** The org that issued it. */
  readonly issuer?: string;
  readonly version?: number;
  readonly currentVersion?: number;
  readonly status?: string;
  readonly validFrom?: string;
  readonly validUntil?: string;
  /** Which of the record's documents the digest is, when it has several (`diploma`, `transcript`). */
  readonly document?: string;
  /** The anchored file's facts, when the claim records them (claims written before they did not). */
  readonly size?: number;
  readonly mediaType?: string;
  /** The org whose member anchored the digest, and when (the transaction's time; the audit's for older claims). */
  readonly anchoredBy?: string;
  readonly anchoredAt?: string;
  /** The transaction that anchored the digest: the app finds its block from it. */
  readonly anchorTxId?: string;
}

/** Largest file a claim may describe (16 GiB): a bound, not a policy; the app's upload limit is far lower. */
export const MAX_DOCUMENT_SIZE = 16 * 1024 ** 3;

/** A media type as `type/subtype` (RFC 6838 names, parameters left out), lower case: `application/pdf`. */
export const mediaType = z
  .string()
  .max(127)
  .regex(/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/, 'a media type such as application/pdf, lower case')
  .meta({ examples: ['application/pdf'] });

/** What a request may say about a document beside its digest: its size in bytes and media type. */
export const documentFact = z.strictObject({
  size: z.int().nonnegative().max(MAX_DOCUMENT_SIZE),
  mediaType,
});
export type DocumentFact = z.output<typeof documentFact>;

/**
 * The optional request field `documentFacts`: per digest the request anchors, its size and media type. A
 * scenario adds it to each request that anchors documents (the app fills it from its document store).
 */
export const documentFacts = z.record(sha256Hex, documentFact).optional();
export type DocumentFacts = Readonly<Record<string, DocumentFact>>;

/** A uniqueness claim: one document digest belongs to one record (and version) for good. */
export const documentClaimSchema = z.strictObject({
  documentHash: sha256Hex,
  recordId: identifier,
  document: z.string().min(1).max(64),
  version: z.int().positive().optional(),
  size: documentFact.shape.size.optional(),
  mediaType: mediaType.optional(),
  /** The anchoring org, from the actor (never from the request), and the transaction's time. */
  anchoredBy: mspId.optional(),
  anchoredAt: isoInstant.optional(),
});
export type DocumentClaim = z.output<typeof documentClaimSchema>;
export type DocumentClaims = RecordType<DocumentClaim, 'documentHash'>;

/** The claims of a scenario's document digests, where verification starts; supporting records (no events). */
export function defineDocumentClaims(name: string): DocumentClaims {
  return defineRecordType({ name, schema: documentClaimSchema, key: ['documentHash'], events: false });
}

/** How a claim is made: the record version it belongs to, and the request's `documentFacts`. */
export interface ClaimOptions {
  readonly version?: number;
  readonly facts?: DocumentFacts;
}

/** Refuses facts about a digest the transaction does not anchor: they would describe nothing. */
function checkFacts(documents: Readonly<Record<string, string>>, facts: DocumentFacts): void {
  const anchored = new Set(Object.values(documents));
  const stray = Object.keys(facts)
    .filter((hash) => !anchored.has(hash))
    .sort();
  if (stray.length > 0) {
    const message = `names a document this request does not anchor (it anchors ${[...anchored].join(', ')})`;
    throw new ValidationError(
      `documentFacts names ${stray.join(', ')}, which this request does not anchor`,
      stray.map((hash) => ({ path: `documentFacts.${hash}`, message })),
    );
  }
}

/**
 * Claims the digests of a record's documents (`{ diploma: hash, transcript: hash }`), each for good; ALREADY_EXISTS
 * naming the record that holds a digest already claimed (also by another document of the same call). Each claim
 * records who anchored it (the actor's org) and when (the transaction's time), and the size and media type the
 * request's `documentFacts` give.
 */
export async function claimDocuments(
  scene: Scene,
  claims: DocumentClaims,
  recordId: string,
  documents: Readonly<Record<string, string>>,
  options: ClaimOptions = {},
): Promise<void> {
  const { version, facts = {} } = options;
  checkFacts(documents, facts);
  for (const [document, documentHash] of Object.entries(documents)) {
    const held = await claims.get(scene, { documentHash });
    if (held) {
      throw new AlreadyExistsError(
        `document ${documentHash} is already registered as the ${held.data.document} of ${held.data.recordId}`,
        { recordType: claims.name, id: documentHash },
      );
    }
    const claim = {
      documentHash,
      recordId,
      document,
      ...(version === undefined ? {} : { version }),
      ...(Object.hasOwn(facts, documentHash) ? facts[documentHash] : {}),
      anchoredBy: scene.actor.mspId,
      anchoredAt: scene.now.iso,
    };
    await claims.create(scene, claim, { step: plainStep('claimDocument', 'DocumentClaimed') });
  }
}

/** The data of the records a flow target names. */
export type RecordOf<Target> = Target extends { readonly records: { readonly spec: { schema: z.ZodType<infer T> } } }
  ? T
  : Target extends { readonly spec: { schema: z.ZodType<infer T> } }
    ? T
    : never;

export interface VerifyFlowSpec<Target extends FlowTarget> {
  readonly description: string;
  readonly claims: DocumentClaims;
  /** The record type a claim's `recordId` names (read with NOT_FOUND: a claim never outlives its record). */
  readonly on: Target;
  /**
   * The verdict and public facts for the record a claimed digest belongs to. `recordId`, `document` and, when
   * the record has them, `status`, `version` (the claim's, else 1) and `currentVersion` (the record's `version`)
   * are filled in unless given.
   */
  readonly verdict: (record: RecordOf<Target>, claim: DocumentClaim, scene: Scene) => VerifiedFacts;
  /** Default: any channel member (a public register); parties alone (see `partiesOnly`). */
  readonly readers?: ReadRule;
  readonly label?: string;
}

/** The evaluate flow a scenario's `verify` names: `{ documentHash }` in, a `Verification` out. */
export function verifyFlow<Target extends FlowTarget>(
  spec: VerifyFlowSpec<Target>,
): EvaluateFlow<z.ZodType, Verification> {
  const { claims, on, verdict, readers = channelMembers, ...rest } = spec;
  return evaluateFlow({
    ...rest,
    on,
    readers: partiesOnly(readers, `verifyFlow ${recordTypeOf(on).name}`),
    request: z.strictObject({ documentHash: sha256Hex }),
    run: async (scene, { documentHash }): Promise<Verification> => {
      const claim = await claims.get(scene, { documentHash });
      if (!claim) return { valid: false, verdict: 'UNKNOWN', documentHash };
      const { key } = keyRequest(on);
      const record = await recordTypeOf(on).mustGet(scene, { [key]: claim.data.recordId });
      const facts = verdict(record.data as RecordOf<Target>, claim.data, scene);
      const { status, version } = record.data as { status?: unknown; version?: unknown };
      const { size, mediaType: type, anchoredBy, anchoredAt } = claim.data;
      return {
        recordId: claim.data.recordId,
        document: claim.data.document,
        ...(size === undefined ? {} : { size }),
        ...(type === undefined ? {} : { mediaType: type }),
        // Claims written before they recorded it: the claim's own audit says who wrote it and when.
        anchoredBy: anchoredBy ?? claim.audit.actor.mspId,
        anchoredAt: anchoredAt ?? claim.audit.timestamp,
        anchorTxId: claim.audit.txId,
        ...(typeof status === 'string' ? { status } : {}),
        version: claim.data.version ?? 1,
        currentVersion: typeof version === 'number' ? version : (claim.data.version ?? 1),
        ...facts,
        valid: facts.verdict === 'VALID',
        documentHash,
      };
    },
  });
}
