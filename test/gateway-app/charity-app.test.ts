import { expect } from 'chai';
import pino from 'pino';
import { DEMO_CHARITY_FILES, DEMO_PROJECT } from '../../gateway-app/src/demo/charity-demo';
import { loadDemoData } from '../../gateway-app/src/demo/demo-data';
import { sha256Hex } from '../../gateway-app/src/demo/demo-documents';
import { scenarioOf } from './support/scenarios';
import { startTestApp, type Json, type TestApp } from './support/test-app';

const transactions = (answer: Json): string[] => answer.body.actions.map((a: { transaction: string }) => a.transaction);
const PROJECT = `/api/charity/projects/${DEMO_PROJECT}`;
const PUBLIC = '/api/public/charity';

/**
 * Charity donations served with no scenario code in the app: routes, OpenAPI, record actions and the demo story
 * come from the descriptor, and so do the public pages (the descriptor's `publicReads`), read without sign-in.
 */
describe('gateway app: charity donations from the scenario descriptor alone, with public project pages', function () {
  this.timeout(180_000);
  let t: TestApp;
  let fundraiser: string;
  let finance: string;
  let school: string;
  let officer: string;

  before(async () => {
    t = await startTestApp({ chaincodes: ['charity'] });
    [fundraiser, finance, school, officer] = await Promise.all(
      ['fundraiser1', 'charity-finance1', 'university-finance1', 'civil-officer1'].map((user) => t.login(user)),
    );
    const { ctx } = t.app;
    await loadDemoData(ctx.runner, ctx.directory, [scenarioOf('charity')], pino({ level: 'silent' }));
  });
  after(async () => t?.close());

  it('serves every flow at its derived path, and the public reads under /api/public, in the OpenAPI', async () => {
    const doc = (await t.call('GET', '/openapi.json')).body;
    const scenario = scenarioOf('charity');
    for (const action of scenario.actions) {
      const path = `/api/charity${action.path.replace(/:(\w+)/g, '{$1}')}`;
      expect(doc.paths[path]?.[action.method.toLowerCase()]?.operationId, path).to.equal(
        `charity.${action.transaction}`,
      );
    }
    expect(doc.paths['/api/charity/projects/{projectId}/disburse-funds'].post).to.be.an('object');
    expect(doc.paths['/api/charity/projects/{projectId}/record-donation'].post).to.be.an('object');
    const open = Object.entries(doc.paths as Record<string, Record<string, { operationId?: string }>>)
      .filter(([path]) => path.startsWith(`${PUBLIC}/`))
      .map(([path, methods]) => `${Object.keys(methods)[0]} ${path} ${Object.values(methods)[0].operationId}`);
    expect(open).to.have.members([
      'get /api/public/charity/projects/{projectId}/project-page public.charity.projectPage',
      'get /api/public/charity/donations/list-donations public.charity.listDonations',
      'get /api/public/charity/donations/{donationId}/trace-donation public.charity.traceDonation',
      'get /api/public/charity/disbursements/{disbursementId} public.charity.getDisbursement',
    ]);
  });

  it('describes the public pages to anyone: scenarios with public reads, their words and request schemas', async () => {
    const answer = await t.call('GET', '/api/public/scenarios');
    expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
    expect(answer.body.items.map((s: Json) => s.id)).to.deep.equal(['charity']);
    const [charity] = answer.body.items;
    expect(charity.labels['zh-CN'].title).to.equal('慈善捐赠');
    expect(charity.reads.map((r: Json) => `${r.method} ${r.path} ${r.record}`)).to.deep.equal([
      `GET ${PUBLIC}/projects/:projectId/project-page Project`,
      `GET ${PUBLIC}/donations/list-donations Donation`,
      `GET ${PUBLIC}/donations/:donationId/trace-donation Donation`,
      `GET ${PUBLIC}/disbursements/:disbursementId Disbursement`,
    ]);
    const page = charity.reads[0];
    expect(page.request.required).to.include('projectId');
    expect(page.pathParams).to.deep.equal(['projectId']);
    const civil = answer.body.organisations.find((o: Json) => o.mspId === 'CivilAffairsMSP');
    expect(civil.labels['zh-CN']).to.equal('民政局');
  });

  it('shows anyone, signed in or not, a project page, its donors by published name and where a gift went', async () => {
    const page = await t.call('GET', `${PUBLIC}/projects/${DEMO_PROJECT}/project-page`);
    expect(page.status, JSON.stringify(page.body)).to.equal(200);
    expect(page.body.project).to.include({ donated: 100000, disbursed: 90000, available: 10000, status: 'OPEN' });
    expect(page.body.disbursements.items.map((d: Json) => [d.data.disbursementId, d.data.status])).to.deep.equal([
      ['X-2026-001', 'CONFIRMED'],
      ['X-2026-002', 'DISBURSED'],
    ]);
    const gifts = await t.call('GET', `${PUBLIC}/donations/list-donations?projectId=${DEMO_PROJECT}`);
    expect(gifts.body.items.map((g: Json) => g.data.donor ?? null)).to.deep.equal(['Mr Zhang', null, 'Li Hua']);
    const trace = await t.call('GET', `${PUBLIC}/donations/${DEMO_PROJECT}.000002/trace-donation`);
    expect(trace.body.allocations.items.map((a: Json) => [a.data.disbursementId, a.data.amount])).to.deep.equal([
      ['X-2026-001', 10000],
      ['X-2026-002', 20000],
    ]);
    const missing = await t.call('GET', `${PUBLIC}/projects/NO-SUCH/project-page`);
    expect([missing.status, missing.body.error.code]).to.deep.equal([404, 'NOT_FOUND']);
    // Only what the descriptor marks public is open; the rest still needs a sign-in.
    expect((await t.call('GET', `${PUBLIC}/projects/${DEMO_PROJECT}`)).status).to.equal(404);
    expect((await t.call('GET', PROJECT)).status).to.equal(401);
    const verified = await t.call('POST', '/api/public/verify', {
      body: { documentHash: sha256Hex(DEMO_CHARITY_FILES.voucherDesks) },
    });
    expect(verified.body).to.include({ valid: true, scenario: 'charity', recordId: 'X-2026-001' });
  });

  it('offers each role its actions on an open project, and refuses a disbursement beyond the funds', async () => {
    expect(transactions(await t.call('GET', PROJECT, { token: fundraiser }))).to.deep.equal([
      'recordDonation',
      'closeProject',
    ]);
    expect(transactions(await t.call('GET', PROJECT, { token: finance }))).to.deep.equal(['disburseFunds']);
    expect(transactions(await t.call('GET', PROJECT, { token: officer }))).to.deep.equal([]);
    expect(transactions(await t.call('GET', PROJECT, { token: school }))).to.deep.equal([]);
    expect(transactions(await t.call('GET', '/api/charity/disbursements/X-2026-002', { token: school }))).to.deep.equal(
      ['confirmReceipt'],
    );

    const body = {
      disbursementId: 'X-2026-003',
      beneficiary: 'Hope Primary School',
      amount: 10001,
      purpose: 'Chalk',
      voucherHash: sha256Hex('voucher X-2026-003'),
    };
    const over = await t.call('POST', `${PROJECT}/disburse-funds`, { token: finance, body });
    expect([over.status, over.body.error.code]).to.deep.equal([409, 'INSUFFICIENT_QUANTITY']);
    expect(over.body.error.message).to.include('disbursement beyond funds');
    const paid = await t.call('POST', `${PROJECT}/disburse-funds`, {
      token: finance,
      body: { ...body, amount: 10000 },
    });
    expect(paid.status, JSON.stringify(paid.body)).to.equal(200);
    expect(paid.body.result.data.sources).to.deep.equal([{ donationId: `${DEMO_PROJECT}.000003`, amount: 10000 }]);
  });
});
