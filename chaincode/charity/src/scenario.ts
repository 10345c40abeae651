import {
  channelMembers as readers,
  claimDocuments,
  documentFacts,
  defineScenario,
  documentNumber,
  evaluateFlow,
  identifier,
  listFlow,
  pageFields,
  recordReads,
  sha256Hex,
  submitFlow,
  transitionFlow,
  verifyFlow,
} from '@scenechain/scene-kit';
import { z } from 'zod';
import { availableOf, payFromDonations } from './funds';
import { labels } from './labels';
import { authorities, charityRegister, disbursementLife, donationLife, projectLife } from './machines';
import {
  allocations,
  disbursementRequest,
  disbursements,
  donationIdOf,
  donationRequest,
  donations,
  projectRequest,
  projects,
  projectStatuses,
  vouchers,
  type Project,
} from './records';

const projectKey = z.strictObject({ projectId: identifier });
const projectReads = recordReads(projectLife, {
  ...{ get: 'A fundraising project with its totals.', history: 'Changes to a project.', readers },
  ...{ title: 'Projects', collection: 'projects', columns: ['charity', 'projectId', 'amount', 'reason'] },
});
const donationReads = recordReads(donationLife, {
  ...{ get: 'A donation, by the donor’s published name only.', history: 'Changes to a donation.', readers },
  ...{ title: 'Donations', collection: 'donations', columns: ['projectId', 'channel', 'amount', 'disbursementId'] },
});
const disbursementReads = recordReads(disbursementLife, {
  ...{ get: 'A disbursement and the donations it drew on.', history: 'Changes to a disbursement.', readers },
  ...{ title: 'Disbursements', collection: 'disbursements', columns: ['projectId', 'beneficiary', 'amount'] },
});

/**
 * Charity donations (慈善捐赠): the civil affairs bureau registers charities and approves (备案) their fundraising
 * projects; a charity records donations into an open project and disburses them to beneficiaries, never beyond
 * the funds, each payment drawn from the oldest donations first so every yuan is traced from donor to use; it
 * closes a project with a final report. Everything here is public (no donor identity is on chain): anyone may
 * read a project's page, its donations by published name, and where a donation went.
 */
export const scenario = defineScenario({
  id: 'charity',
  contract: 'Charity',
  title: 'Charity donations',
  summary: 'Filed fundraising projects take donations and disburse them within the funds; every yuan traced, public.',
  version: '1.0',
  authorities,
  labels,
  verify: { transaction: 'verifyVoucher' },
  publicReads: ['projectPage', 'listDonations', 'traceDonation', 'getDisbursement'],
  records: [charityRegister.view, projectReads.view, donationReads.view, disbursementReads.view],
  flows: {
    ...charityRegister.flows,
    fileProject: submitFlow({
      description: 'A registered charity files a fundraising project (purpose, goal) for the bureau’s approval.',
      request: projectRequest,
      on: projectLife,
      transition: 'apply',
      run: (scene, input) =>
        projectLife.create(scene, 'apply', {
          ...{ ...input, charity: scene.actor.mspId, status: 'PENDING', appliedAt: scene.now.iso },
          ...{ donated: 0, disbursed: 0, donations: 0, disbursements: 0, nextToUse: 1 },
        }),
    }),
    approveProject: transitionFlow(projectLife, 'approve', {
      description: 'The bureau approves a filed project under a filing number (募捐备案编号): it may take donations.',
      request: projectKey.extend({ filingNumber: documentNumber }),
      change: (data, { filingNumber }, scene) => ({ ...data, filing: { filingNumber, at: scene.now.iso } }),
      details: ({ filingNumber }) => ({ filingNumber }),
    }),
    rejectProject: transitionFlow(projectLife, 'reject', {
      description: 'The bureau rejects a filed project, with a reason.',
      reason: 'ruling',
    }),
    recordDonation: submitFlow({
      description: 'The charity records a donation into its open project: amount, channel, receipt, published name.',
      request: donationRequest,
      on: projectLife,
      transition: 'receive',
      run: async (scene, input) => {
        const received = (p: Project) => ({ ...p, donated: p.donated + input.amount, donations: p.donations + 1 });
        const { amount } = input;
        const project = await projectLife.advance(scene, input.projectId, 'receive', received, { amount });
        const seq = project.data.donations;
        return donationLife.create(scene, 'record', {
          ...{ ...input, donationId: donationIdOf(input.projectId, seq), charity: project.data.charity, seq },
          ...{ status: 'RECEIVED', receivedAt: scene.now.iso, used: 0 },
        });
      },
    }),
    disburseFunds: submitFlow({
      description: 'The charity’s finance pays a beneficiary from the project’s funds, oldest donations first.',
      request: disbursementRequest.extend({ documentFacts }),
      on: projectLife,
      transition: 'pay',
      run: async (scene, { documentFacts: facts, ...input }) => {
        const { current } = await projectLife.check(scene, input.projectId, 'pay');
        const { sources, nextToUse } = await payFromDonations(scene, current.data, input);
        const { amount, disbursementId } = input;
        const paid = (p: Project) => ({ ...p, disbursed: p.disbursed + amount, disbursements: p.disbursements + 1 });
        const details = { amount, disbursementId };
        await projectLife.advance(scene, current, 'pay', (p) => ({ ...paid(p), nextToUse }), details);
        const { charity } = current.data;
        const done = { ...input, charity, status: 'DISBURSED' as const, disbursedAt: scene.now.iso, sources };
        const disbursement = await disbursementLife.create(scene, 'disburse', done);
        await claimDocuments(scene, vouchers, input.disbursementId, { voucher: input.voucherHash }, { facts });
        return disbursement;
      },
    }),
    confirmReceipt: transitionFlow(disbursementLife, 'confirm', {
      description: 'The beneficiary’s finance (a member org) confirms that the money arrived.',
      change: (data, _input, scene) => ({ ...data, confirmedAt: scene.now.iso }),
    }),
    closeProject: transitionFlow(projectLife, 'close', {
      description: 'The charity closes a project with its final report’s digest (结项报告); nothing moves after.',
      request: projectKey.extend({ reportHash: sha256Hex }),
      change: (data, { reportHash }, scene) => ({ ...data, report: { reportHash, at: scene.now.iso } }),
      details: ({ reportHash }) => ({ reportHash }),
    }),
    ...projectReads.flows,
    listProjects: listFlow(projectLife, 'byStatus', {
      description: 'Projects, optionally in one state.',
      readers,
      filters: { status: z.enum(projectStatuses).optional() },
    }),
    projectPage: evaluateFlow({
      description: 'A project’s public page: its filing, totals (received, disbursed, available) and disbursements.',
      on: projectLife,
      readers,
      request: projectKey.extend(pageFields),
      run: async (scene, { projectId, ...page }) => {
        const { data } = await projects.mustGet(scene, { projectId });
        const paid = await disbursements.list(scene, 'byProject', [projectId], page);
        return { project: { ...data, available: availableOf(data) }, disbursements: paid };
      },
    }),
    ...donationReads.flows,
    listDonations: listFlow(donationLife, 'byProject', {
      description: 'A project’s donations in the order received (published names only; anonymous ones unnamed).',
      readers,
      filters: { projectId: identifier },
    }),
    traceDonation: evaluateFlow({
      description: 'Where a donation went: each disbursement it funded, with how much of it (FIFO).',
      on: donationLife,
      readers,
      request: z.strictObject({ donationId: identifier, ...pageFields }),
      run: async (scene, { donationId, ...page }) => {
        const { data } = await donations.mustGet(scene, { donationId });
        return { donation: data, allocations: await allocations.listByKey(scene, [donationId], page) };
      },
    }),
    ...disbursementReads.flows,
    listDisbursements: listFlow(disbursementLife, 'byProject', {
      description: 'A project’s disbursements.',
      readers,
      filters: { projectId: identifier },
    }),
    verifyVoucher: verifyFlow({
      description: 'Checks a disbursement voucher’s digest: VALID (with its state) or UNKNOWN; never refuses.',
      claims: vouchers,
      on: disbursementLife,
      verdict: (d) => ({
        verdict: 'VALID',
        type: 'DISBURSEMENT_VOUCHER',
        issuer: d.charity,
        validFrom: d.disbursedAt,
      }),
    }),
  },
});
