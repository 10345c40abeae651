import { createHash } from 'node:crypto';
import { expect } from 'chai';
import type { ScenarioView } from '../../gateway-app/src/scenarios/scenario-view';
import { accreditUniversity, issueDiploma } from './support/diplomas';
import { scenarioOf } from './support/scenarios';
import { startTestApp, type TestApp } from './support/test-app';

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');
const govRecords = scenarioOf('gov-records');
const education = scenarioOf('education');

/** A second register whose verify transaction fails on the ledger: the supply-chain chaincode has no such one. */
const brokenRegister: ScenarioView = {
  ...scenarioOf('supply-chain'),
  id: 'second-register',
  title: 'Second register',
  summary: 'A register whose verify transaction fails.',
  actions: [],
  records: [],
  verify: { transaction: 'verifyDocument' },
};

/**
 * `/api/public/verify` asks every scenario that verifies, through the real gateway on a dev network: a valid
 * gov-records document and a valid diploma are each VALID with their own register and record named, an unknown
 * digest UNKNOWN, and a register that fails is reported beside the verdict of the others, never turned into UNKNOWN.
 */
describe('gateway app: public verification across every verifying scenario', function () {
  this.timeout(180_000);
  let t: TestApp;
  let registrar: string;
  const text = 'Business licence BL-V-1 for Verify Test Ltd';
  const diplomaText = 'Diploma D-V-1: Master of Science';

  before(async () => {
    t = await startTestApp({ chaincodes: ['gov-records', 'supply-chain', 'education'] });
    registrar = await t.login('registrar1');
    await accreditUniversity(t, 'University of Verify');
    await issueDiploma(t, 'D-V-1', diplomaText);
    const issued = await t.call('POST', '/api/gov-records/records/issue', {
      token: registrar,
      body: { recordId: 'BL-V-1', type: 'BUSINESS_LICENCE', subjectId: 'S-V-1', documentHash: sha256Hex(text) },
    });
    expect(issued.status, JSON.stringify(issued.body)).to.equal(200);
  });
  after(async () => t?.close());

  it('answers VALID for a gov-records document, naming the scenario and the record, and UNKNOWN for others', async () => {
    const valid = await t.call('POST', '/api/public/verify', { body: { documentHash: sha256Hex(text) } });
    expect(valid.status).to.equal(200);
    expect(valid.body).to.include({
      valid: true,
      verdict: 'VALID',
      recordId: 'BL-V-1',
      scenario: 'gov-records',
      scenarioTitle: govRecords.title,
    });
    // Only the scenarios that verify are asked (supply-chain is served but has no verify), in topology order.
    expect(valid.body.answers.map((a: { scenario: string }) => a.scenario)).to.deep.equal(['gov-records', 'education']);
    const diploma = await t.call('POST', '/api/public/verify', { body: { documentHash: sha256Hex(diplomaText) } });
    expect(diploma.status, JSON.stringify(diploma.body)).to.equal(200);
    expect(diploma.body).to.include({
      valid: true,
      verdict: 'VALID',
      scenario: 'education',
      scenarioTitle: education.title,
    });
    expect(JSON.stringify(diploma.body)).to.include('D-V-1');
    // Each register answered for itself: the diploma is UNKNOWN to the government register.
    expect(diploma.body.answers[0]).to.deep.include({ scenario: 'gov-records' });
    expect(diploma.body.answers[0].answer).to.include({ verdict: 'UNKNOWN' });
    const unknown = await t.call('POST', '/api/public/verify', { body: { documentHash: sha256Hex('forged') } });
    expect(unknown.status).to.equal(200);
    expect(unknown.body).to.include({ valid: false, verdict: 'UNKNOWN' });
    expect(unknown.body).not.to.have.property('scenario');
    expect(unknown.body.answers).to.have.length(2);
    for (const answer of unknown.body.answers) expect(answer.answer).to.include({ verdict: 'UNKNOWN' });
  });

  it('reports a failing register beside a VALID elsewhere, and answers 503 rather than UNKNOWN while one fails', async () => {
    const two = await startTestApp({
      chaincodes: ['gov-records', 'supply-chain'],
      devnet: t.devnet,
      scenarios: [brokenRegister, govRecords],
      config: { dataDir: `${t.dataDir}/second-app` },
    });
    try {
      const valid = await two.call('POST', '/api/public/verify', { body: { documentHash: sha256Hex(text) } });
      expect(valid.status, JSON.stringify(valid.body)).to.equal(200);
      expect(valid.body).to.include({ valid: true, verdict: 'VALID', scenario: 'gov-records', recordId: 'BL-V-1' });
      const [broken, records] = valid.body.answers;
      expect(broken).to.include({ scenario: 'second-register', title: 'Second register' });
      expect(broken.error.code).to.be.a('string');
      expect(broken.error.message).to.include('verifyDocument');
      expect(records).to.deep.include({ scenario: 'gov-records' });
      expect(records.answer).to.include({ verdict: 'VALID' });

      const unknown = await two.call('POST', '/api/public/verify', { body: { documentHash: sha256Hex('forged') } });
      expect(unknown.status, JSON.stringify(unknown.body)).to.equal(503);
      expect(unknown.body.error.code).to.equal('VERIFICATION_INCOMPLETE');
      expect(unknown.body.error.message).to.include('Second register could not be asked');
      expect(unknown.body.error.answers.map((a: { scenario: string }) => a.scenario)).to.deep.equal([
        'second-register',
        'gov-records',
      ]);
    } finally {
      await two.close();
    }
  });
});
