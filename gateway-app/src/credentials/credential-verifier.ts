import { z } from 'zod';
import { bitstringOf, bitstringSha256, jwkThumbprint, STATUS_LIST_SIZE, statusPurposes } from '@scenechain/scene-kit';
import type { AppContext } from '../app-context';
import { parseCredentialId, parseStatusListUrl, VC_CONTEXT_V2 } from './credential-document';
import { credentialScenario, documentVerdict, ledgerStatusList, registeredKey } from './credential-ledger';
import { headerOf, keyOfDidJwk, verifiedPayload, VC_JWT_TYP } from './vc-jose';

/**
 * What a verifier concludes. VALID, or why not: the record's state (REVOKED, SUSPENDED, SUPERSEDED, EXPIRED,
 * NOT_YET_VALID), or a refusal of the credential itself (MALFORMED, UNSUPPORTED, BAD_SIGNATURE, ISSUER_KEY_UNKNOWN,
 * ISSUER_KEY_RETIRED, ISSUER_MISMATCH, STATUS_MISMATCH, RECORD_UNKNOWN).
 */
export const credentialVerdicts = [
  'VALID',
  'REVOKED',
  'SUSPENDED',
  'SUPERSEDED',
  'EXPIRED',
  'NOT_YET_VALID',
  'MALFORMED',
  'UNSUPPORTED',
  'BAD_SIGNATURE',
  'ISSUER_KEY_UNKNOWN',
  'ISSUER_KEY_RETIRED',
  'ISSUER_MISMATCH',
  'STATUS_MISMATCH',
  'RECORD_UNKNOWN',
] as const;
export type CredentialVerdict = (typeof credentialVerdicts)[number];

export interface StatusCheck {
  readonly purpose: string;
  readonly statusListCredential: string;
  readonly index: number;
  readonly set: boolean;
  /** SHA-256 of the list's bitstring as anchored on the ledger. */
  readonly bitstringSha256: string;
}

export interface CredentialVerification {
  readonly valid: boolean;
  readonly verdict: CredentialVerdict;
  readonly message: string;
  readonly scenario?: string;
  readonly recordType?: string;
  readonly recordId?: string;
  readonly issuer?: { readonly org: string; readonly keyId: string; readonly did: string };
  readonly validFrom?: string;
  readonly validUntil?: string;
  readonly status?: readonly StatusCheck[];
  /** The credential, once its signature verified. */
  readonly credential?: unknown;
}

const statusEntry = z.looseObject({
  type: z.literal('BitstringStatusListEntry'),
  statusPurpose: z.enum(statusPurposes),
  statusListIndex: z.string().regex(/^(0|[1-9]\d*)$/),
  statusListCredential: z.string(),
});

const credentialShape = z.looseObject({
  '@context': z.array(z.string()).refine((context) => context[0] === VC_CONTEXT_V2, `first @context ${VC_CONTEXT_V2}`),
  id: z.string(),
  type: z.array(z.string()).refine((types) => types.includes('VerifiableCredential'), 'a VerifiableCredential'),
  issuer: z.union([z.string(), z.looseObject({ id: z.string() })]),
  validFrom: z.iso.datetime().optional(),
  validUntil: z.iso.datetime().optional(),
  credentialSubject: z.looseObject({ documentHash: z.string().regex(/^[0-9a-f]{64}$/) }),
  credentialStatus: z.union([statusEntry, z.array(statusEntry).min(1)]),
});

class Refusal extends Error {
  constructor(
    readonly verdict: CredentialVerdict,
    message: string,
  ) {
    super(message);
  }
}

const refuse = (verdict: CredentialVerdict, message: string): never => {
  throw new Refusal(verdict, message);
};

/**
 * Verifies a VC-JOSE-COSE credential (compact JWS) against the ledger, in this order: the JWS header (ES256,
 * `typ: vc+jwt`, a `did:jwk` key), the signature, the credential's shape and that its issuer is the signing
 * key; then the ledger: the key is registered and ACTIVE, and its org is the one whose status lists the
 * credential names and that issued the record its document digest belongs to; finally the status entries (the
 * lists as anchored) and the validity period. Never throws for a bad credential: the verdict says why.
 */
export async function verifyCredential(ctx: AppContext, jws: string): Promise<CredentialVerification> {
  const facts: Partial<Record<keyof CredentialVerification, unknown>> = {};
  try {
    return await check(ctx, jws.trim(), facts);
  } catch (err) {
    if (!(err instanceof Refusal)) throw err;
    return { ...facts, valid: false, verdict: err.verdict, message: err.message } as CredentialVerification;
  }
}

async function check(
  ctx: AppContext,
  jws: string,
  facts: Partial<Record<keyof CredentialVerification, unknown>>,
): Promise<CredentialVerification> {
  const header = headerOf(jws) ?? refuse('MALFORMED', 'not a compact JWS (three base64url parts, a JSON header)');
  if (header.alg !== 'ES256' || header.typ !== VC_JWT_TYP) {
    refuse(
      'UNSUPPORTED',
      `alg ${header.alg} typ ${header.typ}: only ES256 credentials of typ ${VC_JWT_TYP} are accepted`,
    );
  }
  const signer =
    (typeof header.kid === 'string' && keyOfDidJwk(header.kid)) ||
    refuse('MALFORMED', 'the header’s kid is not a did:jwk of a P-256 key');
  const payload =
    (await verifiedPayload(jws, signer.jwk)) ??
    refuse('BAD_SIGNATURE', 'the signature does not verify: the credential was altered or signed by another key');
  let parsed;
  try {
    parsed = credentialShape.safeParse(JSON.parse(new TextDecoder().decode(payload)));
  } catch {
    return refuse('MALFORMED', 'the payload is not JSON');
  }
  if (!parsed.success)
    refuse(
      'MALFORMED',
      `not a credential of this platform: ${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message}`,
    );
  const credential = parsed.data!;
  facts.credential = credential;
  const issuerId = typeof credential.issuer === 'string' ? credential.issuer : credential.issuer.id;
  if (issuerId !== signer.did)
    refuse('ISSUER_MISMATCH', `the credential names issuer ${issuerId.slice(0, 60)}…, but the signing key is another`);
  const named =
    parseCredentialId(credential.id) ??
    refuse('MALFORMED', `id ${credential.id.slice(0, 80)} names no record of this platform`);
  const scenario =
    credentialScenario(ctx, named.scenario) ??
    refuse('MALFORMED', `no register here issues credentials as ${named.scenario}`);
  if (named.recordType !== scenario.profile.record || !credential.type.includes(scenario.profile.type)) {
    refuse('MALFORMED', `${scenario.id} issues ${scenario.profile.type} of ${scenario.profile.record} records only`);
  }
  Object.assign(facts, { scenario: scenario.id, recordType: named.recordType, recordId: named.recordId });
  Object.assign(facts, { validFrom: credential.validFrom, validUntil: credential.validUntil });

  const keyId = jwkThumbprint(signer.jwk);
  const key =
    (await registeredKey(ctx, scenario, keyId)) ??
    refuse('ISSUER_KEY_UNKNOWN', `no org registered the signing key ${keyId} on the ledger`);
  facts.issuer = { org: key.issuer, keyId, did: key.did };
  if (key.status !== 'ACTIVE')
    refuse('ISSUER_KEY_RETIRED', `${key.issuer} retired the signing key ${keyId} (${key.retirement?.reason ?? ''})`);

  const document = await documentVerdict(ctx, scenario, credential.credentialSubject.documentHash);
  if (document.verdict === 'UNKNOWN' || document.recordId !== named.recordId) {
    refuse('RECORD_UNKNOWN', `the register holds no record ${named.recordId} with the credential’s document`);
  }
  if (document.issuer !== key.issuer) {
    refuse(
      'ISSUER_MISMATCH',
      `${named.recordId} was issued by ${document.issuer}, but the credential is signed by a key of ${key.issuer}`,
    );
  }

  const entries = Array.isArray(credential.credentialStatus)
    ? credential.credentialStatus
    : [credential.credentialStatus];
  const status: StatusCheck[] = [];
  for (const entry of entries) {
    const list = parseStatusListUrl(entry.statusListCredential);
    const index = Number(entry.statusListIndex);
    if (!list || list.scenario !== scenario.id || list.purpose !== entry.statusPurpose || index >= STATUS_LIST_SIZE) {
      refuse(
        'STATUS_MISMATCH',
        `${entry.statusListCredential.slice(0, 120)} is not a ${entry.statusPurpose} list of ${scenario.id}`,
      );
    }
    if (list!.issuer !== key.issuer)
      refuse('ISSUER_MISMATCH', `the status list is ${list!.issuer}’s, but the signing key is ${key.issuer}’s`);
    const anchored = await ledgerStatusList(ctx, scenario, key.issuer, list!.purpose, list!.list);
    // The list the app publishes is built from these entries; their hash must be the one the ledger anchored.
    if (bitstringSha256(bitstringOf(anchored.setIndices)) !== anchored.bitstringSha256) {
      refuse(
        'STATUS_MISMATCH',
        `the ledger's ${list!.purpose} list ${list!.list} of ${key.issuer} does not match its anchored hash`,
      );
    }
    const set = anchored.setIndices.includes(index);
    status.push({
      purpose: entry.statusPurpose,
      statusListCredential: entry.statusListCredential,
      index,
      set,
      bitstringSha256: anchored.bitstringSha256,
    });
  }
  facts.status = status;
  const done = (verdict: CredentialVerdict, message: string): CredentialVerification =>
    ({ ...facts, valid: verdict === 'VALID', verdict, message }) as CredentialVerification;
  if (status.some((s) => s.purpose === 'revocation' && s.set))
    return done('REVOKED', `${named.recordId} was revoked by ${key.issuer}`);
  if (status.some((s) => s.purpose === 'suspension' && s.set))
    return done('SUSPENDED', `${named.recordId} is suspended by ${key.issuer}`);
  if (!['VALID', 'EXPIRED', 'NOT_YET_VALID'].includes(document.verdict)) {
    return done(document.verdict as CredentialVerdict, `the register says ${named.recordId} is ${document.verdict}`);
  }
  const now = ctx.clock();
  if (credential.validFrom && now < Date.parse(credential.validFrom))
    return done('NOT_YET_VALID', `valid from ${credential.validFrom}`);
  if (credential.validUntil && now >= Date.parse(credential.validUntil))
    return done('EXPIRED', `valid until ${credential.validUntil}`);
  return done('VALID', `signed by ${key.issuer}’s registered key; not revoked or suspended`);
}
