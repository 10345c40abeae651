import { expect } from 'chai';
import { sha256Hex } from '../../gateway-app/src/demo/demo-documents';
import { accreditUniversity, issueDiploma } from './support/diplomas';
import { startTestApp, type Json, type TestApp } from './support/test-app';
import { freePort } from '../support/ports';

/**
 * Record lists as people filter and export them: every filter ignores case (Unicode too), column filters match
 * any part of a value, and the CSV export answers the same rows as the JSON list (UTF-8 with a BOM for Excel,
 * formula-like cells defused) under the same access rules.
 */
describe('gateway app: case-insensitive list filters and CSV export', function () {
  this.timeout(180_000);
  let t: TestApp;
  let operator: string;
  let carrier: string;
  let registrar: string;
  let citizen: string;

  const ids = (answer: { body: Json }) => (answer.body.items as { id: string }[]).map((i) => i.id).sort();
  const submit = async (path: string, token: string, body: unknown) => {
    const answer = await t.call('POST', path, { token, body });
    expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
    return answer.body.transactionId as string;
  };
  /** Parses the CSV the export answers (no quoted line breaks in this data), keeping the quotes. */
  const lines = (csv: string) => csv.split('\r\n').filter(Boolean);

  before(async () => {
    t = await startTestApp({
      chaincodes: ['supply-chain', 'gov-records', 'education'],
      config: { port: await freePort() },
    });
    [operator, carrier, registrar, citizen] = await Promise.all(
      ['operator1', 'carrier1', 'registrar1', 'citizen1'].map((u) => t.login(u)),
    );
    await accreditUniversity(t);
    const fields = ['Äpfel 计算机科学', '=HYPERLINK("http://evil.example","click")', '@SUM(A1:A2)', '+1 crate'];
    let diploma = '';
    for (const [i, field] of fields.entries())
      diploma = (await issueDiploma(t, `D-CSV-${i}`, `diploma ${i}`, { field })).body.transactionId;
    await t.app.ctx.listeners.get('education')!.waitForTransaction(diploma);
    await submit('/api/supply-chain/products/register-product', operator, {
      productId: 'P-JUICE',
      name: 'Apple juice',
      unit: 'l',
    });
    await submit('/api/supply-chain/batches/commission', operator, {
      batchId: 'B-CI-1',
      productId: 'P-JUICE',
      quantity: 5,
      location: 'Depot-North',
    });
    const last = await submit('/api/supply-chain/batches/commission', operator, {
      batchId: 'B-CI-2',
      productId: 'P-JUICE',
      quantity: 7,
      location: 'DEPOT-SOUTH',
    });
    await t.app.ctx.listeners.get('supply-chain')!.waitForTransaction(last);
    const issued = await submit('/api/gov-records/records/issue', registrar, {
      recordId: 'PT-CSV-1',
      type: 'PROPERTY_TITLE',
      subjectId: 'SUBJ-0001',
      documentHash: sha256Hex('title PT-CSV-1'),
    });
    await t.app.ctx.listeners.get('gov-records')!.waitForTransaction(issued);
  });
  after(async () => {
    await t?.close();
  });

  it('filters columns, states and free text in any case', async () => {
    const search = (query: string) => t.call('GET', `/api/supply-chain/search/Batch?${query}`, { token: carrier });
    expect(ids(await search('location=depot'))).to.deep.equal(['B-CI-1', 'B-CI-2']);
    expect(ids(await search('location=NORTH'))).to.deep.equal(['B-CI-1']);
    expect(ids(await search('location=depot-south&status=active'))).to.deep.equal(['B-CI-2']);
    expect(ids(await search('status=ACTIVE&q=dEpOt-NoRtH'))).to.deep.equal(['B-CI-1']);
    expect(ids(await search('status=activ'))).to.deep.equal([]);
    expect(ids(await search('productId=p-juice&custodian=manufacturer'))).to.deep.equal(['B-CI-1', 'B-CI-2']);
    // LIKE's wildcards are plain characters in a filter.
    expect(ids(await search('location=%25'))).to.deep.equal([]);
    expect(ids(await search('location=_'))).to.deep.equal([]);
    const diplomas = (query: string) => t.call('GET', `/api/education/search/Diploma?${query}`, { token: carrier });
    // Beyond ASCII: Ä folds to ä; Chinese matches as typed; in free text and in a column.
    expect(ids(await diplomas(`q=${encodeURIComponent('äPFEL')}`))).to.deep.equal(['D-CSV-0']);
    expect(ids(await diplomas(`field=${encodeURIComponent('ÄPFEL')}`))).to.deep.equal(['D-CSV-0']);
    expect(ids(await diplomas(`field=${encodeURIComponent('计算机')}`))).to.deep.equal(['D-CSV-0']);
    expect(ids(await diplomas('university=universitymsp&degree=master'))).to.have.length(4);
    const unknown = await diplomas('colour=red');
    expect([unknown.status, unknown.body.error.code]).to.deep.equal([400, 'INVALID_ARGUMENT']);
  });

  it('exports a filtered list as UTF-8 CSV with a BOM, formula-like cells defused', async () => {
    const answer = await t.call('GET', '/api/education/search/Diploma.csv?pageSize=1', { token: carrier });
    expect(answer.status).to.equal(200);
    expect(answer.headers['content-type']).to.equal('text/csv; charset=utf-8');
    expect(answer.headers['content-disposition']).to.equal('attachment; filename="education-Diploma.csv"');
    const csv = answer.body as string;
    expect(csv.startsWith('\uFEFFid,status,university,degree,field,reason,')).to.equal(true);
    const [header, ...rows] = lines(csv.slice(1));
    const columns = header.split(',');
    expect(columns).to.include.members(['revision', 'createdAt', 'updatedAt']);
    // pageSize is the JSON list's; the export holds every matching row.
    expect(rows).to.have.length(4);
    const row = (id: string) => rows.find((r) => r.startsWith(`${id},`));
    const fieldAt = columns.indexOf('field');
    expect(row('D-CSV-0')!.split(',')[fieldAt]).to.equal('Äpfel 计算机科学');
    expect(row('D-CSV-1')).to.include(`,"'=HYPERLINK(""http://evil.example"",""click"")",`);
    expect(row('D-CSV-2')!.split(',')[fieldAt]).to.equal("'@SUM(A1:A2)");
    expect(row('D-CSV-3')!.split(',')[fieldAt]).to.equal("'+1 crate");
    expect(row('D-CSV-0')!.split(',').slice(0, 4)).to.deep.equal(['D-CSV-0', 'ISSUED', 'UniversityMSP', 'MASTER']);

    const filtered = await t.call('GET', '/api/supply-chain/search/Batch.csv?location=north', { token: carrier });
    expect(
      lines(filtered.body as string)
        .slice(1)
        .map((r) => r.split(',')[0]),
    ).to.deep.equal(['B-CI-1']);
    const same = await t.call('GET', '/api/supply-chain/search/Batch?format=csv&location=north', { token: carrier });
    expect(same.body).to.equal(filtered.body);
    const limited = await t.call('GET', '/api/supply-chain/search/Batch.csv?limit=1', { token: carrier });
    expect(lines(limited.body as string)).to.have.length(2);
    const unknown = await t.call('GET', '/api/supply-chain/search/Batch.csv?colour=red', { token: carrier });
    expect([unknown.status, unknown.body.error.code]).to.deep.equal([400, 'INVALID_ARGUMENT']);
    const noType = await t.call('GET', '/api/supply-chain/search/Nothing.csv', { token: carrier });
    expect([noType.status, noType.body.error.code]).to.deep.equal([404, 'ROUTE_NOT_FOUND']);
  });

  it('exports only to those who may list: personal data stays with its department', async () => {
    const mine = await t.call('GET', '/api/gov-records/search/RegistryRecord.csv', { token: registrar });
    expect(mine.status).to.equal(200);
    expect(
      lines(mine.body as string)
        .slice(1)
        .map((r) => r.split(',')[0]),
    ).to.deep.equal(['PT-CSV-1']);
    for (const url of [
      '/api/gov-records/search/RegistryRecord.csv',
      '/api/gov-records/search/RegistryRecord?format=csv',
    ]) {
      const refused = await t.call('GET', url, { token: citizen });
      expect([refused.status, refused.body.error.code]).to.deep.equal([403, 'FORBIDDEN']);
      expect(String(refused.headers['content-type'])).to.match(/^application\/json/);
      expect((await t.call('GET', url)).status).to.equal(401);
    }
  });
});
