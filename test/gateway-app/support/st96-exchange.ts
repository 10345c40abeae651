import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliJson } from './cli-json';
import type { TestApp } from './test-app';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const XML = { 'content-type': 'application/xml' };
const EXCHANGE = 'urn:scenechain:patents:st96-exchange:1';

/** The bibliographic record an exchange document carries, read back with the app's own parser's view. */
function bibliographic(xml: string) {
  const all = (tag: string) => [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => m[1]);
  return {
    titles: all('pat:InventionTitle'),
    applicants: all('com:EntityName'),
    ipcClasses: all('pat:PatentClassificationText'),
    sections: all('pat:Section'),
  };
}

/**
 * WIPO ST.96 export and import of patent applications, run inside a suite that has a patents network and a
 * listening app (`patents-records-cli.test.ts`), so they cost no network of their own.
 */
export function st96ExchangeTests(app: () => { t: TestApp; url: string }): void {
  let t: TestApp;
  let applicant: string;
  let attorney: string;
  let applicationId: string;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-st96-'));
  const commitment = sha256('st96 round trip specification');

  const height = () => t.devnet.height('public-services');
  const importXml = (token: string, payload: string, headers: Record<string, string> = XML) =>
    t.call('POST', '/api/patents/st96/applications', { token, payload, headers });

  before(async () => {
    t = app().t;
    [applicant, attorney] = await Promise.all([t.login('applicant1'), t.login('attorney1')]);
    const filed = await t.call('POST', '/api/patents/applications/file', {
      token: applicant,
      body: {
        title: '一种基于区块链的存证方法 & <装置>',
        applicantName: '创新实验室 Innovator Labs',
        ipcClasses: ['G06F 16/27', 'H04L 9/32'],
        commitment,
      },
    });
    expect(filed.status, JSON.stringify(filed.body)).to.equal(200);
    applicationId = filed.body.result.data.id;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exports an application as ST.96 XML with INID codes, and re-imports it as the same bibliographic record', async () => {
    const exported = await t.call('GET', `/api/patents/applications/${applicationId}/st96`, { token: applicant });
    expect(exported.status).to.equal(200);
    expect(exported.headers['content-type']).to.match(/^application\/xml/);
    const xml = exported.body as string;
    expect(xml).to.contain('xmlns:pat="http://www.wipo.int/standards/XMLSchema/ST96/Patent"');
    expect(xml).to.contain(`<com:ApplicationNumberText>${applicationId}</com:ApplicationNumberText>`);
    expect(xml).to.match(/<pat:FilingDate>\d{4}-\d{2}-\d{2}<\/pat:FilingDate>/);
    for (const inid of ['(21)', '(22)', '(51)', '(54)', '(71)']) expect(xml).to.contain(`<!-- INID ${inid}`);
    expect(xml).to.contain('<sce:EventName>file</sce:EventName>');
    expect(xml).to.contain('&amp; &lt;装置&gt;');

    // The same document again files nothing: its commitment is the original's (one specification, one application).
    const before = height();
    const replay = await importXml(applicant, xml);
    expect(replay.status, JSON.stringify(replay.body)).to.equal(409);
    expect(replay.body.error.code).to.equal('ALREADY_EXISTS');
    expect(height()).to.equal(before);

    // A new specification's commitment: a new application, with the same title, applicant and IPC classes.
    const renewed = xml.replace(commitment, sha256('a second specification'));
    const imported = await importXml(applicant, renewed);
    expect(imported.status, JSON.stringify(imported.body)).to.equal(200);
    const [newId] = imported.body.result.applicationIds as string[];
    expect(imported.body.result.count).to.equal(1);
    expect(newId)
      .to.match(/^PA\d{4}-[0-9A-F]{16}$/)
      .and.not.equal(applicationId);
    const original = await t.call('GET', `/api/patents/applications/${applicationId}`, { token: applicant });
    const copy = await t.call('GET', `/api/patents/applications/${newId}`, { token: applicant });
    const { title, applicantName, ipcClasses, owner, status } = original.body.data;
    expect(copy.body.data).to.include({ title, applicantName, owner, status });
    expect(copy.body.data.ipcClasses).to.deep.equal(ipcClasses);
    const again = await t.call('GET', `/api/patents/applications/${newId}/st96`, { token: applicant });
    expect(bibliographic(again.body as string)).to.deep.equal(bibliographic(xml));
  });

  it('exports an applicant’s applications in one document and files them in bulk for the owner through an agency', async () => {
    const exported = await t.call('GET', '/api/patents/st96/applications?owner=InnovatorMSP&limit=2', {
      token: attorney,
    });
    expect(exported.status, JSON.stringify(exported.body)).to.equal(200);
    const xml = exported.body as string;
    // The next document starts where this one stopped.
    const bookmark = String(exported.headers['x-bookmark']);
    const next = await t.call('GET', `/api/patents/st96/applications?owner=InnovatorMSP&limit=2&bookmark=${bookmark}`, {
      token: attorney,
    });
    expect(next.status, JSON.stringify(next.body)).to.equal(200);
    const numbers = (document: string) => document.match(/<com:ApplicationNumberText>[^<]+/g) ?? [];
    expect(numbers(next.body as string)).to.have.length.above(0);
    expect(numbers(next.body as string)).to.not.include.members(numbers(xml));
    const count = (xml.match(/<sce:Application>/g) ?? []).length;
    expect(count, 'at most limit applications').to.equal(2);
    // The agency files the same applications again for their owner, each under a new commitment.
    let n = 0;
    const refiled = xml.replace(
      /<sce:SpecificationCommitment>[0-9a-f]{64}<\/sce:SpecificationCommitment>/g,
      () =>
        `<sce:SpecificationCommitment>${sha256(`agency ${n++}`)}</sce:SpecificationCommitment><sce:OnBehalfOf>InnovatorMSP</sce:OnBehalfOf>`,
    );
    const imported = await importXml(attorney, refiled, { 'content-type': 'text/xml; charset=utf-8' });
    expect(imported.status, JSON.stringify(imported.body)).to.equal(200);
    const ids = imported.body.result.applicationIds as string[];
    expect(ids).to.have.length(count);
    const first = await t.call('GET', `/api/patents/applications/${ids[0]}`, { token: attorney });
    expect(first.body.data).to.include({ owner: 'InnovatorMSP', agent: 'PatentAgencyMSP' });
  });

  it('refuses malformed, hostile and non-standard documents with 400 naming the fault, filing nothing', async () => {
    const good = (await t.call('GET', `/api/patents/applications/${applicationId}/st96`, { token: applicant }))
      .body as string;
    const fresh = good.replace(commitment, sha256('never filed'));
    const bomb =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
      '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>' +
      `<sce:PatentExchange xmlns:sce="${EXCHANGE}">&lol3;</sce:PatentExchange>`;
    const external = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>`;
    const entry = fresh.slice(fresh.indexOf('<sce:Application>'), fresh.indexOf('</sce:PatentExchange>'));
    const bare = entry
      .slice(entry.indexOf('<pat:PatentPublication'), entry.indexOf('</sce:Application>'))
      .replace(
        '<pat:PatentPublication ',
        '<pat:PatentPublication xmlns:pat="http://www.wipo.int/standards/XMLSchema/ST96/Patent" xmlns:com="http://www.wipo.int/standards/XMLSchema/ST96/Common" ',
      );
    const deep = `<sce:PatentExchange xmlns:sce="${EXCHANGE}">${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}</sce:PatentExchange>`;
    const cases: [string, string, string, RegExp?][] = [
      ['not XML', 'this is not xml', 'XML_MALFORMED'],
      ['truncated', fresh.slice(0, fresh.length / 2), 'XML_MALFORMED'],
      ['an XML bomb', bomb, 'XML_DOCTYPE_REFUSED'],
      ['an external entity', external, 'XML_DOCTYPE_REFUSED'],
      ['5000 levels deep', deep, 'XML_MALFORMED'],
      ['a bare ST.96 publication', bare, 'ST96_UNEXPECTED_ELEMENT', /^pat:PatentPublication$/],
      [
        'a misspelt ST.96 element',
        fresh.replaceAll('pat:InventionTitle>', 'pat:InventionTitel>'),
        'ST96_UNEXPECTED_ELEMENT',
        /pat:InventionTitleBag\/pat:InventionTitel$/,
      ],
      [
        'no title',
        fresh.replace(/<pat:InventionTitle>[^<]*<\/pat:InventionTitle>/, ''),
        'ST96_MISSING_ELEMENT',
        /pat:InventionTitleBag\/pat:InventionTitle$/,
      ],
      [
        'a bad IPC class',
        fresh.replace('<pat:PatentClassificationText>G06F 16/27', '<pat:PatentClassificationText>G06F-16'),
        'ST96_INVALID_VALUE',
        /pat:IPCRClassification\[1\]\/pat:PatentClassificationText$/,
      ],
      [
        'no commitment',
        fresh.replace(/<sce:SpecificationCommitment>[^<]*<\/sce:SpecificationCommitment>/, ''),
        'ST96_MISSING_ELEMENT',
        /sce:Application\/sce:SpecificationCommitment$/,
      ],
      ['no applications', `<sce:PatentExchange xmlns:sce="${EXCHANGE}"/>`, 'ST96_MISSING_ELEMENT'],
    ];
    const before = height();
    for (const [what, payload, code, element] of cases) {
      const answer = await importXml(applicant, payload);
      expect(answer.status, `${what}: ${JSON.stringify(answer.body)}`).to.equal(400);
      expect(answer.body.error.code, what).to.equal(code);
      if (element) expect(answer.body.error.element, what).to.match(element);
    }
    // One bad application among good ones: the whole document is refused.
    const second = entry.replace(sha256('never filed'), 'not-hex');
    const mixed = await importXml(applicant, fresh.replace('</sce:PatentExchange>', `${second}</sce:PatentExchange>`));
    expect(mixed.status, JSON.stringify(mixed.body)).to.equal(400);
    expect(mixed.body.error).to.include({ code: 'ST96_INVALID_VALUE' });
    expect(mixed.body.error.element).to.match(/sce:Application\[2\]\/sce:SpecificationCommitment$/);
    const json = await importXml(applicant, JSON.stringify({ applications: [] }), {
      'content-type': 'application/json',
    });
    expect(json.status).to.equal(415);
    const huge = await importXml(applicant, `<x>${'a'.repeat(4 * 1024 * 1024)}</x>`);
    expect(huge.status).to.equal(413);
    expect(height(), 'nothing reached the ledger').to.equal(before);
  });

  it('documents the three routes in OpenAPI, the import as an XML body', async () => {
    const { paths } = (await t.call('GET', '/openapi.json')).body;
    expect(paths['/api/patents/applications/{applicationId}/st96'].get.operationId).to.equal('patents.exportSt96');
    expect(paths['/api/patents/st96/applications'].get.operationId).to.equal('patents.exportSt96ByApplicant');
    const post = paths['/api/patents/st96/applications'].post;
    expect(post.operationId).to.equal('patents.importSt96');
    expect(Object.keys(post.requestBody.content)).to.deep.equal(['application/xml', 'text/xml']);
    expect(post.description).to.contain('XML_DOCTYPE_REFUSED');
  });

  it('exports and imports through the CLI, answering the new application numbers as JSON', async () => {
    const { url } = app();
    const cli = (args: string[]) => cliJson(url, ['--token', applicant, ...args], { XDG_CONFIG_HOME: dir });
    const file = path.join(dir, 'export.xml');
    const exported = await cli(['st96-export', applicationId, '--output', file]);
    expect(exported).to.deep.equal({ code: 0, json: { file, applications: 1 } });
    writeFileSync(file, readFileSync(file, 'utf8').replace(commitment, sha256('filed through the CLI')));
    const imported = await cli(['st96-import', file]);
    expect(imported.code, JSON.stringify(imported.json)).to.equal(0);
    expect(imported.json.filed).to.equal(1);
    expect(imported.json.applicationIds[0]).to.match(/^PA\d{4}-[0-9A-F]{16}$/);
  });
}
