import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { refused } from './support/chaincode-error';
import { listAll, startScenarioNetwork, type ScenarioClient, type ScenarioNetwork } from './support/scenario-network';

interface Stored<T> {
  data: T;
  audit: { revision: number; action: string; from: string | null; to: string | null };
}
interface Block {
  blockId: string;
  firstSerial: number;
  lastSerial: number;
  quantity: number;
  holder: string;
  status: string;
  parent?: string;
  retirement?: { beneficiary: string; reason: string; at: string };
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex');
const project = (projectId: string, sector: string) => ({
  projectId,
  name: `${projectId} project`,
  sector,
  methodology: 'CCER-01-001-V01',
  location: 'Zhangjiakou, Hebei',
  designHash: digest(`design ${projectId}`),
});
const report = (reportId: string, periodStart: string, periodEnd: string, claimed = 1000) => ({
  reportId,
  projectId: 'P-WIND',
  periodStart,
  periodEnd,
  claimed,
  reportHash: digest(`monitoring report ${reportId}`),
});
const serials = (from: number, to: number) => `CN-P-WIND-2025-${from}-${to}`;

/**
 * Carbon credits as a story: the ecology bureau accredits a verifier, which validates a wind farm and verifies a
 * monitoring period's reductions; the registry issues serial-numbered credits, never beyond what was verified; the
 * owner sells part of a block, the buyer retires part of it, once; the registry's totals add up.
 */
describe('carbon-credits chaincode: validation, verification, issuance, transfer and retirement once', function () {
  this.timeout(180_000);
  let network: ScenarioNetwork;
  let bureau: ScenarioClient; // EcologyBureauMSP ecology-officer1, role ecology-officer (the registry)
  let verifier: ScenarioClient; // VerifierMSP verifier1, role verifier
  let owner: ScenarioClient; // ManufacturerMSP carbon-manager1, role carbon-manager (the project owner)
  let buyer: ScenarioClient; // InnovatorMSP carbon-buyer1, role carbon-manager
  let forger: ScenarioClient; // ManufacturerMSP, claims role ecology-officer (counts only from the bureau)
  let ownLab: ScenarioClient; // ManufacturerMSP, role verifier of its own org

  before(async () => {
    network = await startScenarioNetwork(['carbon-credits']);
    await network.addUser('ManufacturerMSP', 'forger', { role: 'ecology-officer' });
    await network.addUser('ManufacturerMSP', 'own-lab', { role: 'verifier' });
    bureau = network.as('EcologyBureauMSP', 'ecology-officer1');
    verifier = network.as('VerifierMSP', 'verifier1');
    owner = network.as('ManufacturerMSP', 'carbon-manager1');
    buyer = network.as('InnovatorMSP', 'carbon-buyer1');
    forger = network.as('ManufacturerMSP', 'forger');
    ownLab = network.as('ManufacturerMSP', 'own-lab');
  });

  after(async () => {
    await network?.stop();
  });

  it('only an accredited verifier validates, for its sectors; a forged officer accredits nobody', async () => {
    await owner.submit('registerProject', project('P-WIND', 'ENERGY'));
    await owner.submit('registerProject', project('P-FOREST', 'FORESTRY'));
    const validation = { projectId: 'P-WIND', validationHash: digest('validation P-WIND') };
    await refused(
      verifier.submit('validateProject', validation),
      'FORBIDDEN',
      'VerifierMSP may not validate or verify: it is not accredited; the ecology bureau accredits verifiers',
    );
    const accreditation = { verifierId: 'VerifierMSP', name: 'Example Verification Co.', sectors: ['ENERGY'] };
    const text = await refused(
      forger.submit('accreditVerifier', accreditation),
      'FORBIDDEN',
      'claims role ecology-officer, which counts only from EcologyBureauMSP',
    );
    expect(text).to.include('allowed: EcologyBureauMSP with role ecology-officer');

    const { result, event } = await bureau.submitWithEvent<Stored<{ status: string }>>('accreditVerifier', {
      ...accreditation,
      sectors: ['ENERGY', 'MANUFACTURING'],
    });
    expect(result.data.status).to.equal('ACCREDITED');
    expect(event.payload.events[0]).to.deep.include({ name: 'VerifierAccredited', id: 'VerifierMSP' });
    await refused(
      verifier.submit('validateProject', { projectId: 'P-FOREST', validationHash: digest('validation P-FOREST') }),
      'FORBIDDEN',
      'VerifierMSP may not validate or verify: it is accredited for ENERGY, MANUFACTURING, not FORESTRY',
    );
    const validated = await verifier.submit<Stored<{ status: string; validator: string }>>(
      'validateProject',
      validation,
    );
    expect(validated.data).to.include({ status: 'VALIDATED', validator: 'VerifierMSP' });
  });

  it('conflict of interest: a verifier may not validate its own project, nor own one while on the register', async () => {
    await bureau.submit('accreditVerifier', { verifierId: 'ManufacturerMSP', name: 'Own lab', sectors: ['FORESTRY'] });
    await refused(
      ownLab.submit('validateProject', { projectId: 'P-FOREST', validationHash: digest('own') }),
      'FORBIDDEN',
      'P-FOREST belongs to ManufacturerMSP: a verifier may not validate or verify its own project',
    );
    await refused(
      owner.submit('registerProject', project('P-SOLAR', 'ENERGY')),
      'FORBIDDEN',
      'ManufacturerMSP is a verifier (ACCREDITED): a verifier may not own projects',
    );
    await bureau.submit('withdrawVerifier', { verifierId: 'ManufacturerMSP', reason: 'conflict of interest' });
    await owner.submit('registerProject', project('P-SOLAR', 'ENERGY'));
  });

  it('the owner reports each tonne once, for an ended period within one year; the verifier verifies at most the claim', async () => {
    await refused(
      buyer.submit('submitReport', report('R-1', '2025-01-01', '2025-06-30')),
      'FORBIDDEN',
      'only the project owner, ManufacturerMSP, may change it; InnovatorMSP may not',
    );
    await refused(
      owner.submit('submitReport', { ...report('R-1', '2025-01-01', '2025-06-30'), projectId: 'P-FOREST' }),
      'CONFLICT',
      'project P-FOREST is REGISTERED; only a VALIDATED one reports',
    );
    await refused(
      owner.submit('submitReport', report('R-1', '2025-07-01', '2026-06-30')),
      'CONFLICT',
      'within one year',
    );
    await refused(owner.submit('submitReport', report('R-1', '2099-01-01', '2099-06-30')), 'CONFLICT', 'not yet over');
    const submitted = await owner.submit<Stored<{ vintage: string; status: string }>>(
      'submitReport',
      report('R-1', '2025-01-01', '2025-06-30'),
    );
    expect(submitted.data).to.include({ vintage: '2025', status: 'SUBMITTED' });
    await refused(
      owner.submit('submitReport', report('R-2', '2025-06-01', '2025-12-31')),
      'CONFLICT',
      'P-WIND: 2025-06-01 to 2025-12-31 overlaps report R-1 (2025-01-01 to 2025-06-30); reductions are reported once',
    );

    const verification = { reportId: 'R-1', verificationHash: digest('verification R-1') };
    await refused(
      verifier.submit('verifyReport', { ...verification, verified: 1200 }),
      'CONFLICT',
      'R-1 claims 1000 t',
    );
    const { result, event } = await verifier.submitWithEvent<Stored<{ verified: number; status: string }>>(
      'verifyReport',
      { ...verification, verified: 900 },
    );
    expect(result.data).to.include({ verified: 900, status: 'VERIFIED' });
    expect(event.payload.events[0]).to.deep.include({ name: 'ReductionsVerified', id: 'R-1' });
    expect(event.payload.events[0].details).to.include({ projectId: 'P-WIND', vintage: '2025', quantity: 900 });
  });

  it('the registry issues serial-numbered credits for verified reductions, never beyond them', async () => {
    await refused(
      bureau.submit('issueCredits', { reportId: 'R-1', quantity: 901 }),
      'INSUFFICIENT_QUANTITY',
      '901 t exceed what R-1 has verified and not yet issued: 900 t of 900 t',
    );
    await refused(
      verifier.submit('issueCredits', { reportId: 'R-1', quantity: 600 }),
      'FORBIDDEN',
      'allowed: EcologyBureauMSP with role ecology-officer',
    );
    const { result, event } = await bureau.submitWithEvent<Stored<Block>>('issueCredits', {
      reportId: 'R-1',
      quantity: 600,
    });
    expect(result.data).to.include({
      blockId: serials(1, 600),
      firstSerial: 1,
      lastSerial: 600,
      holder: 'ManufacturerMSP',
      status: 'HELD',
    });
    expect(event.payload.events.map((e) => e.name)).to.deep.equal(['ReductionsPartlyIssued', 'CreditsIssued']);
    const rest = await bureau.submit<Stored<Block>>('issueCredits', { reportId: 'R-1', quantity: 300 });
    expect(rest.data.blockId).to.equal(serials(601, 900));
    const issued = await owner.evaluate<Stored<{ status: string; issued: number }>>('getReport', { reportId: 'R-1' });
    expect(issued.data).to.include({ status: 'ISSUED', issued: 900 });
    await refused(
      bureau.submit('issueCredits', { reportId: 'R-1', quantity: 1 }),
      'ILLEGAL_TRANSITION',
      'MonitoringReport R-1 is ISSUED',
    );
  });

  it('the holder transfers part of a block (split by serial), retires part, and never twice', async () => {
    const moved = await owner.submit<Stored<Block>>('transferCredits', {
      blockId: serials(1, 600),
      quantity: 250,
      receiver: 'InnovatorMSP',
    });
    expect(moved.data).to.include({ blockId: serials(1, 250), holder: 'InnovatorMSP', parent: serials(1, 600) });
    const kept = await owner.evaluate<Stored<Block>>('getCreditBlock', { blockId: serials(251, 600) });
    expect(kept.data).to.include({ holder: 'ManufacturerMSP', status: 'HELD', quantity: 350 });
    await refused(
      owner.submit('transferCredits', { blockId: serials(1, 600), receiver: 'InnovatorMSP' }),
      'ILLEGAL_TRANSITION',
      `CreditBlock ${serials(1, 600)} is SPLIT`,
    );
    await refused(
      buyer.submit('transferCredits', { blockId: serials(251, 600), receiver: 'InnovatorMSP' }),
      'FORBIDDEN',
      `${serials(251, 600)}: only its holder, ManufacturerMSP, may change it; InnovatorMSP may not`,
    );
    await refused(
      owner.submit('transferCredits', { blockId: serials(251, 600), quantity: 351, receiver: 'InnovatorMSP' }),
      'INSUFFICIENT_QUANTITY',
      `${serials(251, 600)} holds 350 credits, not 351`,
    );

    const retirement = { blockId: serials(1, 250), quantity: 100, beneficiary: 'Innovator 2025 operations' };
    const { result, event } = await buyer.submitWithEvent<Stored<Block>>('retireCredits', {
      ...retirement,
      reason: 'carbon neutrality claim 2025',
    });
    expect(result.data).to.include({ blockId: serials(1, 100), status: 'RETIRED', holder: 'InnovatorMSP' });
    expect(event.payload.events.map((e) => e.name)).to.deep.equal([
      'CreditBlockSplit',
      'CreditBlockCreated',
      'CreditBlockCreated',
      'CreditsRetired',
    ]);
    const facts = {
      recordType: 'CreditBlock',
      id: serials(1, 100),
      step: 'retire',
      by: 'InnovatorMSP',
      at: result.data.retirement!.at,
    };
    const again = { blockId: serials(1, 100), beneficiary: 'someone else', reason: 'again' };
    const text = await refused(buyer.submit('retireCredits', again), 'ALREADY_EXISTS', 'already retired', facts);
    expect(text).to.include('a credit is retired once');
    await refused(
      buyer.submit('transferCredits', { blockId: serials(1, 100), receiver: 'ManufacturerMSP' }),
      'ILLEGAL_TRANSITION',
      `CreditBlock ${serials(1, 100)} is RETIRED`,
    );
    await owner.submit('retireCredits', { blockId: serials(601, 900), beneficiary: 'Manufacturer', reason: 'own use' });
  });

  it('the registry totals per project and vintage: issued, held, retired; every serial accounted for', async () => {
    const totals = await buyer.evaluate('registryTotals', { projectId: 'P-WIND' });
    expect(totals).to.deep.equal({
      projectId: 'P-WIND',
      vintages: [{ projectId: 'P-WIND', vintage: '2025', issued: 900, retired: 400, held: 500 }],
      issued: 900,
      held: 500,
      retired: 400,
    });
    const held = await listAll<Stored<Block>>(buyer, 'listCreditsByHolder', { holder: 'InnovatorMSP', status: 'HELD' });
    expect(held.map((b) => b.data.blockId)).to.deep.equal([serials(101, 250)]);
    const all = await listAll<Stored<Block>>(buyer, 'listCreditsByProject', { projectId: 'P-WIND', vintage: '2025' });
    const live = all.filter((b) => b.data.status !== 'SPLIT').map((b) => [b.data.firstSerial, b.data.lastSerial]);
    expect(live.sort((a, b) => a[0] - b[0])).to.deep.equal([
      [1, 100],
      [101, 250],
      [251, 600],
      [601, 900],
    ]);
  });
});
