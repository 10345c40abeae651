import type { Logger } from 'pino';
import { transactionOf } from '../api/private-input';
import type { AppError } from '../errors/app-error';
import type { NetworkDirectory } from '../fabric/network-directory';
import type { TransactionRunner } from '../fabric/transaction-runner';
import type { ScenarioView } from '../scenarios/scenario-view';
import { carbonCreditStory } from './carbon-credits-demo';
import type { DemoProgress } from './demo-progress';
import { DEMO_DOCUMENTS, sha256Hex } from './demo-documents';
import { charityStory } from './charity-demo';
import { coldChainStory } from './cold-chain-demo';
import { eInvoiceStory } from './e-invoices-demo';
import { judicialEvidenceStory } from './judicial-evidence-demo';
import { supplyChainFinanceStory } from './supply-chain-finance-demo';

export interface Step {
  readonly as: { mspId: string; user: string };
  readonly transaction: string;
  readonly request: Record<string, unknown> | ((previous: unknown[]) => Record<string, unknown>);
}

/** A scenario's demo story: the query that finds it on the ledger, its steps in order, and the stories it builds on. */
export interface Story {
  readonly probe: Step & { request: Record<string, unknown> };
  readonly steps: readonly Step[];
  /** Scenarios whose stories must be on the ledger first (cold chain consigns the supply chain's batches). */
  readonly after?: readonly string[];
}

const operator = { mspId: 'ManufacturerMSP', user: 'operator1' };
const carrier = { mspId: 'LogisticsMSP', user: 'carrier1' };
const inspector = { mspId: 'RegulatorMSP', user: 'inspector1' };
const buyer = { mspId: 'InnovatorMSP', user: 'production1' };
const applicant = { mspId: 'InnovatorMSP', user: 'applicant1' };
const examiner = { mspId: 'PatentOfficeMSP', user: 'examiner1' };
const registrar = { mspId: 'RecordsBureauMSP', user: 'registrar1' };

const certificate = sha256Hex('Lab certificate LAB-2026-118: juice batch B-JUICE-0001, no contaminants found.');

/**
 * The juice sale's terms, which only the manufacturer and the innovator keep; the fixed salt (a user's own is
 * random) is what both parties agreed, so the demo's users read them back with getOwnSaleTerms.
 */
const juiceSale = { saleId: 'SO-2026-0007' };
const juiceTerms = {
  terms: {
    contractNumber: 'HT-2026-JUICE-0007',
    unitPrice: 1250,
    totalPrice: 1_080_000,
    currency: 'CNY',
    paymentTerms: '货到验收合格后30天内银行转账',
    incoterm: 'DAP',
    deliveryPlace: 'Innovator Labs central kitchen, Hangzhou',
  },
  salt: 'demo-salt-juice-sale-SO-2026-0007',
};

/**
 * A juice's journey: apples commissioned, pressed into juice, inspected, sold to the innovator on private
 * terms and handed to the carrier.
 */
const supplyChainSteps: Step[] = [
  {
    as: operator,
    transaction: 'registerProduct',
    request: { productId: 'GTIN-04012345000017', name: 'Organic apples', unit: 'kg' },
  },
  {
    as: operator,
    transaction: 'registerProduct',
    request: { productId: 'GTIN-04012345000024', name: 'Cloudy apple juice', unit: 'l' },
  },
  {
    as: operator,
    transaction: 'commission',
    request: {
      batchId: 'B-APPLE-0001',
      productId: 'GTIN-04012345000017',
      quantity: 1200,
      location: 'GLN-4012345000009',
    },
  },
  {
    as: operator,
    transaction: 'commission',
    request: {
      batchId: 'B-APPLE-0002',
      productId: 'GTIN-04012345000017',
      quantity: 800,
      location: 'GLN-4012345000009',
    },
  },
  {
    as: operator,
    transaction: 'transform',
    request: {
      transformationId: 'T-PRESS-0001',
      inputs: [
        { batchId: 'B-APPLE-0001', quantity: 1000 },
        { batchId: 'B-APPLE-0002', quantity: 500 },
      ],
      outputs: [{ batchId: 'B-JUICE-0001', productId: 'GTIN-04012345000024', quantity: 900 }],
      location: 'GLN-4012345000009',
    },
  },
  {
    as: inspector,
    transaction: 'inspect',
    request: { inspectionId: 'I-2026-0118', batchId: 'B-JUICE-0001', result: 'PASS', certificateHash: certificate },
  },
  { as: operator, transaction: 'keepSaleTerms', request: { ...juiceSale, party: 'ManufacturerMSP', ...juiceTerms } },
  { as: buyer, transaction: 'keepSaleTerms', request: { ...juiceSale, party: 'InnovatorMSP', ...juiceTerms } },
  {
    as: operator,
    transaction: 'proposeSale',
    request: { ...juiceSale, buyer: 'InnovatorMSP', batchId: 'B-JUICE-0001', quantity: 900 },
  },
  { as: buyer, transaction: 'confirmSale', request: juiceSale },
  {
    as: operator,
    transaction: 'shipBatch',
    request: { batchId: 'B-JUICE-0001', receiver: 'LogisticsMSP', ...juiceSale },
  },
  { as: carrier, transaction: 'receiveBatch', request: { batchId: 'B-JUICE-0001', location: 'GLN-4098765000002' } },
  {
    as: operator,
    transaction: 'commission',
    request: {
      batchId: 'B-APPLE-0003',
      productId: 'GTIN-04012345000017',
      quantity: 640,
      location: 'GLN-4012345000009',
    },
  },
];

const specification =
  'A cold press whose juice never exceeds 8 °C: a chilled screw and a heat-exchanging jacket keep vitamins intact.';
const salt = '5ce9e3c1a0b24c7e8d1f6a2b3c4d5e6f';

/** An application filed with its specification, granted after publication and examination, and two still pending. */
const patentSteps: Step[] = [
  {
    as: applicant,
    transaction: 'file',
    request: {
      title: 'Chilled cold press for fruit juice',
      applicantName: 'Innovator Labs',
      ipcClasses: ['A23N 1/00'],
      // Sent as transient data (the flow's descriptor says so): kept for the applicant and the office only.
      specification,
      salt,
    },
  },
  {
    as: examiner,
    transaction: 'examineFormalities',
    request: (previous) => ({ applicationId: idOf(previous[0]), result: 'PASS' }),
  },
  {
    as: applicant,
    transaction: 'publish',
    // The chaincode publishes the text kept since filing.
    request: (previous) => ({ applicationId: idOf(previous[0]) }),
  },
  { as: applicant, transaction: 'requestExamination', request: (previous) => ({ applicationId: idOf(previous[0]) }) },
  {
    as: examiner,
    transaction: 'decideExamination',
    request: (previous) => ({ applicationId: idOf(previous[0]), outcome: 'GRANT' }),
  },
  {
    as: applicant,
    transaction: 'file',
    request: {
      title: 'Biodegradable juice carton liner',
      applicantName: 'Innovator Labs',
      ipcClasses: ['B65D 65/46'],
      commitment: sha256Hex('liner-demo'),
    },
  },
  {
    as: applicant,
    transaction: 'file',
    request: {
      title: 'Apple sorting by hyperspectral imaging',
      applicantName: 'Innovator Labs',
      ipcClasses: ['B07C 5/342'],
      commitment: sha256Hex('sorter-demo'),
    },
  },
];

/** A business licence and a qualification, the second one suspended. */
const govRecordSteps: Step[] = [
  {
    as: registrar,
    transaction: 'issue',
    request: {
      recordId: DEMO_DOCUMENTS.licence.recordId,
      type: 'BUSINESS_LICENCE',
      subjectId: 'S-ACME-7F3A',
      documentHash: sha256Hex(DEMO_DOCUMENTS.licence.text),
      attributes: { activity: 'fruit juice production' },
    },
  },
  {
    as: registrar,
    transaction: 'issue',
    request: {
      recordId: DEMO_DOCUMENTS.qualification.recordId,
      type: 'QUALIFICATION',
      subjectId: 'S-PERSON-91C2',
      documentHash: sha256Hex(DEMO_DOCUMENTS.qualification.text),
    },
  },
  {
    as: registrar,
    transaction: 'suspend',
    request: { recordId: DEMO_DOCUMENTS.qualification.recordId, reason: 'Renewal training overdue' },
  },
];

function idOf(answer: unknown): string {
  return (answer as { data: { id: string } }).data.id;
}

const STEPS: Readonly<Record<string, Story>> = {
  'supply-chain': {
    probe: { as: operator, transaction: 'getProduct', request: { productId: 'GTIN-04012345000017' } },
    steps: supplyChainSteps,
  },
  patents: {
    probe: { as: applicant, transaction: 'listByApplicant', request: { owner: 'InnovatorMSP', pageSize: 1 } },
    steps: patentSteps,
  },
  'gov-records': {
    probe: { as: registrar, transaction: 'getRecord', request: { recordId: DEMO_DOCUMENTS.licence.recordId } },
    steps: govRecordSteps,
  },
  'e-invoices': eInvoiceStory,
  'judicial-evidence': judicialEvidenceStory,
  'carbon-credits': carbonCreditStory,
  charity: charityStory,
  'cold-chain': coldChainStory,
  'supply-chain-finance': supplyChainFinanceStory,
};

const utf8 = new TextDecoder();

/**
 * Loads each served scenario's demo story once, the stories side by side (each one's steps in order; a story
 * waits for those it builds on). With `progress` (the app's own start), every step is kept as it goes, so a load
 * cut short (the app killed mid-way) is finished by the next start, each step exactly once. A story this app
 * never started is skipped when its first record is already on the ledger (a restarted dev network keeps its
 * ledger; another app may have loaded it).
 */
export async function loadDemoData(
  runner: TransactionRunner,
  directory: NetworkDirectory,
  scenarios: readonly ScenarioView[],
  logger: Logger,
  progress?: DemoProgress,
): Promise<void> {
  const served = new Map(scenarios.filter((scenario) => STEPS[scenario.id]).map((scenario) => [scenario.id, scenario]));
  const loads = new Map<string, Promise<void>>();
  const load = (scenario: ScenarioView): Promise<void> => {
    let loading = loads.get(scenario.id);
    if (!loading) {
      const story = STEPS[scenario.id];
      const before = (story.after ?? []).flatMap((id) => {
        const other = served.get(id);
        return other ? [load(other)] : [];
      });
      loading = Promise.all(before).then(() => loadStory(runner, directory, scenario, story, logger, progress));
      loads.set(scenario.id, loading);
    }
    return loading;
  };
  // Every story runs to its end even when another fails, so the next start has less to finish.
  const outcomes = await Promise.allSettled([...served.values()].map(load));
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
}

async function loadStory(
  runner: TransactionRunner,
  directory: NetworkDirectory,
  scenario: ScenarioView,
  story: Story,
  logger: Logger,
  progress?: DemoProgress,
): Promise<void> {
  if (!progress?.started(scenario.id) && (await alreadyLoaded(runner, directory, scenario, story.probe))) {
    logger.info({ scenario: scenario.id }, 'demo data already on the ledger');
    return;
  }
  const answers: unknown[] = [];
  for (const [index, step] of story.steps.entries()) {
    const identity = directory.identity(step.as.mspId, step.as.user);
    const kept = await progress?.answer(scenario.id, index, identity);
    if (kept !== undefined) {
      answers.push(kept);
      continue;
    }
    const request = typeof step.request === 'function' ? step.request(answers) : step.request;
    // As the REST API sends it: private fields as transient data, to the endorsers the flow names.
    const flow = scenario.actions.find((action) => action.transaction === step.transaction)?.flow;
    const committed = await runner.submit(
      identity,
      flow
        ? transactionOf(scenario.chaincode, step.transaction, flow, request)
        : { chaincode: scenario.chaincode, transaction: step.transaction, args: [JSON.stringify(request)] },
      progress && ((attempt) => progress.attempt(scenario.id, index, attempt.transactionId, attempt.envelope)),
    );
    const answer = JSON.parse(utf8.decode(committed.result)) as unknown;
    logger.debug({ scenario: scenario.id, step: index, transaction: step.transaction }, 'demo step committed');
    progress?.done(scenario.id, index, answer);
    answers.push(answer);
  }
  logger.info({ scenario: scenario.id, transactions: story.steps.length }, 'demo data loaded');
}

async function alreadyLoaded(
  runner: TransactionRunner,
  directory: NetworkDirectory,
  scenario: ScenarioView,
  probe: Story['probe'],
): Promise<boolean> {
  const answer = await runner
    .evaluate(directory.identity(probe.as.mspId, probe.as.user), {
      chaincode: scenario.chaincode,
      transaction: probe.transaction,
      args: [JSON.stringify(probe.request)],
    })
    .then((bytes) => JSON.parse(utf8.decode(bytes)) as { items?: unknown[] })
    .catch((err: AppError) => {
      if (err.code === 'NOT_FOUND') return undefined;
      throw err;
    });
  return answer !== undefined && (answer.items === undefined || answer.items.length > 0);
}
