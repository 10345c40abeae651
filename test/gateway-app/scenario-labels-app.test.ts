import { expect } from 'chai';
import { sha256Hex } from '../../gateway-app/src/demo/demo-documents';
import { startTestApp, type Json, type TestApp } from './support/test-app';
import { freePort } from '../support/ports';

/**
 * The app passes the scenario's own words on (the catalog's `labels`, documented in OpenAPI) and carries
 * Chinese attribute names from a form to the ledger and back; a bad name is refused before any proposal,
 * with the chaincode's reason.
 */
describe('gateway app: scenario words and Chinese attribute names', function () {
  this.timeout(180_000);
  let t: TestApp;
  let registrar: string;

  before(async () => {
    t = await startTestApp({ chaincodes: ['gov-records'], config: { port: await freePort() } });
    registrar = await t.login('registrar1');
  });
  after(async () => {
    await t?.close();
  });

  it('names every org of the network in Chinese, from the topology', async () => {
    const catalog = (await t.call('GET', '/api/scenarios', { token: registrar })).body;
    expect(catalog.organisations.map((org: Json) => org.mspId)).to.have.members(catalog.orgs);
    const unnamed = catalog.organisations.filter((org: Json) => !/\p{Script=Han}/u.test(org.labels['zh-CN'] ?? ''));
    expect(
      unnamed.map((org: Json) => org.mspId),
      'orgs without a zh-CN label in network/topology.yaml',
    ).to.deep.equal([]);
    const bureau = catalog.organisations.find((org: Json) => org.mspId === 'RecordsBureauMSP');
    expect(bureau).to.deep.equal({
      mspId: 'RecordsBureauMSP',
      name: 'RecordsBureau',
      labels: { 'zh-CN': '政务服务登记中心' },
    });
  });

  it('gives each catalog item its labels, as the descriptor has them, and documents them', async () => {
    const catalog = (await t.call('GET', '/api/scenarios', { token: registrar })).body;
    const gov = catalog.items.find((item: Json) => item.id === 'gov-records');
    const zh = gov.labels['zh-CN'];
    expect(zh.title).to.equal('政务证照');
    expect(zh.flows.issue).to.equal('签发证照');
    expect(zh.fields).to.include({ recordId: '证照编号', issuer: '颁发机构', validUntil: '有效期至' });
    expect(zh.values.BUSINESS_LICENCE).to.equal('营业执照');
    expect(zh.transitions).to.include({ suspend: '暂停', reinstate: '恢复', transferTitle: '办理转移登记' });
    expect(zh.descriptions.revoke).to.match(/吊销/);
    const openapi = (await t.call('GET', '/openapi.json')).body;
    const item =
      openapi.paths['/api/scenarios'].get.responses['200'].content['application/json'].schema.properties.items.items;
    expect(item.required).to.include('labels');
    expect(Object.keys(item.properties.labels.additionalProperties.properties)).to.include.members([
      'records',
      'fields',
      'states',
      'transitions',
      'flows',
      'descriptions',
      'events',
      'values',
    ]);
  });

  it('issues a licence with Chinese attribute names through REST and reads them back', async () => {
    const attributes = { 证照编号: '京(2024)0001号', 经营范围: '食品零售', '登记 机关': '朝阳区市场监管局' };
    const issued = await t.call('POST', '/api/gov-records/records/issue', {
      token: registrar,
      body: {
        recordId: 'BL-ZH-APP',
        type: 'BUSINESS_LICENCE',
        subjectId: 'CO-0001',
        documentHash: sha256Hex('licence BL-ZH-APP'),
        attributes,
      },
    });
    expect(issued.status, JSON.stringify(issued.body)).to.equal(200);
    const read = await t.call('GET', '/api/gov-records/records/BL-ZH-APP', { token: registrar });
    expect(read.status, JSON.stringify(read.body)).to.equal(200);
    expect(read.body.data.attributes).to.deep.equal(attributes);
  });

  it('refuses a control character in an attribute name with the reason, not "Invalid key in record"', async () => {
    const refused = await t.call('POST', '/api/gov-records/records/issue', {
      token: registrar,
      body: {
        recordId: 'BL-ZH-BAD',
        type: 'BUSINESS_LICENCE',
        subjectId: 'CO-0001',
        documentHash: sha256Hex('licence BL-ZH-BAD'),
        attributes: { '持有\u0007人': 'x' },
      },
    });
    expect(refused.status).to.equal(400);
    expect(refused.body.error.code).to.equal('INVALID_ARGUMENT');
    expect(refused.body.error.message).to.include('an attribute name may not contain a control character');
    expect(refused.body.error.issues).to.deep.equal([
      { path: 'attributes.持有\u0007人', message: 'an attribute name may not contain a control character' },
    ]);
  });
});
