import { expect } from 'chai';
import pino from 'pino';
import { loadDemoData } from '../../gateway-app/src/demo/demo-data';
import { DEMO_INVOICE_FILES } from '../../gateway-app/src/demo/e-invoices-demo';
import { sha256Hex } from '../../gateway-app/src/demo/demo-documents';
import { scenarioOf } from './support/scenarios';
import { startTestApp, type Json, type TestApp } from './support/test-app';

const transactions = (answer: Json): string[] => answer.body.actions.map((a: { transaction: string }) => a.transaction);
const OPEN = '/api/e-invoices/invoices/044031900111-00000003';

/**
 * Electronic invoices served with no app code: the topology deploys the chaincode, and routes, OpenAPI, record
 * actions and the demo story all come from its descriptor; the chaincode's refusals arrive with their facts.
 */
describe('gateway app: electronic invoices from the scenario descriptor alone', function () {
  this.timeout(180_000);
  let t: TestApp;
  let invoicer: string;
  let accountant: string;
  let otherAccountant: string;

  before(async () => {
    t = await startTestApp({ chaincodes: ['e-invoices'] });
    [invoicer, accountant, otherAccountant] = await Promise.all(
      ['invoicer1', 'accountant1', 'logistics-accountant1'].map((user) => t.login(user)),
    );
  });
  after(async () => t?.close());

  it('serves every flow at its derived path, listed in the OpenAPI', async () => {
    const doc = (await t.call('GET', '/openapi.json')).body;
    const scenario = scenarioOf('e-invoices');
    for (const action of scenario.actions) {
      const path = `/api/e-invoices${action.path.replace(/:(\w+)/g, '{$1}')}`;
      expect(doc.paths[path]?.[action.method.toLowerCase()]?.operationId, path).to.equal(
        `e-invoices.${action.transaction}`,
      );
    }
    expect(scenario.actions.map((a) => a.transaction)).to.have.members(Object.keys(scenario.descriptor.flows));
    expect(doc.paths['/api/e-invoices/invoices/issue-invoice'].post).to.be.an('object');
    expect(doc.paths['/api/e-invoices/invoices/{invoiceId}/reimburse-invoice'].post).to.be.an('object');
    expect(doc.paths['/api/e-invoices/invoices/{invoiceId}/issue-red-letter'].post).to.be.an('object');
    expect(doc.paths['/api/e-invoices/invoices/verify-invoice'].get).to.be.an('object');
    expect(doc.paths['/api/e-invoices/invoices/check-invoice'].get).to.be.an('object');
  });

  it('loads the demo story, then delivers and reimburses an invoice through REST, once', async () => {
    const { ctx } = t.app;
    await loadDemoData(ctx.runner, ctx.directory, [scenarioOf('e-invoices')], pino({ level: 'silent' }));
    const verify = async (file: string) =>
      (
        await t.call('GET', `/api/e-invoices/invoices/verify-invoice?documentHash=${sha256Hex(file)}`, {
          token: accountant,
        })
      ).body;
    expect(await verify(DEMO_INVOICE_FILES.reimbursed)).to.include({ valid: false, verdict: 'REIMBURSED' });
    expect(await verify(DEMO_INVOICE_FILES.redLetter)).to.include({ valid: true, type: 'RED_LETTER' });
    const reduced = await t.call('GET', '/api/e-invoices/invoices/044031900111-00000002', { token: accountant });
    expect(reduced.body.data).to.include({ status: 'DELIVERED', total: 473800, reversedTotal: -90400 });

    // The issuer may deliver or reverse the open invoice; the buyer may do nothing with it until delivery.
    expect(transactions(await t.call('GET', OPEN, { token: invoicer }))).to.deep.equal([
      'deliverInvoice',
      'issueRedLetter',
    ]);
    expect(transactions(await t.call('GET', OPEN, { token: accountant }))).to.deep.equal([]);
    const outsider = await t.call('GET', OPEN, { token: otherAccountant });
    expect([outsider.status, outsider.body.error.code]).to.deep.equal([403, 'FORBIDDEN']);

    const delivered = await t.call('POST', `${OPEN}/deliver-invoice`, { token: invoicer, body: {} });
    expect(delivered.status, JSON.stringify(delivered.body)).to.equal(200);
    expect(transactions(await t.call('GET', OPEN, { token: accountant }))).to.deep.equal(['reimburseInvoice']);
    const paid = await t.call('POST', `${OPEN}/reimburse-invoice`, { token: accountant, body: { claimId: 'EXP-7' } });
    expect(paid.status, JSON.stringify(paid.body)).to.equal(200);
    expect(paid.body.result.data.reimbursement).to.include({ company: 'InnovatorMSP', amount: 191700 });

    const again = await t.call('POST', `${OPEN}/reimburse-invoice`, {
      token: otherAccountant,
      body: { claimId: 'L-1' },
    });
    expect([again.status, again.body.error.code]).to.deep.equal([409, 'ALREADY_EXISTS']);
    expect(again.body.error.facts).to.deep.equal({
      recordType: 'Invoice',
      id: '044031900111-00000003',
      step: 'reimburse',
      by: 'InnovatorMSP',
      at: paid.body.result.data.reimbursement.at,
    });
    expect(again.body.error.message).to.include('already reimbursed by InnovatorMSP');
  });
});
