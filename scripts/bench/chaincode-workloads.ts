import { createHash, randomBytes } from 'node:crypto';
import { compositeKey } from '../../chaincode/scene-kit/src/keys';
import { specificationCommitment } from '../../chaincode/patents/src';
import type { ScenarioClient, ScenarioNetwork } from '../../test/chaincode/support/scenario-network';

/** One scenario as the chaincode benchmark drives it. */
export interface Workload {
  readonly chaincode: string;
  /** What a seeded record is, for the report. */
  readonly records: string;
  /** Creates identities and fixed data (products, a provenance graph). */
  setup(network: ScenarioNetwork): Promise<void>;
  /** Seeds records number `from` to `to - 1` in one transaction. */
  seed(from: number, to: number): Promise<void>;
  /** The list and trace reads to time once `size` records are seeded (name → call). */
  reads(size: number): Record<string, () => Promise<unknown>>;
  /** The transactions to time, in order (later ones may use what earlier ones made); the first is the main one. */
  readonly transactions: readonly { readonly name: string; run(index: number): Promise<unknown> }[];
}

/**
 * Records per seeding transaction: large enough to amortise a transaction, small enough to finish well inside
 * the peer's 30 s execute timeout even on a busy shared machine.
 */
export const SEED_CHUNK = 250;

const seedId = (prefix: string, n: number) => `${prefix}-${String(n).padStart(7, '0')}`;
const digest = (text: string) => createHash('sha256').update(text).digest('hex');
const PAGE = 20;

/** Supply chain: batches commissioned by the manufacturer; a fixed transformation graph for traces. */
export function supplyChainWorkload(): Workload {
  let maker: ScenarioClient;
  let carrier: ScenarioClient;
  const run = `${Date.now().toString(36)}`;
  return {
    chaincode: 'supply-chain',
    records: 'batches',
    async setup(network) {
      maker = network.as('ManufacturerMSP', 'operator1');
      carrier = network.as('LogisticsMSP', 'carrier1');
      await maker.submit('registerProduct', { productId: 'GRAIN', name: 'Grain', unit: 'kg' });
      // A provenance graph of 31 batches: a root, 10 transformed children, 2 grandchildren each.
      await maker.submit('commission', { batchId: 'ROOT', productId: 'GRAIN', quantity: 1_000_000, location: 'SITE' });
      await maker.submit('transform', {
        transformationId: 'T-ROOT',
        inputs: [{ batchId: 'ROOT', quantity: 100 }],
        outputs: Array.from({ length: 10 }, (_, i) => ({ batchId: `CHILD-${i}`, productId: 'GRAIN', quantity: 10 })),
        location: 'SITE',
      });
      for (let i = 0; i < 10; i++) {
        await maker.submit('transform', {
          transformationId: `T-CHILD-${i}`,
          inputs: [{ batchId: `CHILD-${i}`, quantity: 2 }],
          outputs: [0, 1].map((j) => ({ batchId: `LEAF-${i}-${j}`, productId: 'GRAIN', quantity: 1 })),
          location: 'SITE',
        });
      }
    },
    async seed(from, to) {
      const batches = [];
      for (let n = from; n < to; n++)
        batches.push({ batchId: seedId('S', n), productId: 'GRAIN', quantity: 10, location: 'SITE' });
      await maker.submit('commissionMany', { batches });
    },
    reads(size) {
      const middle = compositeKey('Batch~byCustodian', [
        'ManufacturerMSP',
        'ACTIVE',
        seedId('S', Math.floor(size / 2)),
      ]);
      return {
        'listBatchesByCustodian first page': () =>
          maker.evaluate('listBatchesByCustodian', { custodian: 'ManufacturerMSP', status: 'ACTIVE', pageSize: PAGE }),
        'listBatchesByCustodian middle page': () =>
          maker.evaluate('listBatchesByCustodian', {
            custodian: 'ManufacturerMSP',
            status: 'ACTIVE',
            pageSize: PAGE,
            bookmark: middle,
          }),
        'listBatchesByProduct first page': () =>
          maker.evaluate('listBatchesByProduct', { productId: 'GRAIN', pageSize: PAGE }),
        'trace downstream (30 batches)': () =>
          maker.evaluate('trace', { id: 'ROOT', direction: 'downstream', maxDepth: 5, pageSize: 50 }),
        'trace upstream (2 batches)': () =>
          maker.evaluate('trace', { id: 'LEAF-9-1', direction: 'upstream', maxDepth: 5 }),
      };
    },
    transactions: [
      {
        name: 'commission',
        run: (i) =>
          maker.submit('commission', { batchId: `M-${run}-${i}`, productId: 'GRAIN', quantity: 100, location: 'SITE' }),
      },
      {
        name: 'shipBatch',
        run: (i) => maker.submit('shipBatch', { batchId: `M-${run}-${i}`, receiver: 'LogisticsMSP' }),
      },
      {
        name: 'receiveBatch',
        run: (i) => carrier.submit('receiveBatch', { batchId: `M-${run}-${i}`, location: 'DEPOT' }),
      },
    ],
  };
}

/** Patents: applications filed by an agency for one enterprise. */
export function patentsWorkload(): Workload {
  let attorney: ScenarioClient;
  let innovator: ScenarioClient;
  let examiner: ScenarioClient;
  const seeded: string[] = [];
  const filed: string[] = [];
  const salt = randomBytes(16).toString('hex');
  const application = (text: string, onBehalfOf?: string) => ({
    title: `Invention ${text}`,
    applicantName: 'Innovator Ltd',
    ipcClasses: ['G06F 16/27'],
    commitment: specificationCommitment(salt, text),
    ...(onBehalfOf ? { onBehalfOf } : {}),
  });
  return {
    chaincode: 'patents',
    records: 'applications',
    async setup(network) {
      attorney = network.as('PatentAgencyMSP', 'attorney1');
      innovator = network.as('InnovatorMSP', 'applicant1');
      examiner = network.as('PatentOfficeMSP', 'examiner1');
    },
    async seed(from, to) {
      const applications = [];
      for (let n = from; n < to; n++) applications.push(application(`seed ${n}`, 'InnovatorMSP'));
      const answer = await attorney.submit<{ applicationIds: string[] }>('fileMany', { applications });
      seeded.push(...answer.applicationIds);
    },
    reads(size) {
      const middleId = [...seeded].sort()[Math.floor(size / 2)];
      const middle = compositeKey('Patent~byOwner', ['InnovatorMSP', 'FILED', middleId]);
      return {
        'listByApplicant first page': () =>
          examiner.evaluate('listByApplicant', { owner: 'InnovatorMSP', status: 'FILED', pageSize: PAGE }),
        'listByApplicant middle page': () =>
          examiner.evaluate('listByApplicant', {
            owner: 'InnovatorMSP',
            status: 'FILED',
            pageSize: PAGE,
            bookmark: middle,
          }),
        'listByIpcClass first page': () => examiner.evaluate('listByIpcClass', { subclass: 'G06F', pageSize: PAGE }),
        'listByStatus first page': () => examiner.evaluate('listByStatus', { status: 'FILED', pageSize: PAGE }),
      };
    },
    transactions: [
      {
        name: 'file',
        run: async (i) =>
          filed.push((await innovator.submit<{ data: { id: string } }>('file', application(`single ${i}`))).data.id),
      },
      {
        name: 'examineFormalities',
        run: (i) => examiner.submit('examineFormalities', { applicationId: filed[i], result: 'PASS' }),
      },
    ],
  };
}

/** Government records: business licences issued to many subjects; one citizen's records for consent traffic. */
export function govRecordsWorkload(): Workload {
  let registrar: ScenarioClient;
  let citizen: ScenarioClient;
  let bank: ScenarioClient;
  const run = Date.now().toString(36);
  const until = () => new Date(Date.now() + 86_400_000).toISOString();
  return {
    chaincode: 'gov-records',
    records: 'records',
    async setup(network) {
      await network.addUser('CitizenAgentMSP', 'bench-citizen', { role: 'citizen', subject: 'SUBJ-BENCH' });
      registrar = network.as('RecordsBureauMSP', 'registrar1');
      citizen = network.as('CitizenAgentMSP', 'bench-citizen');
      bank = network.as('BankMSP', 'officer1');
    },
    async seed(from, to) {
      const records = [];
      for (let n = from; n < to; n++) {
        records.push({
          recordId: seedId('R', n),
          type: 'BUSINESS_LICENCE',
          subjectId: seedId('CO', n),
          documentHash: digest(`seed ${run} ${n}`),
          attributes: { licenceClass: 'retail' },
        });
      }
      await registrar.submit('issueMany', { records });
    },
    reads(size) {
      const middle = compositeKey('RegistryRecord~byType', [
        'BUSINESS_LICENCE',
        'ACTIVE',
        seedId('R', Math.floor(size / 2)),
      ]);
      return {
        'listRecordsByType first page': () =>
          bank.evaluate('listRecordsByType', { type: 'BUSINESS_LICENCE', status: 'ACTIVE', pageSize: PAGE }),
        'listRecordsByType middle page': () =>
          bank.evaluate('listRecordsByType', {
            type: 'BUSINESS_LICENCE',
            status: 'ACTIVE',
            pageSize: PAGE,
            bookmark: middle,
          }),
        listRecordsBySubject: () =>
          bank.evaluate('listRecordsBySubject', { subjectId: seedId('CO', Math.floor(size / 2)) }),
        verifyDocument: () =>
          bank.evaluate('verifyDocument', { documentHash: digest(`seed ${run} ${Math.floor(size / 2)}`) }),
      };
    },
    transactions: [
      {
        name: 'issue',
        run: (i) =>
          registrar.submit('issue', {
            recordId: `PT-${run}-${i}`,
            type: 'PROPERTY_TITLE',
            subjectId: 'SUBJ-BENCH',
            documentHash: digest(`title ${run} ${i}`),
          }),
      },
      {
        name: 'grantConsent',
        run: (i) =>
          citizen.submit('grantConsent', {
            consentId: `C-${run}-${i}`,
            recordId: `PT-${run}-${i}`,
            grantee: 'BankMSP',
            purpose: 'mortgage',
            validUntil: until(),
          }),
      },
      {
        name: 'accessRecord',
        run: (i) =>
          bank.submit('accessRecord', { recordId: `PT-${run}-${i}`, consentId: `C-${run}-${i}`, purpose: 'mortgage' }),
      },
    ],
  };
}
