import {
  channelMembers as readers,
  ConflictError,
  defineScenario,
  evaluateFlow,
  identifier,
  InsufficientQuantityError,
  listFlow,
  mspId,
  onceOnly,
  plainStep,
  recordReads,
  reasonText,
  sha256Hex,
  submitFlow,
  text,
  transitionFlow,
  type Scene,
  type Stored,
} from '@scenechain/scene-kit';
import { z } from 'zod';
import { labels } from './labels';
import { authorities, blockLife, projectLife, reportLife, verifierRegister } from './machines';
import {
  blocks,
  blockStatuses,
  monitoring,
  projectId,
  projects,
  projectStatuses,
  registration,
  reports,
  reportStatuses,
  serialRange,
  tonnes,
  totals,
  vintage,
  type Block,
} from './records';

/** A report's vintage: its period lies within one calendar year, and has ended (by the submitter's clock). */
function vintageOf(scene: Scene, { periodStart, periodEnd }: { periodStart: string; periodEnd: string }): string {
  const year = periodStart.slice(0, 4);
  if (periodEnd < periodStart || periodEnd.slice(0, 4) !== year) {
    throw new ConflictError(
      `the monitoring period ${periodStart} to ${periodEnd} must end after it starts, within one year`,
    );
  }
  if (periodEnd >= scene.now.iso.slice(0, 10))
    throw new ConflictError(`the monitoring period ends ${periodEnd}, not yet over`);
  return year;
}

/** No tonne is reported twice: a period overlapping another report of the project (not rejected) is refused. */
async function noOverlap(scene: Scene, input: z.output<typeof monitoring>): Promise<void> {
  for (const { data } of await reports.scan(scene, 'byProject', [input.projectId], { max: 500 })) {
    if (data.status === 'REJECTED' || data.periodStart > input.periodEnd || input.periodStart > data.periodEnd)
      continue;
    throw new ConflictError(
      `${input.projectId}: ${input.periodStart} to ${input.periodEnd} overlaps report ${data.reportId} (${data.periodStart} to ${data.periodEnd}); reductions are reported once`,
    );
  }
}

/** Adds to a vintage's totals; answers them as they were before. */
async function addToTotals(
  scene: Scene,
  block: { projectId: string; vintage: string },
  issued: number,
  retired: number,
) {
  const key = { projectId: block.projectId, vintage: block.vintage };
  const found = await totals.get(scene, key);
  const before = found?.data ?? { ...key, issued: 0, retired: 0 };
  const next = { ...before, issued: before.issued + issued, retired: before.retired + retired };
  const change = { step: plainStep(issued ? 'issue' : 'retire', issued ? 'CreditsIssued' : 'CreditsRetired') };
  await (found ? totals.update(scene, found, next, change) : totals.create(scene, next, change));
  return before;
}

/**
 * The block to transfer or retire: the whole one, or, for `quantity` fewer credits, the first `quantity` serials
 * split off (deterministically: the lowest serials go, the rest stays with the holder as a new block).
 */
async function carve(scene: Scene, block: Stored<Block>, quantity: number | undefined): Promise<Stored<Block>> {
  const { blockId, projectId, vintage, firstSerial, lastSerial, quantity: held } = block.data;
  if (quantity === undefined || quantity === held) return block;
  if (quantity > held) throw new InsufficientQuantityError(`${blockId} holds ${held} credits, not ${quantity}`);
  await blockLife.advance(scene, block, 'split', undefined, { quantity });
  const part = (first: number, last: number) =>
    blockLife.create(scene, 'part', {
      ...block.data,
      ...{ blockId: serialRange(projectId, vintage, first, last), firstSerial: first, lastSerial: last },
      quantity: last - first + 1,
      ...{ parent: blockId, status: 'HELD' as const },
    });
  const taken = await part(firstSerial, firstSerial + quantity - 1);
  await part(firstSerial + quantity, lastSerial);
  return taken;
}

/** A credit is retired once: a block retired is refused, naming its holder, time and beneficiary. */
const retiredOnce = onceOnly(blocks, {
  step: 'retire',
  taken: ({ holder, retirement }) => retirement && { by: holder, at: retirement.at },
  says: ({ blockId, retirement }, { by, at }) =>
    `credits ${blockId} were already retired by ${by} at ${at} for ${retirement?.beneficiary}; a credit is retired once`,
});

const projectReads = recordReads(projectLife, {
  ...{ get: 'A project.', history: 'Changes to a project.', readers },
  ...{ title: 'Projects', collection: 'projects', columns: ['projectId', 'owner', 'sector', 'reason'] },
  ownList: { transaction: 'listProjectsByOwner', orgField: 'owner' },
});
const reportReads = recordReads(reportLife, {
  ...{ name: 'Report', get: 'A monitoring report and its verification.', readers },
  history: 'Changes to a monitoring report.',
  ...{ title: 'Monitoring reports', collection: 'reports' },
  columns: ['projectId', 'owner', 'vintage', 'quantity', 'reason'],
});
const blockReads = recordReads(blockLife, {
  ...{ get: 'A block of credits by its serial range.', history: 'Changes to a block of credits.', readers },
  ...{ title: 'Credit blocks', collection: 'credits' },
  columns: ['projectId', 'vintage', 'holder', 'quantity', 'receiver', 'beneficiary'],
  ownList: { transaction: 'listCreditsByHolder', orgField: 'holder' },
});

const blockKey = z.strictObject({ blockId: identifier, quantity: tonnes.optional() });

/**
 * Carbon credits (碳减排量): the ecology bureau accredits verifiers; an owner registers a project, an accredited
 * verifier validates it and verifies the reductions of each monitoring period; the registry issues serial-numbered
 * credits for verified reductions only; holders transfer parts of a block and retire credits, each serial once.
 */
export const scenario = defineScenario({
  id: 'carbon-credits',
  contract: 'CarbonCredits',
  title: 'Carbon credits',
  summary: 'Validated projects, verified reductions, serial-numbered credits issued, transferred and retired once.',
  version: '1.0',
  authorities,
  labels,
  records: [verifierRegister.view, projectReads.view, reportReads.view, blockReads.view],
  flows: {
    ...verifierRegister.flows,
    registerProject: submitFlow({
      description: 'An owner registers an emission reduction project with its design document digest.',
      request: registration,
      on: projectLife,
      transition: 'register',
      run: (scene, input) =>
        projectLife.create(scene, 'register', {
          ...input,
          ...{ owner: scene.actor.mspId, status: 'REGISTERED', registeredAt: scene.now.iso },
        }),
    }),
    validateProject: transitionFlow(projectLife, 'validate', {
      description: "An accredited verifier, not the owner, validates a project (审定), with its report's digest.",
      request: z.strictObject({ projectId, validationHash: sha256Hex }),
      change: (data, { validationHash }, scene) => ({
        ...data,
        ...{ validator: scene.actor.mspId, validationHash, validatedAt: scene.now.iso },
      }),
    }),
    rejectProject: transitionFlow(projectLife, 'reject', {
      description: 'An accredited verifier, not the owner, rejects a registered project, with a reason.',
      reason: 'rejection',
    }),
    submitReport: submitFlow({
      description: 'The owner of a validated project reports the reductions of a monitoring period (one year at most).',
      request: monitoring,
      on: reportLife,
      transition: 'submit',
      run: async (scene, input) => {
        const project = (await projects.mustGet(scene, { projectId: input.projectId })).data;
        const year = vintageOf(scene, input);
        if (project.status !== 'VALIDATED') {
          throw new ConflictError(`project ${project.projectId} is ${project.status}; only a VALIDATED one reports`);
        }
        await noOverlap(scene, input);
        const { owner, sector } = project;
        const draft = { ...input, owner, sector, vintage: year, issued: 0, submittedAt: scene.now.iso };
        return reportLife.create(scene, 'submit', { ...draft, status: 'SUBMITTED' });
      },
    }),
    verifyReport: transitionFlow(reportLife, 'verify', {
      description: 'An accredited verifier, not the owner, verifies (核查) the reductions, at most those claimed.',
      request: z.strictObject({ reportId: identifier, verified: tonnes, verificationHash: sha256Hex }),
      change: (data, { verified, verificationHash }, scene) => {
        if (verified > data.claimed) {
          throw new ConflictError(`${data.reportId} claims ${data.claimed} t; ${verified} t may not be verified`);
        }
        return { ...data, verifier: scene.actor.mspId, verified, verificationHash, verifiedAt: scene.now.iso };
      },
      details: ({ verified }) => ({ quantity: verified }),
    }),
    rejectReport: transitionFlow(reportLife, 'rejectReport', {
      description: 'An accredited verifier, not the owner, rejects a monitoring report, with a reason.',
      reason: 'rejection',
    }),
    issueCredits: submitFlow({
      description: 'The registry issues serial-numbered credits to the owner for verified reductions, never more.',
      request: z.strictObject({ reportId: identifier, quantity: tonnes }),
      on: reportLife,
      transition: 'issue',
      orTransitions: ['issuePart'],
      run: async (scene, { reportId, quantity }) => {
        const { current } = await reportLife.check(scene, reportId, 'issuePart');
        const report = current.data;
        const left = (report.verified ?? 0) - report.issued;
        if (quantity > left) {
          throw new InsufficientQuantityError(
            `${quantity} t exceed what ${reportId} has verified and not yet issued: ${left} t of ${report.verified} t`,
          );
        }
        const step = quantity === left ? 'issue' : 'issuePart';
        await reportLife.advance(scene, current, step, (d) => ({ ...d, issued: d.issued + quantity }), { quantity });
        const { issued } = await addToTotals(scene, report, quantity, 0);
        const [from, to] = [issued + 1, issued + quantity];
        const { projectId: project, vintage: year, owner: holder } = report;
        return blockLife.create(scene, 'issue', {
          ...{ blockId: serialRange(project, year, from, to), projectId: project, vintage: year, reportId },
          ...{ firstSerial: from, lastSerial: to, quantity, holder, status: 'HELD', issuedAt: scene.now.iso },
        });
      },
    }),
    transferCredits: submitFlow({
      description: 'The holder transfers a block, or its first `quantity` credits (split off), to another org.',
      request: blockKey.extend({ receiver: mspId }),
      on: blockLife,
      transition: 'transfer',
      run: async (scene, { blockId, quantity, receiver }) => {
        const { current } = await blockLife.check(scene, blockId, 'transfer');
        if (receiver === current.data.holder) throw new ConflictError(`${blockId} is already held by ${receiver}`);
        const part = await carve(scene, current, quantity);
        return blockLife.advance(scene, part, 'transfer', (data) => ({ ...data, holder: receiver }), { receiver });
      },
    }),
    retireCredits: submitFlow({
      description: 'The holder retires (注销) a block, or its first `quantity` credits, for a beneficiary; once.',
      request: blockKey.extend({ beneficiary: text(200), reason: reasonText }),
      on: blockLife,
      transition: 'retire',
      run: async (scene, { blockId, quantity, beneficiary, reason }) => {
        const block = await retiredOnce(scene, { blockId });
        await blockLife.check(scene, block, 'retire');
        const part = await carve(scene, block, quantity);
        const retirement = { beneficiary, reason, at: scene.now.iso };
        const retired = await blockLife.advance(scene, part, 'retire', (d) => ({ ...d, retirement }), { beneficiary });
        await addToTotals(scene, block.data, 0, retired.data.quantity);
        return retired;
      },
    }),
    ...projectReads.flows,
    listProjectsByOwner: listFlow(projectLife, 'byOwner', {
      description: 'Projects of an owner, optionally in one state.',
      readers,
      filters: { owner: mspId, status: z.enum(projectStatuses).optional() },
    }),
    ...reportReads.flows,
    listReportsByProject: listFlow(reportLife, 'byProject', {
      description: "A project's monitoring reports, optionally in one state.",
      readers,
      filters: { projectId, status: z.enum(reportStatuses).optional() },
    }),
    ...blockReads.flows,
    listCreditsByHolder: listFlow(blockLife, 'byHolder', {
      description: "An org's credit blocks, optionally in one state (HELD: its holding).",
      readers,
      filters: { holder: mspId, status: z.enum(blockStatuses).optional() },
    }),
    listCreditsByProject: listFlow(blockLife, 'byProject', {
      description: "A project's credit blocks, optionally of one vintage: where every serial is.",
      readers,
      filters: { projectId, vintage: vintage.optional() },
    }),
    registryTotals: evaluateFlow({
      description: "A project's credits issued, held and retired, per vintage and in all (the registry's totals).",
      readers,
      request: z.strictObject({ projectId, vintage: vintage.optional() }),
      run: async (scene, input) => {
        const leading = input.vintage ? [input.projectId, input.vintage] : [input.projectId];
        const found = await totals.scanByKey(scene, leading, { max: 100 });
        const rows = found.map(({ data }) => ({ ...data, held: data.issued - data.retired }));
        const sum = (field: 'issued' | 'held' | 'retired') => rows.reduce((all, row) => all + row[field], 0);
        const all = { issued: sum('issued'), held: sum('held'), retired: sum('retired') };
        return { projectId: input.projectId, vintages: rows, ...all };
      },
    }),
  },
});
