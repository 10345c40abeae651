import {
  ConflictError,
  defineLifecycle,
  describeActor,
  ForbiddenError,
  mayAct,
  orgNamedIn,
  party,
  roleAuthorities,
  type Check,
  type Guard,
  type Scene,
} from '@scenechain/scene-kit';
import {
  cases,
  caseStatuses,
  evidences,
  evidenceStatuses,
  grants,
  grantStatuses,
  type Case,
  type Evidence,
  type Grant,
} from './records';

/**
 * Each role counts only from the org that vouches for it (MSP IDs of network/topology.yaml): judges from the court,
 * notaries from the notary office, lawyers from the law firm, parties (citizens) from the citizen service centre.
 */
export const COURT = ['CourtMSP'];
export const authorities = roleAuthorities({
  judge: { issuedBy: COURT },
  notary: { issuedBy: ['NotaryMSP'] },
  lawyer: { issuedBy: ['LawFirmMSP'] },
  citizen: { issuedBy: ['CitizenAgentMSP'] },
});
export const judges = [party(COURT, ['judge'])];
export const notaries = [party(['NotaryMSP'], ['notary'])];
/** Who anchors evidence: a party, a lawyer, or a notary preserving it (保全证据公证). */
export const depositors = [party(undefined, ['citizen', 'lawyer', 'notary'])];
/** Who may ask to access evidence; the basis (depositor, court, notary or grant) is checked on the record. */
export const accessors = [party(undefined, ['citizen', 'lawyer', 'notary', 'judge'])];

const caseCourt = orgNamedIn<Case>('court', 'its court');
export const caseLife = defineLifecycle(cases, {
  states: caseStatuses,
  transitions: {
    open: { from: 'new', to: 'OPEN', by: judges, event: 'CaseOpened' },
    close: { from: ['OPEN'], to: 'CLOSED', by: judges, guards: [caseCourt], event: 'CaseClosed' },
  },
});

/** The case a record names is open now: no submissions, rulings or grants in a closed case. */
async function caseOpen({ scene, record }: { scene: Scene; record: { caseId?: string } }) {
  const found = record.caseId === undefined ? undefined : (await cases.get(scene, { caseId: record.caseId }))?.data;
  if (found?.status === 'OPEN') return undefined;
  return new ConflictError(`case ${record.caseId ?? '(none)'} is ${found?.status ?? 'not on the ledger'}, not OPEN`);
}

const depositorOnly: Guard<Evidence> = ({ record, actor, id }) =>
  record.depositor === actor.mspId && record.depositorUser === actor.user
    ? undefined
    : new ForbiddenError(`${id}: only its depositor, ${record.depositor} user ${record.depositorUser}, may do this`);
const courtOnly: Guard<Evidence> = ({ record, actor, id }) =>
  record.court === actor.mspId ? undefined : new ForbiddenError(`${id}: only ${record.court}, its case's court, rules`);
const ruling = { from: ['SUBMITTED'], by: judges, guards: [courtOnly], checks: [caseOpen as Check<Evidence>] } as const;
/** Access without a grant: who may never have a basis is refused before anything else is read. */
const mayAccess: Guard<Evidence> = ({ record, actor, id }) =>
  ['citizen', 'lawyer'].includes(actor.role ?? '') || basisWithoutGrant(record, actor) !== undefined
    ? undefined
    : new ForbiddenError(`${describeActor(actor)} may not access ${id}: not its depositor, its court or its notary`);

/**
 * Evidence is ANCHORED by its depositor, NOTARISED once by a notary who checked the file, SUBMITTED to an open
 * case, then ADMITTED or REJECTED by that case's court. `access` records a logged access beside it (no state change).
 */
export const evidenceLife = defineLifecycle(evidences, {
  states: evidenceStatuses,
  transitions: {
    anchor: { from: 'new', to: 'ANCHORED', by: depositors, event: 'EvidenceAnchored' },
    notarise: { from: ['ANCHORED'], to: 'NOTARISED', by: notaries, event: 'EvidenceNotarised' },
    submit: {
      from: ['ANCHORED', 'NOTARISED'],
      to: 'SUBMITTED',
      by: depositors,
      guards: [depositorOnly],
      event: 'EvidenceSubmitted',
    },
    admit: { ...ruling, to: 'ADMITTED', event: 'EvidenceAdmitted' },
    reject: { ...ruling, to: 'REJECTED', event: 'EvidenceRejected' },
    access: { from: evidenceStatuses, by: accessors, guards: [mayAccess], event: 'EvidenceAccessed' },
  },
});

const ownCourt = orgNamedIn<Grant>('court', 'the court of its case');
export const grantLife = defineLifecycle(grants, {
  states: grantStatuses,
  transitions: {
    grant: { from: 'new', to: 'ACTIVE', by: judges, guards: [ownCourt], checks: [caseOpen], event: 'AccessGranted' },
    revoke: { from: ['ACTIVE'], to: 'REVOKED', by: judges, guards: [ownCourt], event: 'AccessRevoked' },
  },
});

type Actor = Scene['actor'];
function basisWithoutGrant(evidence: Evidence, actor: Actor) {
  if (evidence.depositor === actor.mspId && evidence.depositorUser === actor.user) return 'DEPOSITOR' as const;
  if (mayAct(actor, judges) && evidence.court === actor.mspId) return 'COURT' as const;
  if (mayAct(actor, notaries) && evidence.notarisation?.notary === actor.mspId) return 'NOTARY' as const;
  return undefined;
}

/**
 * Why the submitter may access the evidence now: its depositor, a judge of its case's court, the notary office that
 * notarised it, or (with `grantId`) the court's active grant to this very user, for this evidence in its case.
 */
export async function accessBasis(scene: Scene, evidence: Evidence, grantId?: string) {
  const { actor } = scene;
  const id = evidence.evidenceId;
  if (grantId === undefined) {
    const basis = basisWithoutGrant(evidence, actor);
    if (basis) return basis;
    throw new ForbiddenError(
      `${describeActor(actor)} may not access ${id}: not its depositor, its court or its notary; a party or lawyer needs the court's grant (grantId)`,
    );
  }
  const grant = (await grants.mustGet(scene, { grantId })).data;
  const refuse = (why: string) => new ForbiddenError(`${describeActor(actor)} may not access ${id}: ${why}`);
  if (grant.evidenceId !== id || grant.caseId !== evidence.caseId) {
    throw refuse(
      `grant ${grantId} covers ${grant.evidenceId} in case ${grant.caseId}, not ${id} in ${evidence.caseId}`,
    );
  }
  if (grant.granteeOrg !== actor.mspId || grant.granteeUser !== actor.user) {
    throw refuse(`grant ${grantId} is to ${grant.granteeOrg} user ${grant.granteeUser}`);
  }
  if (actor.role !== (grant.capacity === 'LAWYER' ? 'lawyer' : 'citizen')) {
    throw refuse(
      `grant ${grantId} is to a ${grant.capacity.toLowerCase()}, and the user's counted role is ${actor.role}`,
    );
  }
  if (grant.status !== 'ACTIVE') throw refuse(`grant ${grantId} is ${grant.status}`);
  return 'GRANT' as const;
}
