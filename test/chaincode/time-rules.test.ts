import './support/quiet-contract-api';
import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { status as Code } from '@grpc/grpc-js';
import { EndorseError } from '@hyperledger/fabric-gateway';
import { describeTimeRules } from '@scenechain/scene-kit';
import { consentLifecycle } from '../../chaincode/gov-records/src';
import { specificationCommitment } from '../../chaincode/patents/src';
import { patentLifecycle } from '../../chaincode/patents/src/lifecycle/patent-lifecycle';
import { failure } from '../support/failure';
import { proposalTimeMs } from '../support/proposal-time';
import { refused } from './support/chaincode-error';
import {
  CHANNEL,
  listAll,
  startScenarioNetwork,
  type ScenarioClient,
  type ScenarioNetwork,
} from './support/scenario-network';

const documentHash = (text: string) => createHash('sha256').update(text).digest('hex');
const TIME_WINDOW_REFUSAL =
  /^request unauthorized due to incorrect timestamp .*, peer\.authentication\.timewindow 5m0s$/;

/**
 * The attack of issue 9 item 3: the grantee of a consent dates its use of the consent itself (the proposal
 * timestamp), so it backdates the use to before the consent expired. Beyond the endorsers' time window the dev
 * network's peers refuse it; within the window, the chaincode refuses a use dated before a change already
 * recorded on the consent or the record.
 */
describe('time rules: a backdated use of a consent', function () {
  this.timeout(180_000);
  let network: ScenarioNetwork;
  let registrar: ScenarioClient;
  let dora: ScenarioClient;
  let bank: ScenarioClient;
  /** The endorsers' clock: real time unless a test pins it. */
  let pinned: number | undefined;
  const use = { recordId: 'TR-1', consentId: 'TC-1', purpose: 'loan check' };
  let validUntil: string;

  /** What a refused use must leave alone: the channel height and the record's access log. */
  async function ledger(): Promise<{ height: number; accesses: number }> {
    pinned = undefined;
    await network.net.settle();
    return {
      height: network.net.height(CHANNEL),
      accesses: (await listAll(dora, 'listAccessLog', { recordId: use.recordId })).length,
    };
  }

  before(async () => {
    network = await startScenarioNetwork(['gov-records'], { clock: () => pinned ?? Date.now() });
    await network.addUser('CitizenAgentMSP', 'dora', { role: 'citizen', subject: 'SUBJ-DORA' });
    registrar = network.as('RecordsBureauMSP', 'registrar1');
    dora = network.as('CitizenAgentMSP', 'dora');
    bank = network.as('BankMSP', 'officer1');
    await registrar.submit('issue', {
      recordId: use.recordId,
      type: 'QUALIFICATION',
      subjectId: 'SUBJ-DORA',
      documentHash: documentHash('diploma TR-1'),
    });
    validUntil = new Date(Date.now() + 3_600_000).toISOString();
    await dora.submit('grantConsent', { ...use, grantee: 'BankMSP', validUntil });
  });

  afterEach(() => {
    pinned = undefined;
  });

  after(async () => {
    await network?.stop();
  });

  it('declares which clock each time rule trusts', () => {
    expect(describeTimeRules(consentLifecycle).map((r) => [r.transition, r.rule, r.trusts])).to.deep.equal([
      ['use', 'consent expiry', 'submitter'],
      ['share', 'consent expiry', 'submitter'],
    ]);
    expect(describeTimeRules(patentLifecycle).map((r) => [r.transition, r.trusts])).to.deep.equal([
      ['publishWhenDue', 'authority'],
      ['payAnnualFee', 'submitter'],
      ['lapse', 'authority'],
      ['expire', 'authority'],
    ]);
  });

  it('beyond the time window: the endorsers refuse a use dated before the expiry they see passed', async () => {
    const before = await ledger();
    // The endorsers' time is a minute after the consent expired; the bank's proposal carries real time, an hour
    // earlier: a use backdated by more than the 5-minute window.
    pinned = Date.parse(validUntil) + 60_000;
    const endorse = await failure(bank.submit('accessRecord', use));
    expect(endorse).to.be.instanceOf(EndorseError);
    expect(endorse.code).to.equal(Code.ABORTED);
    expect(endorse.details.map((detail) => detail.message)).to.have.length(1);
    expect(endorse.details[0].message).to.match(TIME_WINDOW_REFUSAL);
    const evaluate = await failure(bank.evaluate('getConsent', { consentId: use.consentId }));
    expect(evaluate.code).to.equal(Code.UNAVAILABLE);
    expect(evaluate.details[0].message).to.match(TIME_WINDOW_REFUSAL);
    expect(await ledger()).to.deep.equal(before);
  });

  it('within the window: the chaincode refuses a use dated before the record’s last recorded change', async () => {
    // The registry amends the record; the bank's use is then dated a millisecond before that change, a date within
    // the peers' time window that every member has seen superseded.
    const amended = await registrar.submit<{ audit: { timestamp: string } }>('amend', {
      recordId: use.recordId,
      documentHash: documentHash('diploma TR-1 v2'),
      reason: 'name corrected',
    });
    const dated = Date.parse(amended.audit.timestamp) - 1;
    const proposal = await network.proposeAt('BankMSP', 'officer1', 'accessRecord', use, dated);
    expect(proposalTimeMs(proposal)).to.equal(dated);
    const before = await ledger();
    const text = await refused(
      proposal.endorse(),
      'CONFLICT',
      `the transaction is dated ${new Date(dated).toISOString()}, before ${amended.audit.timestamp}, when Record TR-1 was last changed (amend)`,
    );
    expect(text).to.contain("check the submitting client's clock");
    expect(await ledger()).to.deep.equal(before);

    // The same use, dated now, goes through and is logged: only the date was wrong.
    await bank.submit('accessRecord', use);
    expect((await ledger()).accesses).to.equal(before.accesses + 1);
  });
});

/**
 * The same attack on a patent fee: the owner dates its own payment, so within the window it may not date it
 * before a change already recorded on the patent (here the bank's pledge).
 */
describe('time rules: a backdated annual fee payment', function () {
  this.timeout(180_000);
  let network: ScenarioNetwork;
  let innovator: ScenarioClient;
  let bank: ScenarioClient;
  let applicationId = '';

  before(async () => {
    network = await startScenarioNetwork(['patents']);
    const examiner = network.as('PatentOfficeMSP', 'examiner1');
    innovator = network.as('InnovatorMSP', 'applicant1');
    bank = network.as('BankMSP', 'officer1');
    const text = 'A separator coated with ... (full text)';
    const salt = randomBytes(16).toString('hex');
    const filed = await innovator.submit<{ data: { id: string } }>('file', {
      title: 'Coated separator',
      applicantName: 'Innovator Ltd',
      ipcClasses: ['H01M 50/40'],
      commitment: specificationCommitment(salt, text),
    });
    applicationId = filed.data.id;
    await examiner.submit('examineFormalities', { applicationId, result: 'PASS' });
    await innovator.submit('publish', { applicationId, specification: text, salt });
    await innovator.submit('requestExamination', { applicationId });
    await examiner.submit('decideExamination', { applicationId, outcome: 'GRANT' });
    await innovator.submit('requestPledge', {
      applicationId,
      pledgeId: 'PL-T1',
      bank: 'BankMSP',
      amount: 1,
      currency: 'CNY',
    });
  });

  after(async () => {
    await network?.stop();
  });

  it('refuses a payment dated before the pledge the bank recorded since, and changes nothing', async () => {
    const payment = { applicationId, year: 2, paymentRef: 'PAY-T2' };
    const pledged = await bank.submit<{ audit: { timestamp: string } }>('recordPledge', { pledgeId: 'PL-T1' });
    // The owner dates its payment a millisecond before the pledge the bank recorded.
    const dated = Date.parse(pledged.audit.timestamp) - 1;
    const proposal = await network.proposeAt('InnovatorMSP', 'applicant1', 'payAnnualFee', payment, dated);
    const patent = async () =>
      innovator.evaluate<{ data: { feeYearsPaid: number }; audit: { timestamp: string; revision: number } }>(
        'getPatent',
        { applicationId },
      );
    const before = await patent();
    await refused(
      proposal.endorse(),
      'CONFLICT',
      `the transaction is dated ${new Date(dated).toISOString()}, before ${before.audit.timestamp}, when Patent ${applicationId} was last changed (pledge)`,
    );
    expect(await patent()).to.deep.equal(before);

    await innovator.submit('payAnnualFee', payment);
    expect((await patent()).data.feeYearsPaid).to.equal(2);
  });
});
