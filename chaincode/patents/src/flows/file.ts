import {
  AlreadyExistsError,
  defineRecordType,
  ForbiddenError,
  identifier,
  InternalError,
  mayAct,
  mspId,
  party,
  plainStep,
  requireDistinct,
  saltText,
  sha256Hex,
  submitFlow,
  text,
  ValidationError,
  type Scene,
} from '@scenechain/scene-kit';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { expiryOf } from '../lifecycle/patent-guards';
import { patentLife } from '../lifecycle/patent-lifecycle';
import { ipcSymbol, patents } from '../model/patent';
import { AGENCIES, ATTORNEY } from '../parties';
import {
  keepSpecification,
  requireHolder,
  specificationText,
  specificationTransient,
  type KeptSpecification,
} from './unpublished-specification';

/**
 * The content commitment filed instead of the specification: SHA-256 over the UTF-8 bytes of the salt (the
 * browser's hex or the app's base64url), a line feed, and the specification text, in lower-case hex. The salt keeps a short or guessable text from
 * being found by hashing candidates; the text stays off the ledger until publication reveals text and salt.
 */
export function specificationCommitment(salt: string, specification: string): string {
  return createHash('sha256').update(`${salt}\n${specification}`, 'utf8').digest('hex');
}

/** Hex digits of the hash in a number: 64 bits keep a spurious clash below 3 in 10^8 at a million filings. */
export const APPLICATION_NUMBER_DIGITS = 16;

/**
 * An application number derived from the transaction: `PA<year>-<16 hex digits>`. Every endorser derives the
 * same number (same transaction ID, same position in the call, same attempt), and no shared counter is needed,
 * so filings never conflict with each other under MVCC. `attempt` > 0 derives the next candidate when an
 * earlier one is taken (see `allocateApplicationNumber`).
 */
export function applicationNumber(txId: string, position: number, filedAtIso: string, attempt = 0): string {
  const seed = attempt === 0 ? `${txId}:${position}` : `${txId}:${position}:${attempt}`;
  const digest = createHash('sha256').update(seed).digest('hex');
  return `PA${filedAtIso.slice(0, 4)}-${digest.slice(0, APPLICATION_NUMBER_DIGITS).toUpperCase()}`;
}

/** One commitment, one application: refiling the same specification (or replaying a filing) is refused. */
const commitmentClaims = defineRecordType({
  name: 'CommitmentClaim',
  schema: z.strictObject({ commitment: sha256Hex, applicationId: identifier }),
  key: ['commitment'],
  events: false,
});

/** Most applications one `fileMany` call files. */
export const MAX_APPLICATIONS_PER_CALL = 500;

export const applicationRequest = z.strictObject({
  title: text(300),
  applicantName: text(200),
  ipcClasses: z.array(ipcSymbol).min(1).max(20),
  /** `specificationCommitment(salt, specification)`; the text itself stays with the applicant until publication. */
  commitment: sha256Hex,
  /** The owner, when a patent agency files for an enterprise. */
  onBehalfOf: mspId.optional(),
});

/**
 * One filing: either the specification and its salt (transient data; the chaincode keeps the text privately
 * for the owner and the office and computes the commitment) or, as in bulk filings, the commitment alone (the
 * text stays with the applicant until publication reveals it).
 */
const singleFiling = applicationRequest.extend({
  commitment: sha256Hex.optional(),
  specification: specificationText.optional(),
  salt: saltText.optional(),
});

export const file = submitFlow({
  description:
    'Files an application with its specification (transient data, kept for the owner and the office until publication; the commitment is computed from it) or with a content commitment only; the filing time is its priority date. Answers the application.',
  request: singleFiling,
  transient: specificationTransient,
  on: patentLife,
  transition: 'file',
  run: async (scene, { specification, salt, commitment, ...application }) => {
    if (specification === undefined) {
      if (commitment === undefined) {
        throw new ValidationError(
          'invalid request: specification: give the specification (transient) or its commitment',
          [{ path: 'specification', message: 'the specification or its commitment is required' }],
        );
      }
      return fileOne(scene, { ...application, commitment }, 0);
    }
    if (commitment !== undefined) {
      throw new ValidationError(
        'invalid request: commitment: computed from the specification when the specification is given; give one of them',
        [{ path: 'commitment', message: 'give the specification or the commitment, not both' }],
      );
    }
    if (salt === undefined) {
      throw new ValidationError('invalid request: salt: the specification comes with its salt; none was given', [
        { path: 'salt', message: 'required with specification' },
      ]);
    }
    const filing = { ...application, commitment: specificationCommitment(salt, specification) };
    return fileOne(scene, filing, 0, { data: { text: specification }, salt });
  },
});

export const fileMany = submitFlow({
  description: `Files up to ${MAX_APPLICATIONS_PER_CALL} applications in one transaction (all or none), e.g. an agency for a group of enterprises.`,
  request: z.strictObject({ applications: z.array(applicationRequest).min(1).max(MAX_APPLICATIONS_PER_CALL) }),
  on: patentLife,
  transition: 'file',
  run: async (scene, input) => {
    requireDistinct(
      input.applications.map((application) => application.commitment),
      'applications.commitment',
    );
    const applicationIds: string[] = [];
    for (const [position, application] of input.applications.entries()) {
      applicationIds.push((await fileOne(scene, application, position)).data.id);
    }
    return { count: applicationIds.length, applicationIds };
  },
});

const agencyAttorneys = [party(AGENCIES, [ATTORNEY])];

/** Candidates tried before giving up; with 64-bit numbers even a second one is all but never needed. */
const NUMBER_ATTEMPTS = 8;

/**
 * The first derived number not yet taken, so that a hash clash with an earlier application never refuses a
 * filing. Deterministic: every endorser reads the same committed state (the reads are in the read set, so a
 * concurrent filing that takes the number fails this transaction under MVCC rather than duplicating it).
 */
async function allocateApplicationNumber(scene: Scene, position: number): Promise<string> {
  for (let attempt = 0; attempt < NUMBER_ATTEMPTS; attempt++) {
    const id = applicationNumber(scene.txId, position, scene.now.iso, attempt);
    if (!(await patents.exists(scene, { id }))) return id;
  }
  throw new InternalError(`no free application number after ${NUMBER_ATTEMPTS} attempts`);
}

/** Files one application; the contract has already checked that the submitter is on the applicant side. */
async function fileOne(
  scene: Scene,
  input: z.output<typeof applicationRequest>,
  position: number,
  specification?: KeptSpecification,
) {
  const byAgency = mayAct(scene.actor, agencyAttorneys);
  if (byAgency && input.onBehalfOf === undefined) {
    throw new ValidationError('invalid request: onBehalfOf: required when a patent agency files', [
      { path: 'onBehalfOf', message: 'required when a patent agency files' },
    ]);
  }
  if (!byAgency && input.onBehalfOf !== undefined && input.onBehalfOf !== scene.actor.mspId) {
    throw new ForbiddenError(
      `only a patent agency files on behalf of another org; ${scene.actor.mspId} may not file for ${input.onBehalfOf}`,
    );
  }
  // The text goes to the owner's collection (an agency's client sends it there; its own peer keeps no copy).
  const specificationHolder = specification && (input.onBehalfOf ?? scene.actor.mspId);
  if (specificationHolder !== undefined) requireHolder(specificationHolder);
  const claimed = await commitmentClaims.get(scene, { commitment: input.commitment });
  if (claimed) {
    throw new AlreadyExistsError(
      `an application with commitment ${input.commitment} exists: ${claimed.data.applicationId}`,
      { recordType: patents.name, id: claimed.data.applicationId },
    );
  }
  const { onBehalfOf, ...filed } = input;
  const patent = await patentLife.create(scene, 'file', {
    ...filed,
    id: await allocateApplicationNumber(scene, position),
    owner: onBehalfOf ?? scene.actor.mspId,
    agent: byAgency ? scene.actor.mspId : undefined,
    specificationHolder,
    status: 'FILED',
    filedAt: scene.now.iso,
    feeYearsPaid: 0,
    expiresAt: expiryOf(scene.now.iso),
    reexaminations: 0,
  });
  const claim = { commitment: input.commitment, applicationId: patent.data.id };
  await commitmentClaims.create(scene, claim, { step: plainStep('file', 'CommitmentRegistered') });
  if (specification && specificationHolder !== undefined) {
    await keepSpecification(scene, specificationHolder, patent.data.id, specification);
  }
  return patent;
}
