import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { refused } from './support/chaincode-error';
import { listAll, startScenarioNetwork, type ScenarioClient, type ScenarioNetwork } from './support/scenario-network';

interface Stored<T> {
  data: T;
  audit: { revision: number; action: string; from: string | null; to: string | null };
}
interface Project {
  projectId: string;
  status: string;
  charity: string;
  donated: number;
  disbursed: number;
  donations: number;
  disbursements: number;
  nextToUse: number;
  filing?: { filingNumber: string };
  report?: { reportHash: string };
}
interface Donation {
  donationId: string;
  seq: number;
  amount: number;
  used: number;
  status: string;
  donor?: string;
}
interface Disbursement {
  disbursementId: string;
  status: string;
  sources: { donationId: string; amount: number }[];
}
interface Allocation {
  donationId: string;
  disbursementId: string;
  amount: number;
  beneficiary: string;
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex');
const P = 'P-2026-SCHOOL';
const donation = (seq: number) => `${P}.${String(seq).padStart(6, '0')}`;
const gift = (amount: number, receiptNumber: string, donor?: string) => ({
  projectId: P,
  amount,
  channel: 'BANK_TRANSFER',
  receiptNumber,
  ...(donor ? { donor } : {}),
});
const payment = (disbursementId: string, amount: number, beneficiaryOrg?: string) => ({
  projectId: P,
  disbursementId,
  beneficiary: 'Hope Primary School',
  ...(beneficiaryOrg ? { beneficiaryOrg } : {}),
  amount,
  purpose: 'Desks and books for grade one',
  voucherHash: digest(`voucher ${disbursementId}`),
});

/**
 * Charity donations as a story: the civil affairs bureau registers the charity and approves its project; three
 * donations (one anonymous) come in; payments draw on them oldest first, never beyond the funds, each traced
 * from donation to use; the beneficiary school confirms receipt; the project closes with its final report.
 */
describe('charity chaincode: filed projects, donations, disbursements within the funds, every yuan traced', function () {
  this.timeout(180_000);
  let network: ScenarioNetwork;
  let bureau: ScenarioClient; // CivilAffairsMSP civil-officer1, role civil-affairs-officer
  let fundraiser: ScenarioClient; // CharityMSP fundraiser1, role fundraiser
  let finance: ScenarioClient; // CharityMSP charity-finance1, role finance
  let school: ScenarioClient; // UniversityMSP university-finance1, role finance (the beneficiary)
  let forger: ScenarioClient; // CharityMSP, claims role civil-affairs-officer (counts only from the bureau)
  let member: ScenarioClient; // UniversityMSP User1: any member reads the public pages

  before(async () => {
    network = await startScenarioNetwork(['charity']);
    await network.addUser('CharityMSP', 'forger', { role: 'civil-affairs-officer' });
    bureau = network.as('CivilAffairsMSP', 'civil-officer1');
    fundraiser = network.as('CharityMSP', 'fundraiser1');
    finance = network.as('CharityMSP', 'charity-finance1');
    school = network.as('UniversityMSP', 'university-finance1');
    forger = network.as('CharityMSP', 'forger');
    member = network.as('UniversityMSP', 'User1');
  });

  after(async () => {
    await network?.stop();
  });

  it('refuses a registration by a forged officer and a filing by an unregistered charity', async () => {
    const registration = {
      charityId: 'CharityMSP',
      name: 'Sunshine Charity Foundation',
      creditCode: '53110000MJ0000000X',
    };
    const text = await refused(
      forger.submit('registerCharity', registration),
      'FORBIDDEN',
      'claims role civil-affairs-officer, which counts only from CivilAffairsMSP',
    );
    expect(text).to.include('allowed: CivilAffairsMSP with role civil-affairs-officer');
    const project = {
      projectId: P,
      title: 'Books for Hope School',
      purpose: 'Grade one desks and books',
      goal: 200000,
    };
    await refused(
      fundraiser.submit('fileProject', project),
      'FORBIDDEN',
      'CharityMSP may not raise funds: it is not a registered charity; the civil affairs bureau registers charities',
    );
    const { event } = await bureau.submitWithEvent('registerCharity', registration);
    expect(event.payload.events[0]).to.deep.include({ name: 'CharityRegistered', id: 'CharityMSP' });
    const filed = await fundraiser.submit<Stored<Project>>('fileProject', project);
    expect(filed.data).to.deep.include({ status: 'PENDING', charity: 'CharityMSP', donated: 0, nextToUse: 1 });
  });

  it('takes no donation before the bureau approves the project, then records donations in order', async () => {
    await refused(
      fundraiser.submit('recordDonation', gift(50000, 'JZ-0001', 'Mr Zhang')),
      'ILLEGAL_TRANSITION',
      `Project ${P} is PENDING; receive is allowed only from OPEN`,
    );
    await refused(
      fundraiser.submit('approveProject', { projectId: P, filingNumber: '民慈募备(2026)0001号' }),
      'FORBIDDEN',
      'allowed: CivilAffairsMSP with role civil-affairs-officer',
    );
    const approved = await bureau.submit<Stored<Project>>('approveProject', {
      projectId: P,
      filingNumber: '民慈募备(2026)0001号',
    });
    expect(approved.data.status).to.equal('OPEN');
    expect(approved.data.filing?.filingNumber).to.equal('民慈募备(2026)0001号');

    const { result, event } = await fundraiser.submitWithEvent<Stored<Donation>>(
      'recordDonation',
      gift(50000, 'JZ-0001', 'Mr Zhang'),
    );
    expect(result.data).to.deep.include({ donationId: donation(1), seq: 1, status: 'RECEIVED', used: 0 });
    expect(event.payload.events.map((e) => e.name)).to.deep.equal(['FundsReceived', 'DonationRecorded']);
    await fundraiser.submit('recordDonation', gift(30000, 'JZ-0002'));
    await fundraiser.submit('recordDonation', gift(20000, 'JZ-0003', 'Example Tech Co.'));
    const project = (await member.evaluate<Stored<Project>>('getProject', { projectId: P })).data;
    expect(project).to.deep.include({ donated: 100000, donations: 3, disbursed: 0 });
  });

  it('refuses a disbursement beyond the funds, and one by another org', async () => {
    const text = await refused(
      finance.submit('disburseFunds', payment('X-1', 100001, 'UniversityMSP')),
      'INSUFFICIENT_QUANTITY',
      'disbursement beyond funds: project P-2026-SCHOOL has 100000 fen available (received 100000, disbursed 0)',
    );
    expect(text).to.include('X-1 asks for 100001');
    await refused(
      school.submit('disburseFunds', payment('X-1', 1000)),
      'FORBIDDEN',
      `${P}: only its charity, CharityMSP, may change it; UniversityMSP may not`,
    );
    await refused(fundraiser.submit('disburseFunds', payment('X-1', 1000)), 'FORBIDDEN', 'with role finance');
  });

  it('pays oldest donations first and traces every yuan both ways', async () => {
    const { result: first, event } = await finance.submitWithEvent<Stored<Disbursement>>(
      'disburseFunds',
      payment('X-1', 60000, 'UniversityMSP'),
    );
    expect(first.data.sources).to.deep.equal([
      { donationId: donation(1), amount: 50000 },
      { donationId: donation(2), amount: 10000 },
    ]);
    expect(event.payload.events.map((e) => e.name)).to.deep.equal([
      'DonationUsedUp',
      'DonationPartlyUsed',
      'FundsPaid',
      'FundsDisbursed',
    ]);
    const second = await finance.submit<Stored<Disbursement>>('disburseFunds', payment('X-2', 30000));
    expect(second.data.sources).to.deep.equal([
      { donationId: donation(2), amount: 20000 },
      { donationId: donation(3), amount: 10000 },
    ]);
    await refused(
      finance.submit('disburseFunds', payment('X-3', 10001)),
      'INSUFFICIENT_QUANTITY',
      'has 10000 fen available (received 100000, disbursed 90000)',
    );

    const trace = await member.evaluate<{ donation: Donation; allocations: { items: Stored<Allocation>[] } }>(
      'traceDonation',
      { donationId: donation(2) },
    );
    expect(trace.donation).to.deep.include({ status: 'USED', used: 30000, amount: 30000 });
    expect(trace.donation).not.to.have.property('donor');
    expect(trace.allocations.items.map((a) => [a.data.disbursementId, a.data.amount])).to.deep.equal([
      ['X-1', 10000],
      ['X-2', 20000],
    ]);
    const third = (await member.evaluate<Stored<Donation>>('getDonation', { donationId: donation(3) })).data;
    expect(third).to.deep.include({ status: 'PARTLY_USED', used: 10000, donor: 'Example Tech Co.' });

    const page = await member.evaluate<{
      project: Project & { available: number };
      disbursements: { items: Stored<Disbursement>[] };
    }>('projectPage', { projectId: P });
    expect(page.project).to.deep.include({ donated: 100000, disbursed: 90000, available: 10000, nextToUse: 3 });
    expect(page.disbursements.items.map((d) => d.data.disbursementId)).to.deep.equal(['X-1', 'X-2']);
    const gifts = await listAll<Stored<Donation>>(member, 'listDonations', { projectId: P });
    expect(gifts.map((g) => g.data.donor ?? '(anonymous)')).to.deep.equal([
      'Mr Zhang',
      '(anonymous)',
      'Example Tech Co.',
    ]);
  });

  it('the beneficiary school alone confirms receipt; anyone verifies a voucher', async () => {
    await refused(
      finance.submit('confirmReceipt', { disbursementId: 'X-1' }),
      'FORBIDDEN',
      "X-1: only its beneficiary's org, UniversityMSP, may confirm receipt; CharityMSP may not",
    );
    await refused(school.submit('confirmReceipt', { disbursementId: 'X-2' }), 'FORBIDDEN', '(none is a member)');
    const confirmed = await school.submit<Stored<Disbursement>>('confirmReceipt', { disbursementId: 'X-1' });
    expect(confirmed.data.status).to.equal('CONFIRMED');
    expect(await member.evaluate('verifyVoucher', { documentHash: digest('voucher X-1') })).to.deep.include({
      valid: true,
      verdict: 'VALID',
      recordId: 'X-1',
      status: 'CONFIRMED',
      issuer: 'CharityMSP',
    });
    expect(await member.evaluate('verifyVoucher', { documentHash: digest('forged') })).to.include({
      verdict: 'UNKNOWN',
    });
  });

  it('closes the project with its final report; nothing is received or paid after', async () => {
    const reportHash = digest('final report P-2026-SCHOOL');
    const closed = await fundraiser.submit<Stored<Project>>('closeProject', { projectId: P, reportHash });
    expect(closed.data).to.deep.include({ status: 'CLOSED', disbursed: 90000 });
    expect(closed.data.report?.reportHash).to.equal(reportHash);
    await refused(
      fundraiser.submit('recordDonation', gift(1000, 'JZ-0004')),
      'ILLEGAL_TRANSITION',
      `Project ${P} is CLOSED; receive is allowed only from OPEN`,
    );
    await refused(finance.submit('disburseFunds', payment('X-3', 1000)), 'ILLEGAL_TRANSITION', 'is CLOSED');
  });
});
