import {
  channelMembers,
  defineLifecycle,
  defineOrgRegister,
  ForbiddenError,
  orgNamedIn,
  party,
  roleAuthorities,
  type Check,
  type Guard,
} from '@scenechain/scene-kit';
import {
  blocks,
  blockStatuses,
  projects,
  projectStatuses,
  reports,
  reportStatuses,
  accreditation,
  type Block,
  type Project,
  type Report,
  type Sector,
} from './records';

/**
 * An ecology officer counts only from the ecology bureau (生态环境局), which accredits verifiers and keeps the
 * registry; verifiers (审定与核查人员) and carbon managers (碳资产管理员) speak for their own org (`own-org`):
 * which orgs are verifiers is the bureau's register on the ledger, checked whenever one validates or verifies.
 */
export const ECOLOGY_BUREAU = ['EcologyBureauMSP'];
export const authorities = roleAuthorities({
  'ecology-officer': { issuedBy: ECOLOGY_BUREAU },
  verifier: { issuedBy: 'own-org' },
  'carbon-manager': { issuedBy: 'own-org' },
});
const officers = [party(ECOLOGY_BUREAU, ['ecology-officer'])];
const verifierStaff = [party(undefined, ['verifier'])];
const managers = [party(undefined, ['carbon-manager'])];

/** The bureau's register of accredited verifiers (审定与核查机构) and their sectors, public to every member. */
export const verifierRegister = defineOrgRegister({
  entity: 'Verifier',
  key: 'verifierId',
  request: accreditation,
  since: 'accreditedAt',
  by: officers,
  states: { inForce: 'ACCREDITED', suspended: 'SUSPENDED', ended: 'WITHDRAWN' },
  steps: {
    admit: {
      ...{ transition: 'accredit', event: 'VerifierAccredited' },
      description: 'The ecology bureau accredits an org (its MSP ID) to validate and verify projects of some sectors.',
    },
    suspend: {
      ...{ transition: 'suspend', event: 'VerifierSuspended' },
      description: 'The bureau suspends a verifier, with a reason: no validation or verification meanwhile.',
    },
    restore: {
      ...{ transition: 'restore', event: 'VerifierRestored' },
      description: 'The bureau lifts the suspension of a verifier.',
    },
    end: {
      ...{ transition: 'withdraw', event: 'VerifierWithdrawn' },
      description: 'The bureau withdraws an accreditation for good, with a reason; past verifications stand.',
    },
  },
  readers: channelMembers,
  view: { title: 'Verifiers', collection: 'verifiers', columns: ['verifierId', 'name', 'reason'] },
  refusal: {
    ...{ may: 'validate or verify', entry: 'accreditation', absent: 'it is not accredited' },
    authority: 'the ecology bureau accredits verifiers',
  },
});

/** Conflict of interest (1): a verifier never validates or verifies a project of its own org. */
const independent: Guard<{ owner: string }> = ({ record, actor, id }) =>
  record.owner === actor.mspId
    ? new ForbiddenError(`${id} belongs to ${actor.mspId}: a verifier may not validate or verify its own project`)
    : undefined;

/** The acting org is accredited now, for the project's sector (the bureau's register). */
const accreditedFor: Check<{ sector: Sector }> = async ({ scene, actor, record }) => {
  const found = await verifierRegister.inForce(scene, actor.mspId);
  if (found instanceof ForbiddenError) return found;
  if (found.sectors.includes(record.sector)) return undefined;
  const why = `it is accredited for ${found.sectors.join(', ')}, not ${record.sector}`;
  return new ForbiddenError(
    `${actor.mspId} may not validate or verify: ${why}; the ecology bureau accredits verifiers`,
  );
};

/** Conflict of interest (2): an org on the verifier register (not withdrawn) does not develop projects. */
const notAVerifier: Check<Project> = async ({ scene, actor }) => {
  const found = (await verifierRegister.records.get(scene, { verifierId: actor.mspId }))?.data;
  if (!found || found.status === 'WITHDRAWN') return undefined;
  return new ForbiddenError(`${actor.mspId} is a verifier (${found.status}): a verifier may not own projects`);
};

const verifying = { by: verifierStaff, guards: [independent], checks: [accreditedFor] };

export const projectLife = defineLifecycle(projects, {
  states: projectStatuses,
  transitions: {
    register: { from: 'new', to: 'REGISTERED', by: managers, checks: [notAVerifier], event: 'ProjectRegistered' },
    validate: { ...verifying, from: ['REGISTERED'], to: 'VALIDATED', event: 'ProjectValidated' },
    reject: { ...verifying, from: ['REGISTERED'], to: 'REJECTED', event: 'ProjectRejected' },
  },
});

const issuing = { by: officers, from: ['VERIFIED'] } as const;

export const reportLife = defineLifecycle(reports, {
  states: reportStatuses,
  transitions: {
    submit: {
      from: 'new',
      to: 'SUBMITTED',
      by: managers,
      guards: [orgNamedIn<Report>('owner', 'the project owner')],
      event: 'ReductionsReported',
    },
    verify: { ...verifying, from: ['SUBMITTED'], to: 'VERIFIED', event: 'ReductionsVerified' },
    rejectReport: { ...verifying, from: ['SUBMITTED'], to: 'REJECTED', event: 'ReductionsRejected' },
    issue: { ...issuing, to: 'ISSUED', event: 'ReductionsFullyIssued' },
    issuePart: { ...issuing, event: 'ReductionsPartlyIssued' },
  },
});

const own = orgNamedIn<Block>('holder', 'its holder');
const holding = { by: managers, guards: [own] };

/** A block HELD is transferred or retired whole; for a part, it is SPLIT into two new blocks first. */
export const blockLife = defineLifecycle(blocks, {
  states: blockStatuses,
  transitions: {
    issue: { from: 'new', to: 'HELD', by: officers, event: 'CreditsIssued' },
    part: { ...holding, from: 'new', to: 'HELD', event: 'CreditBlockCreated' },
    split: { ...holding, from: ['HELD'], to: 'SPLIT', event: 'CreditBlockSplit' },
    transfer: { ...holding, from: ['HELD'], to: 'HELD', event: 'CreditsTransferred' },
    retire: { ...holding, from: ['HELD'], to: 'RETIRED', event: 'CreditsRetired' },
  },
});
