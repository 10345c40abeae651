import { expect } from 'chai';
import { sha256Hex } from '../../gateway-app/src/demo/demo-documents';
import { startTestApp, type Json, type TestApp } from './support/test-app';
import { freePort } from '../support/ports';

/**
 * The app follows the chaincode's rules on gov-records personal data: a role counts only from its authority
 * (a ManufacturerMSP user with role citizen is offered nothing a citizen may do, and the ledger refuses it),
 * and the read model lists records, transfers, consents and access logs only to the department's registrars
 * (their own department's records), never around the chaincode's read rules.
 */
describe('gateway app: gov-records attribute trust and read access', function () {
  this.timeout(180_000);
  let t: TestApp;
  let registrar: string;
  let citizen: string;
  let agent: string;
  let forger: string;

  const issue = (recordId: string, subjectId: string) =>
    t.call('POST', '/api/gov-records/records/issue', {
      token: registrar,
      body: { recordId, type: 'PROPERTY_TITLE', subjectId, documentHash: sha256Hex(`title ${recordId}`) },
    });

  before(async () => {
    t = await startTestApp({ chaincodes: ['gov-records'], config: { port: await freePort() } });
    [registrar, citizen, agent] = await Promise.all([t.login('registrar1'), t.login('citizen1'), t.login('agent1')]);
    const admin = await t.login('admin-manufacturer');
    const registered = await t.call('POST', '/api/admin/users', {
      token: admin,
      body: { username: 'forger', password: 'forger-password', role: 'citizen' },
    });
    expect(registered.status, JSON.stringify(registered.body)).to.equal(201);
    const login = await t.call('POST', '/api/auth/login', {
      body: { username: 'forger', password: 'forger-password' },
    });
    forger = login.body.token as string;
    expect((await issue('PT-A-1', 'SUBJ-0001')).status).to.equal(200);
    const last = await issue('PT-A-2', 'SUBJ-0002');
    expect(last.status).to.equal(200);
    await t.app.ctx.listeners.get('gov-records')!.waitForTransaction(last.body.transactionId as string);
  });
  after(async () => {
    await t?.close();
  });

  it('counts a role only from its authority, in the catalog and on the ledger', async () => {
    const catalogOf = async (token: string) =>
      (await t.call('GET', '/api/scenarios', { token })).body.items.find((s: Json) => s.id === 'gov-records');
    const forgerCatalog = await catalogOf(forger);
    const citizenCatalog = await catalogOf(citizen);
    const allowed = (catalog: Json, transaction: string) =>
      catalog.actions.find((a: Json) => a.transaction === transaction).allowed;
    expect(allowed(citizenCatalog, 'grantConsent')).to.equal(true);
    expect(allowed(forgerCatalog, 'grantConsent')).to.equal(false);
    expect(allowed(forgerCatalog, 'listMyRecords')).to.equal(false);
    expect(citizenCatalog.authorities).to.deep.include({
      role: 'citizen',
      issuedBy: 'CitizenAgentMSP',
      attributes: ['subject'],
    });
    const before = t.devnet.height('public-services');
    const refused = await t.call('POST', '/api/gov-records/consents/grant-consent', {
      token: forger,
      body: {
        consentId: 'C-FORGED',
        recordId: 'PT-A-1',
        grantee: 'ManufacturerMSP',
        purpose: 'marketing',
        validUntil: new Date(Date.now() + 86_400_000).toISOString(),
      },
    });
    expect([refused.status, refused.body.error.code]).to.deep.equal([403, 'FORBIDDEN']);
    expect(refused.body.error.message).to.include('claims role citizen, which counts only from CitizenAgentMSP');
    expect(t.devnet.height('public-services')).to.equal(before);
  });

  it('says who may read each query, in the catalog and in OpenAPI', async () => {
    const catalog = (await t.call('GET', '/api/scenarios', { token: citizen })).body.items[0];
    const getRecord = catalog.actions.find((a: Json) => a.transaction === 'getRecord');
    expect(getRecord.readers).to.include("only the record's subject");
    expect(catalog.actions.find((a: Json) => a.transaction === 'verifyDocument').readers).to.equal(
      'any channel member',
    );
    const openapi = (await t.call('GET', '/openapi.json')).body;
    expect(openapi.paths['/api/gov-records/records/{recordId}'].get.description).to.include(
      "Readable by: CitizenAgentMSP with role citizen or representative, or RecordsBureauMSP with role registrar; only the record's subject",
    );
    const tag = openapi.tags.find((x: Json) => x.name === 'Government records: Records');
    expect(tag.description).to.include('citizen (with subject): CitizenAgentMSP');
  });

  it('lists personal records from the read model only to the issuing department', async () => {
    const search = (token: string) => t.call('GET', '/api/gov-records/search/RegistryRecord', { token });
    const registrarList = await search(registrar);
    expect(registrarList.body.items.map((r: Json) => r.id)).to.have.members(['PT-A-1', 'PT-A-2']);
    for (const token of [citizen, agent, forger]) {
      const refused = await search(token);
      expect([refused.status, refused.body.error.code]).to.deep.equal([403, 'FORBIDDEN']);
      expect(refused.body.error.message).to.include('RegistryRecord records of gov-records are personal data');
      const timeline = await t.call('GET', '/api/gov-records/timeline/RegistryRecord/PT-A-1', { token });
      expect(timeline.status).to.equal(403);
      const dashboard = (await t.call('GET', '/api/gov-records/dashboard', { token })).body;
      expect(dashboard.counts).to.deep.equal([]);
      expect(dashboard.recent).to.deep.equal([]);
    }
    const dashboard = (await t.call('GET', '/api/gov-records/dashboard', { token: registrar })).body;
    expect(dashboard.counts).to.deep.include({ recordType: 'RegistryRecord', status: 'ACTIVE', count: 2 });
    const catalog = (await t.call('GET', '/api/scenarios', { token: citizen })).body.items[0];
    const records = catalog.records.find((r: Json) => r.type === 'RegistryRecord');
    expect(records).to.include({ listed: false });
    expect(records.ownList).to.deep.equal({
      transaction: 'listMyRecords',
      path: '/api/gov-records/records/list-my-records',
    });
  });

  it("gives a citizen their own records and refuses others' through the API", async () => {
    const mine = await t.call('GET', '/api/gov-records/records/list-my-records', { token: citizen });
    expect(mine.body.items.map((r: Json) => r.data.id)).to.deep.equal(['PT-A-1']);
    const other = await t.call('GET', '/api/gov-records/records/PT-A-2', { token: citizen });
    expect([other.status, other.body.error.code]).to.deep.equal([403, 'FORBIDDEN']);
    expect(other.body.error.message).to.include('may not read RegistryRecord PT-A-2');
    const bySubject = await t.call('GET', '/api/gov-records/records/list-records-by-subject?subjectId=SUBJ-0002', {
      token: citizen,
    });
    expect(bySubject.status).to.equal(403);
    const agentRead = await t.call('GET', '/api/gov-records/records/PT-A-1', { token: agent });
    expect(agentRead.status).to.equal(403);
  });
});
