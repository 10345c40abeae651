import { expect } from 'chai';
import pino from 'pino';
import { DEMO_CARBON_BLOCKS } from '../../gateway-app/src/demo/carbon-credits-demo';
import { loadDemoData } from '../../gateway-app/src/demo/demo-data';
import { scenarioOf } from './support/scenarios';
import { startTestApp, type Json, type TestApp } from './support/test-app';

const transactions = (answer: Json): string[] => answer.body.actions.map((a: { transaction: string }) => a.transaction);
const credits = (blockId: string) => `/api/carbon-credits/credits/${blockId}`;

/**
 * Carbon credits served with no app code: the topology deploys the chaincode, and routes, OpenAPI, record actions
 * by state and role and the demo story all come from its descriptor; refusals arrive with their facts.
 */
describe('gateway app: carbon credits from the scenario descriptor alone', function () {
  this.timeout(180_000);
  let t: TestApp;
  let owner: string;
  let buyer: string;
  let verifier: string;

  before(async () => {
    t = await startTestApp({ chaincodes: ['carbon-credits'] });
    [owner, buyer, verifier] = await Promise.all(
      ['carbon-manager1', 'carbon-buyer1', 'verifier1'].map((user) => t.login(user)),
    );
  });
  after(async () => t?.close());

  it('serves every flow at its derived path, listed in the OpenAPI', async () => {
    const doc = (await t.call('GET', '/openapi.json')).body;
    const scenario = scenarioOf('carbon-credits');
    for (const action of scenario.actions) {
      const path = `/api/carbon-credits${action.path.replace(/:(\w+)/g, '{$1}')}`;
      expect(doc.paths[path]?.[action.method.toLowerCase()]?.operationId, path).to.equal(
        `carbon-credits.${action.transaction}`,
      );
    }
    expect(scenario.actions.map((a) => a.transaction)).to.have.members(Object.keys(scenario.descriptor.flows));
    expect(doc.paths['/api/carbon-credits/projects/register-project'].post).to.be.an('object');
    expect(doc.paths['/api/carbon-credits/reports/{reportId}/issue-credits'].post).to.be.an('object');
    expect(doc.paths['/api/carbon-credits/credits/{blockId}/retire-credits'].post).to.be.an('object');
    expect(doc.paths['/api/carbon-credits/credits/list-credits-by-holder'].get).to.be.an('object');
    expect(doc.paths['/api/carbon-credits/registry-totals'].get).to.be.an('object');
  });

  it('loads the demo story; offers the holder its actions; retires through REST, once; totals add up', async () => {
    const { ctx } = t.app;
    await loadDemoData(ctx.runner, ctx.directory, [scenarioOf('carbon-credits')], pino({ level: 'silent' }));
    const held = credits(DEMO_CARBON_BLOCKS.buyerHeld);
    const block = await t.call('GET', held, { token: buyer });
    expect(block.body.data).to.include({ holder: 'InnovatorMSP', status: 'HELD', quantity: 700 });
    expect(transactions(block)).to.deep.equal(['transferCredits', 'retireCredits']);
    expect(transactions(await t.call('GET', held, { token: owner }))).to.deep.equal([]);
    expect(transactions(await t.call('GET', credits(DEMO_CARBON_BLOCKS.retired), { token: buyer }))).to.deep.equal([]);

    const retire = { beneficiary: 'Innovator Labs, 2025 travel', reason: 'Offsetting business travel' };
    const wrongRole = await t.call('POST', `${held}/retire-credits`, { token: verifier, body: retire });
    expect([wrongRole.status, wrongRole.body.error.code]).to.deep.equal([403, 'FORBIDDEN']);
    const done = await t.call('POST', `${held}/retire-credits`, { token: buyer, body: { ...retire, quantity: 200 } });
    expect(done.status, JSON.stringify(done.body)).to.equal(200);
    expect(done.body.result.data).to.include({ blockId: 'CN-P-ROOF-PV-2025-501-700', status: 'RETIRED' });
    const again = await t.call('POST', `${credits('CN-P-ROOF-PV-2025-501-700')}/retire-credits`, {
      token: buyer,
      body: retire,
    });
    expect([again.status, again.body.error.code]).to.deep.equal([409, 'ALREADY_EXISTS']);
    expect(again.body.error.facts).to.deep.include({ step: 'retire', by: 'InnovatorMSP' });

    const totals = await t.call('GET', '/api/carbon-credits/registry-totals?projectId=P-ROOF-PV', { token: owner });
    expect(totals.body).to.include({ issued: 5000, retired: 700, held: 4300 });
  });
});
