import {
  AlreadyExistsError,
  ForbiddenError,
  InternalError,
  mspId,
  mayAct,
  party,
  plainStep,
  requireAccess,
  requireDistinct,
  sha256Hex,
  submitFlow,
  text,
  ValidationError,
  type Scene,
} from '@scenechain/scene-kit';
import { z } from 'zod';
import { applicationNumber } from '../application-number';
import { patentLife } from '../lifecycle/patent-lifecycle';
import { expiryOf } from '../lifecycle/time-rules';
import { commitmentClaims } from '../model/commitment-claim';
import { ipcSymbol, patents } from '../model/patent';
import { AGENCIES, applicantSide, ATTORNEY } from '../parties';

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

export const file = submitFlow({
  description:
    'Files an application with a content commitment; the filing time is its priority date. Answers the application.',
  request: applicationRequest,
  on: patentLife,
  transition: 'file',
  run: async (scene, input) => fileOne(scene, input, 0),
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

async function fileOne(scene: Scene, input: z.output<typeof applicationRequest>, position: number) {
  // Before the request's other checks and any read, as the machine's own check comes only at creation.
  requireAccess(scene.actor, applicantSide, 'file an application');
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
  const claimed = await commitmentClaims.get(scene, { commitment: input.commitment });
  if (claimed) {
    throw new AlreadyExistsError(
      `an application with commitment ${input.commitment} exists: ${claimed.data.applicationId}`,
      { recordType: patents.name, id: claimed.data.applicationId },
    );
  }
  const id = await allocateApplicationNumber(scene, position);
  const patent = await patentLife.create(scene, 'file', {
    id,
    title: input.title,
    applicantName: input.applicantName,
    owner: input.onBehalfOf ?? scene.actor.mspId,
    agent: byAgency ? scene.actor.mspId : undefined,
    ipcClasses: input.ipcClasses,
    commitment: input.commitment,
    status: 'FILED',
    filedAt: scene.now.iso,
    feeYearsPaid: 0,
    expiresAt: expiryOf(scene.now.iso),
    reexaminations: 0,
  });
  await commitmentClaims.create(
    scene,
    { commitment: input.commitment, applicationId: id },
    { step: plainStep('file', 'CommitmentRegistered') },
  );
  return patent;
}
