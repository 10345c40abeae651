import {
  channelMembers,
  claimDocuments,
  documentFacts,
  ConflictError,
  defineScenario,
  describeActor,
  evaluateFlow,
  ForbiddenError,
  identifier,
  listFlow,
  mayAct,
  mspId,
  msOf,
  pageFields,
  plainStep,
  readableBy,
  recordReads,
  requireRead,
  sha256Hex,
  submitFlow,
  text,
  transitionFlow,
  verifyFlow,
  ValidationError,
  type Actor,
} from '@scenechain/scene-kit';
import { z } from 'zod';
import { labels } from './labels';
import { accessBasis, accessors, authorities, caseLife, evidenceLife, grantLife, judges } from './machines';
import {
  accessLogs,
  captureFields,
  captures,
  caseRequest,
  evidenceDocuments,
  evidences,
  evidenceStatuses,
  grantRequest,
  yearNumber,
  type Evidence,
  type Grant,
} from './records';

/** How long a logged access lets its accessor read the evidence's details (`readEvidence`). */
export const ACCESS_WINDOW_MINUTES = 30;

const evidenceKey = { evidenceId: identifier };
const grantReaders = readableBy([...judges, ...accessors], 'judges of the case court and the grantee');
const logReaders = readableBy(accessors, "judges of the evidence's court and its depositor");

/** A judge of the court named, or the one user named (the grantee, the depositor). */
const judgeOr = (actor: Actor, court: string | undefined, org: string, user: string) =>
  (mayAct(actor, judges) && actor.mspId === court) || (actor.mspId === org && actor.user === user);

const caseReads = recordReads(caseLife, {
  ...{ get: 'A case: its number, cause, court and state.', readers: channelMembers },
  ...{ title: 'Cases', collection: 'cases', columns: ['court', 'caseNumber'] },
});
const evidenceReads = recordReads(evidenceLife, {
  get: "Evidence's public fingerprint: digest, depositor, notarisation, case and ruling; no capture details.",
  ...{ history: "Changes to evidence's public fingerprint, newest first.", readers: channelMembers },
  ...{ title: 'Evidence', collection: 'evidence', columns: ['depositor', 'caseId', 'court', 'reason'] },
  ownList: { transaction: 'listEvidenceByDepositor', orgField: 'depositor' },
});
const grantReads = recordReads<Grant>(grantLife, {
  ...{ name: 'Grant', get: 'A grant of access: for the judges of its court and its grantee.', readers: grantReaders },
  mayRead: (actor, grant) => judgeOr(actor, grant.court, grant.granteeOrg, grant.granteeUser),
  ...{ title: 'Access grants', collection: 'grants', columns: ['evidenceId', 'caseId', 'granteeOrg', 'capacity'] },
  readModel: { readers: judges },
});

/** The court checks a file against the anchored digest: a changed file does not match (never an error). */
function courtCheck(evidence: Evidence, documentHash: string) {
  const matches = evidence.documentHash === documentHash;
  const { evidenceId, anchoredAt, status, caseId, notarisation } = evidence;
  return {
    ...{ evidenceId, matches, verdict: matches ? 'UNCHANGED' : 'HASH_MISMATCH', documentHash },
    ...{ anchoredHash: evidence.documentHash, anchoredAt, status, caseId, notarised: notarisation !== undefined },
    ...(notarisation ? { notarisation } : {}),
  };
}

/**
 * Judicial evidence (司法存证): parties, lawyers and notaries anchor evidence by its digest with its capture metadata;
 * a notary notarises it once after checking the file; the depositor submits it to an open case, whose court admits
 * or rejects it and grants parties and lawyers access. Details beyond the public fingerprint are read only under an
 * access logged on the ledger: `accessEvidence` (a submit) logs it, `readEvidence` answers only a committed one.
 */
export const scenario = defineScenario({
  id: 'judicial-evidence',
  contract: 'JudicialEvidence',
  title: 'Judicial evidence',
  summary: 'Evidence anchored by digest, notarised, submitted to a court; every access logged; verified by file.',
  version: '1.0',
  authorities,
  labels,
  verify: { transaction: 'verifyEvidence' },
  records: [
    caseReads.view,
    evidenceReads.view,
    grantReads.view,
    {
      type: accessLogs,
      title: 'Access log',
      collection: 'access-log',
      keyField: 'accessId',
      columns: ['evidenceId', 'accessor', 'basis'],
      readModel: { readers: judges },
    },
  ],
  flows: {
    openCase: submitFlow({
      description: 'The court registers a case (立案) by its case number and cause; evidence may then be submitted.',
      request: caseRequest,
      on: caseLife,
      transition: 'open',
      run: (scene, input) =>
        caseLife.create(scene, 'open', { ...input, court: scene.actor.mspId, status: 'OPEN', openedAt: scene.now.iso }),
    }),
    closeCase: transitionFlow(caseLife, 'close', {
      description: 'The court closes a case, with a reason; no submissions, rulings or grants in it afterwards.',
      reason: 'closure',
    }),
    anchorEvidence: submitFlow({
      description:
        'A party, lawyer or notary anchors a file by its digest, with how, when and by whom it was captured.',
      request: z.strictObject({ ...evidenceKey, documentHash: sha256Hex, documentFacts, ...captureFields }),
      on: evidenceLife,
      transition: 'anchor',
      run: async (scene, { evidenceId, documentHash, documentFacts: facts, ...capture }) => {
        if (msOf(capture.capturedAt) > scene.now.ms) {
          const issue = { path: 'capturedAt', message: `is after the anchoring time ${scene.now.iso}` };
          throw new ValidationError(`invalid request: capturedAt ${issue.message}`, [issue]);
        }
        const { mspId: depositor, user: depositorUser } = scene.actor;
        const draft = { evidenceId, documentHash, depositor, depositorUser, anchoredAt: scene.now.iso };
        const evidence = await evidenceLife.create(scene, 'anchor', { ...draft, status: 'ANCHORED' });
        const step = plainStep('recordCapture', 'CaptureRecorded');
        await captures.create(scene, { evidenceId, ...capture }, { step });
        await claimDocuments(scene, evidenceDocuments, evidenceId, { evidence: documentHash }, { facts });
        return evidence;
      },
    }),
    notariseEvidence: transitionFlow(evidenceLife, 'notarise', {
      description: 'A notary checks the file presented against the anchored digest and notarises the evidence, once.',
      request: z.strictObject({ ...evidenceKey, documentHash: sha256Hex, certificateNumber: yearNumber }),
      change: (data, { documentHash, certificateNumber }, scene) => {
        if (data.documentHash !== documentHash) {
          throw new ConflictError(
            `${data.evidenceId}: the file presented (${documentHash}) is not the file anchored (${data.documentHash}); it cannot be notarised`,
          );
        }
        const { mspId: notary, user: notaryUser } = scene.actor;
        return { ...data, notarisation: { notary, notaryUser, certificateNumber, at: scene.now.iso } };
      },
      details: ({ certificateNumber }) => ({ certificateNumber }),
    }),
    submitEvidence: transitionFlow(evidenceLife, 'submit', {
      description: 'The depositor submits the evidence to an open case; its court then rules on it.',
      request: z.strictObject({ ...evidenceKey, caseId: identifier }),
      change: async (data, { caseId }, scene) => {
        const found = (await caseLife.read(scene, caseId)).data;
        if (found.status !== 'OPEN') throw new ConflictError(`case ${caseId} is ${found.status}, not OPEN`);
        return { ...data, caseId, court: found.court, submittedAt: scene.now.iso };
      },
      details: ({ caseId }) => ({ caseId }),
    }),
    admitEvidence: transitionFlow(evidenceLife, 'admit', {
      description: "The case's court admits the evidence (采纳), with its reasons.",
      reason: 'ruling',
    }),
    rejectEvidence: transitionFlow(evidenceLife, 'reject', {
      description: "The case's court rejects the evidence (不予采纳), with its reasons.",
      reason: 'ruling',
    }),
    grantAccess: submitFlow({
      description: "The case's court lets one party or lawyer (org and user) access one piece of evidence of the case.",
      request: grantRequest,
      on: grantLife,
      transition: 'grant',
      run: async (scene, input) => {
        const { caseId, court } = (await evidenceLife.read(scene, input.evidenceId)).data;
        if (!caseId || !court) throw new ConflictError(`${input.evidenceId} is not submitted to a case`);
        const draft = { ...input, caseId, court, status: 'ACTIVE' as const, grantedAt: scene.now.iso };
        return grantLife.create(scene, 'grant', draft);
      },
    }),
    revokeAccess: transitionFlow(grantLife, 'revoke', {
      description: 'The court revokes a grant, with a reason; later accesses and reads under it are refused.',
      reason: 'revocation',
    }),
    accessEvidence: submitFlow({
      description:
        'Logs an access (who, which evidence, why, on what basis) on the ledger; its accessId then opens readEvidence.',
      request: z.strictObject({ ...evidenceKey, purpose: text(200), grantId: identifier.optional() }),
      on: evidenceLife,
      transition: 'access',
      label: 'Access evidence',
      run: async (scene, { evidenceId, purpose, grantId }) => {
        const { current, step } = await evidenceLife.check(scene, evidenceId, 'access');
        const basis = await accessBasis(scene, current.data, grantId);
        const log = { accessId: scene.txId, evidenceId, accessor: scene.actor, basis, grantId, purpose };
        return (await accessLogs.create(scene, { ...log, at: scene.now.iso }, { step })).data;
      },
    }),
    readEvidence: evaluateFlow({
      description: `The evidence's details under a committed access of the reader's, within ${ACCESS_WINDOW_MINUTES} minutes of it.`,
      request: z.strictObject({ ...evidenceKey, accessId: z.string().regex(/^[0-9a-f]{64}$/, 'an accessId') }),
      on: evidenceLife,
      readers: readableBy(accessors, 'the accessor of a committed access to the evidence, while its basis holds'),
      run: async (scene, { evidenceId, accessId }) => {
        const log = (await accessLogs.get(scene, { accessId }))?.data;
        if (!log || log.evidenceId !== evidenceId) {
          throw new ForbiddenError(
            `no access ${accessId} to ${evidenceId} is logged on the ledger: evidence is read only under a committed access (submit accessEvidence)`,
          );
        }
        const { mspId: org, user } = scene.actor;
        if (log.accessor.mspId !== org || log.accessor.user !== user) {
          throw new ForbiddenError(
            `access ${accessId} is ${log.accessor.mspId} user ${log.accessor.user}'s, not ${describeActor(scene.actor)}'s`,
          );
        }
        if (scene.now.ms - msOf(log.at) > ACCESS_WINDOW_MINUTES * 60_000) {
          throw new ForbiddenError(`access ${accessId} of ${log.at} has lapsed: submit accessEvidence again`);
        }
        const evidence = await evidences.mustGet(scene, { evidenceId });
        await accessBasis(scene, evidence.data, log.grantId);
        return { evidence, capture: (await captures.mustGet(scene, { evidenceId })).data, access: log };
      },
    }),
    ...caseReads.flows,
    ...evidenceReads.flows,
    listEvidenceByCase: listFlow(evidenceLife, 'byCase', {
      description: 'Evidence submitted to a case, optionally in one state.',
      readers: channelMembers,
      filters: { caseId: identifier, status: z.enum(evidenceStatuses).optional() },
    }),
    listEvidenceByDepositor: listFlow(evidenceLife, 'byDepositor', {
      description: 'Evidence an org anchored, optionally in one state.',
      readers: channelMembers,
      filters: { depositor: mspId, status: z.enum(evidenceStatuses).optional() },
    }),
    ...grantReads.flows,
    listAccessLog: evaluateFlow({
      description:
        "Who accessed a piece of evidence, when and why, oldest first: for its court's judges and depositor.",
      request: z.strictObject({ ...evidenceKey, ...pageFields }),
      on: evidenceLife,
      readers: logReaders,
      run: async (scene, { evidenceId, ...page }) => {
        const { court, depositor, depositorUser } = (await evidences.mustGet(scene, { evidenceId })).data;
        const allowed = judgeOr(scene.actor, court, depositor, depositorUser);
        requireRead(scene.actor, allowed, `the access log of ${evidenceId}`, logReaders);
        return accessLogs.list(scene, 'byEvidence', [evidenceId], page);
      },
    }),
    verifyEvidence: verifyFlow({
      description: 'Checks a file by its digest: VALID (unchanged since anchoring; notarised or not) or UNKNOWN.',
      claims: evidenceDocuments,
      on: evidenceLife,
      verdict: (evidence) => ({
        verdict: 'VALID',
        type: evidence.notarisation ? 'NOTARISED' : 'NOT_NOTARISED',
        issuer: evidence.notarisation?.notary ?? evidence.depositor,
        validFrom: evidence.anchoredAt,
      }),
    }),
    verifyForCourt: evaluateFlow({
      description:
        'For a court: is this file the one anchored as this evidence (UNCHANGED or HASH_MISMATCH), notarised?',
      request: z.strictObject({ ...evidenceKey, documentHash: sha256Hex }),
      on: evidenceLife,
      readers: readableBy(judges),
      run: async (scene, { evidenceId, documentHash }) =>
        courtCheck((await evidences.mustGet(scene, { evidenceId })).data, documentHash),
    }),
  },
});
