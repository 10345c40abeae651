import { expect } from 'chai';
import pino from 'pino';
import { loadDemoData } from '../../gateway-app/src/demo/demo-data';
import { sha256Hex } from '../../gateway-app/src/demo/demo-documents';
import { DEMO_RECEIVABLE_INVOICE } from '../../gateway-app/src/demo/supply-chain-finance-demo';
import { scenarioOf } from './support/scenarios';
import { startTestApp, type Json, type TestApp } from './support/test-app';

const transactions = (answer: Json): string[] => answer.body.actions.map((a: { transaction: string }) => a.transaction);
const SHARE = '/api/supply-chain-finance/receivables/AR-2026-0001-1';

/**
 * Supply chain finance served with no scenario code in the app: the demo story (private terms as transient data,
 * the bank named as endorser) loads through the generic path, each role sees its actions, and a second financing
 * request and another org's request are refused through REST.
 */
describe('gateway app: supply chain finance from the scenario descriptor alone, amounts as transient data', function () {
  this.timeout(180_000);
  let t: TestApp;
  let supplier: string;
  let core: string;
  let bank: string;

  before(async () => {
    t = await startTestApp({ chaincodes: ['supply-chain-finance'] });
    [supplier, core, bank] = await Promise.all(
      ['manufacturer-finance1', 'accountant1', 'officer1'].map((user) => t.login(user)),
    );
    const { ctx } = t.app;
    await loadDemoData(ctx.runner, ctx.directory, [scenarioOf('supply-chain-finance')], pino({ level: 'silent' }));
  });
  after(async () => t?.close());

  it('loads the demo story: the logistics share financed and settled, the manufacturer’s share confirmed', async () => {
    const settled = await t.call('GET', '/api/supply-chain-finance/receivables/AR-2026-0001-2', { token: bank });
    expect(settled.status, JSON.stringify(settled.body)).to.equal(200);
    expect(settled.body.data).to.include({ status: 'SETTLED', bank: 'BankMSP', parentId: 'AR-2026-0001' });
    expect(JSON.stringify(settled.body)).not.to.include('20000000');
    const verified = await t.call('POST', '/api/public/verify', {
      body: { documentHash: sha256Hex(DEMO_RECEIVABLE_INVOICE) },
    });
    expect(verified.body).to.include({ scenario: 'supply-chain-finance', recordId: 'AR-2026-0001', verdict: 'SPLIT' });
  });

  it('offers each role its actions, and finances a share once, at the holder’s request only', async () => {
    expect(transactions(await t.call('GET', SHARE, { token: supplier }))).to.deep.equal([
      'transferReceivable',
      'splitReceivable',
      'requestFinancing',
    ]);
    expect(transactions(await t.call('GET', SHARE, { token: core }))).to.deep.equal(['payReceivable']);
    expect(transactions(await t.call('GET', SHARE, { token: bank }))).to.deep.equal([]);
    const own = await t.call('GET', `${SHARE}/get-terms`, { token: supplier });
    expect(own.status, JSON.stringify(own.body)).to.equal(200);
    expect(own.body.terms.amount).to.equal(30_000_000);
    expect((await t.call('GET', `${SHARE}/get-terms`, { token: bank })).status).to.equal(403);

    const body = { bank: 'BankMSP', terms: own.body.terms, salt: own.body.salt };
    const foreign = await t.call('POST', `${SHARE}/request-financing`, { token: core, body });
    expect([foreign.status, foreign.body.error.code]).to.deep.equal([403, 'FORBIDDEN']);
    const asked = await t.call('POST', `${SHARE}/request-financing`, { token: supplier, body });
    expect(asked.status, JSON.stringify(asked.body)).to.equal(200);
    const twice = await t.call('POST', `${SHARE}/request-financing`, { token: supplier, body });
    expect([twice.status, twice.body.error.code]).to.deep.equal([409, 'ILLEGAL_TRANSITION']);
    const terms = await t.call('GET', `${SHARE}/get-terms`, { token: bank });
    expect(terms.body.terms.amount).to.equal(30_000_000);
  });
});
