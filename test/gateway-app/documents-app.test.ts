import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { freePort } from '../support/ports';
import { cliJson } from './support/cli-json';
import { accreditUniversity } from './support/diplomas';
import { startTestApp, type HttpAnswer, type Json, type TestApp } from './support/test-app';

const sha256Hex = (bytes: string | Buffer) => createHash('sha256').update(bytes).digest('hex');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const MAX_BYTES = 4096;

/**
 * Off-chain documents through the real app on a dev network: a file is uploaded into the store, anchored by a
 * scenario's flow (its size and type filled from the store), downloaded checked against its digest by those who
 * may read the anchoring record, and verified by file, publicly, as valid since its block until revoked.
 */
describe('gateway app: off-chain documents anchored on chain', function () {
  this.timeout(180_000);
  let t: TestApp;
  let registrar: string; // UniversityMSP academic-registrar1
  let employer: string; // EducationMinistryMSP accreditor1: reads the public diploma register
  let recordsClerk: string; // RecordsBureauMSP registrar1: issues government records
  let url: string;
  const folder = mkdtempSync(path.join(os.tmpdir(), 'scenechain-docs-cli-'));

  const upload = async (body: string | Buffer, contentType = 'application/octet-stream', token = registrar) => {
    const response = await t.app.server.inject({
      method: 'POST',
      url: '/api/documents',
      headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      payload: body,
    });
    return { status: response.statusCode, body: JSON.parse(response.body) as Json };
  };
  const verifyFile = async (body: string | Buffer) => {
    const response = await t.app.server.inject({
      method: 'POST',
      url: '/api/public/verify-file',
      headers: { 'content-type': 'application/octet-stream' },
      payload: body,
    });
    return { status: response.statusCode, body: JSON.parse(response.body) as Json };
  };
  const download = (sha256: string, token: string) =>
    t.app.server.inject({
      method: 'GET',
      url: `/api/documents/${sha256}`,
      headers: { authorization: `Bearer ${token}` },
    });
  const issueDiploma = (diplomaId: string, documentHash: string, transcriptHash: string): Promise<HttpAnswer> =>
    t.call('POST', '/api/education/diplomas/issue-diploma', {
      token: registrar,
      body: {
        ...{ diplomaId, holderId: `H-${diplomaId}`, degree: 'MASTER', field: 'Law', conferredOn: '2026-06-30' },
        ...{ documentHash, transcriptHash },
      },
    });
  const codeOf = (answer: { status: number; body: Json }) => [answer.status, answer.body.error?.code];

  before(async () => {
    t = await startTestApp({
      chaincodes: ['education', 'gov-records'],
      config: { port: await freePort(), documents: { kind: 'filesystem', maxBytes: MAX_BYTES } },
    });
    url = await t.app.listen();
    [registrar, employer, recordsClerk] = await Promise.all([
      t.login('academic-registrar1'),
      t.login('accreditor1'),
      t.login('registrar1'),
    ]);
    await accreditUniversity(t);
  });
  after(async () => {
    await t?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const diploma = 'Diploma D-DOC-1: Master of Laws, conferred 2026-06-30.';
  const transcript = 'Transcript of D-DOC-1: Contract law A, Evidence A-.';

  it('stores an upload under its SHA-256, once: the same bytes again are not new', async () => {
    const first = await upload(diploma, 'text/plain; charset=utf-8');
    expect([first.status, first.body]).to.deep.equal([
      201,
      { sha256: sha256Hex(diploma), size: Buffer.byteLength(diploma), mediaType: 'text/plain', created: true },
    ]);
    const again = await upload(diploma);
    expect([again.status, again.body.created, again.body.mediaType]).to.deep.equal([200, false, 'text/plain']);
    expect((await upload(PNG)).body.mediaType).to.equal('image/png');
  });

  it('documents the routes in OpenAPI: the file as the body, the codes they answer', async () => {
    const { paths } = (await t.call('GET', '/openapi.json')).body;
    const upload = paths['/api/documents'].post;
    expect(upload.requestBody.content['application/octet-stream'].schema).to.include({ format: 'binary' });
    expect(upload.description).to.include('DOCUMENT_TOO_LARGE');
    expect(paths['/api/public/verify-file'].post.requestBody.content['application/octet-stream']).to.be.an('object');
    expect(paths['/api/documents/{sha256}'].get.description).to.include('DOCUMENT_CORRUPT');
  });

  it('refuses bad uploads with specific codes and stores nothing', async () => {
    expect(codeOf(await upload('x', 'text/plain', ''))).to.deep.equal([401, 'UNAUTHENTICATED']);
    expect(codeOf(await upload(''))).to.deep.equal([400, 'EMPTY_DOCUMENT']);
    const oversized = Buffer.alloc(MAX_BYTES + 1, 0x41);
    expect(codeOf(await upload(oversized))).to.deep.equal([413, 'DOCUMENT_TOO_LARGE']);
    expect(codeOf(await verifyFile(oversized))).to.deep.equal([413, 'DOCUMENT_TOO_LARGE']);
    expect(codeOf(await upload(PNG, 'application/pdf'))).to.deep.equal([400, 'DOCUMENT_TYPE_MISMATCH']);
    expect(codeOf(await upload('a report', 'pdf'))).to.deep.equal([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const overlong = `application/${'x'.repeat(130)}`;
    expect(codeOf(await upload('a report', overlong))).to.deep.equal([400, 'INVALID_MEDIA_TYPE']);
    const stored = await t.app.ctx.documents.store.stat(sha256Hex(oversized));
    expect(stored).to.equal(undefined);
  });

  it('downloads nothing no record anchors, and refuses what is not a digest', async () => {
    expect(codeOf(await jsonOf(download('not-a-digest', employer)))).to.deep.equal([400, 'INVALID_DIGEST']);
    expect(codeOf(await jsonOf(download(sha256Hex(diploma), employer)))).to.deep.equal([404, 'DOCUMENT_NOT_ANCHORED']);
    expect(codeOf(await jsonOf(download(sha256Hex('never uploaded'), employer)))).to.deep.equal([
      404,
      'DOCUMENT_NOT_ANCHORED',
    ]);
  });

  let issued: HttpAnswer;
  it('anchors an uploaded file through a scenario flow, recording its size, type, org and time', async () => {
    await upload(transcript, 'text/plain');
    issued = await issueDiploma('D-DOC-1', sha256Hex(diploma), sha256Hex(transcript));
    expect(issued.status, JSON.stringify(issued.body)).to.equal(200);
    expect(issued.body.result.data).to.not.have.property('documentFacts');
    const answer = await verifyFile(diploma);
    expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
    expect(answer.body).to.deep.include({
      valid: true,
      verdict: 'VALID',
      scenario: 'education',
      recordId: 'D-DOC-1',
      document: 'diploma',
      size: Buffer.byteLength(diploma),
      mediaType: 'text/plain',
      anchoredBy: 'UniversityMSP',
      anchorTxId: issued.body.transactionId,
      anchoredInBlock: issued.body.blockNumber,
      file: { sha256: sha256Hex(diploma), size: Buffer.byteLength(diploma) },
    });
    expect(answer.body.anchoredAt).to.match(/^\d{4}-\d\d-\d\dT/);
    // The JSON verify by digest answers the same block.
    const byDigest = await t.call('POST', '/api/public/verify', { body: { documentHash: sha256Hex(diploma) } });
    expect(byDigest.body.anchoredInBlock).to.equal(issued.body.blockNumber);
  });

  it('downloads an anchored document to a reader of its record, checked against its digest', async () => {
    const response = await download(sha256Hex(diploma), employer);
    expect(response.statusCode, response.body).to.equal(200);
    expect(response.body).to.equal(diploma);
    expect(response.headers['content-type']).to.match(/^text\/plain/);
    expect(response.headers['repr-digest']).to.equal(
      `sha-256=:${Buffer.from(sha256Hex(diploma), 'hex').toString('base64')}:`,
    );
    expect(response.headers['content-disposition']).to.equal(`attachment; filename="${sha256Hex(diploma)}"`);
  });

  it('never serves a stored copy damaged on disk', async () => {
    const sha256 = sha256Hex(transcript);
    const file = path.join(t.dataDir, 'gateway-app', 'documents', sha256.slice(0, 2), sha256);
    writeFileSync(file, 'Transcript of D-DOC-1: Contract law A, Evidence A+.');
    expect(codeOf(await jsonOf(download(sha256, employer)))).to.deep.equal([500, 'DOCUMENT_CORRUPT']);
    const metrics = await t.call('GET', '/metrics');
    expect(String(metrics.body)).to.match(/^scenechain_documents_corrupt_total 1$/m);
  });

  it('says an anchored document the store lacks is not found', async () => {
    const unstored = 'Diploma D-DOC-2, never uploaded.';
    const answer = await issueDiploma('D-DOC-2', sha256Hex(unstored), sha256Hex('transcript D-DOC-2'));
    expect(answer.status).to.equal(200);
    expect(codeOf(await jsonOf(download(sha256Hex(unstored), employer)))).to.deep.equal([404, 'DOCUMENT_NOT_FOUND']);
    // anchored without facts: the claim records the digest, org and time only
    const verified = await verifyFile(unstored);
    expect(verified.body).to.include({ valid: true, anchoredBy: 'UniversityMSP' });
    expect(verified.body).to.not.have.any.keys('size', 'mediaType');
  });

  it('lets only readers of the anchoring record download: a government record is not for everyone', async () => {
    const licence = 'Business licence BL-DOC-1 of Example Trading Co.';
    expect((await upload(licence, 'text/plain', recordsClerk)).status).to.equal(201);
    const record = await t.call('POST', '/api/gov-records/records/issue', {
      token: recordsClerk,
      body: {
        recordId: 'BL-DOC-1',
        type: 'BUSINESS_LICENCE',
        subjectId: 'SUBJ-DOC-1',
        documentHash: sha256Hex(licence),
      },
    });
    expect(record.status, JSON.stringify(record.body)).to.equal(200);
    expect((await download(sha256Hex(licence), recordsClerk)).statusCode).to.equal(200);
    // issued through the scenario route without documentFacts: the app filled them from the store
    expect((await verifyFile(licence)).body).to.deep.include({
      verdict: 'VALID',
      size: Buffer.byteLength(licence),
      mediaType: 'text/plain',
      anchoredBy: 'RecordsBureauMSP',
    });
    expect(codeOf(await jsonOf(download(sha256Hex(licence), registrar)))).to.deep.equal([403, 'FORBIDDEN']);
  });

  it('verifies a file as no longer valid once its record is revoked, and a tampered file as unknown', async () => {
    const revoked = await t.call('POST', '/api/education/diplomas/D-DOC-1/revoke-diploma', {
      token: registrar,
      body: { reason: 'conferred in error' },
    });
    expect(revoked.status, JSON.stringify(revoked.body)).to.equal(200);
    const answer = await verifyFile(diploma);
    expect(answer.body).to.deep.include({
      valid: false,
      verdict: 'REVOKED',
      recordId: 'D-DOC-1',
      anchoredInBlock: issued.body.blockNumber,
    });
    const tampered = await verifyFile(diploma.replace('Laws', 'Arts'));
    expect(tampered.body).to.deep.include({ valid: false, verdict: 'UNKNOWN' });
    expect(tampered.body).to.not.have.property('recordId');
    expect(codeOf(await verifyFile(''))).to.deep.equal([400, 'EMPTY_DOCUMENT']);
  });

  it('CLI: uploads a file, anchors it, verifies it by file and downloads it checked', async () => {
    const env = { XDG_CONFIG_HOME: path.join(folder, 'config') };
    const report = 'Inspection report IR-7: boiler passed, 2026-07-01.';
    const file = path.join(folder, 'report.txt');
    writeFileSync(file, report);
    const uploaded = await cliJson(url, ['--token', registrar, 'upload', file, '--type', 'text/plain'], env);
    expect(uploaded).to.deep.equal({
      code: 0,
      json: { sha256: sha256Hex(report), size: Buffer.byteLength(report), mediaType: 'text/plain', created: true },
    });
    const unanchored = await cliJson(url, ['verify-file', file], env);
    expect(unanchored.json).to.deep.include({ valid: false, verdict: 'UNKNOWN' });
    const anchored = await issueDiploma('D-DOC-3', sha256Hex(report), sha256Hex('transcript D-DOC-3'));
    const verified = await cliJson(url, ['verify-file', file], env);
    expect(verified.json).to.deep.include({
      valid: true,
      recordId: 'D-DOC-3',
      anchoredInBlock: anchored.body.blockNumber,
    });
    const saved = path.join(folder, 'saved.txt');
    const downloaded = await cliJson(url, ['--token', employer, 'download', sha256Hex(report), '-o', saved], env);
    expect(downloaded.code).to.equal(0);
    expect(readFileSync(saved, 'utf8')).to.equal(report);
    const refused = await cliJson(url, ['--token', employer, 'download', sha256Hex('nothing'), '-o', saved], env);
    expect([refused.code, refused.json.error.code]).to.deep.equal([1, 'DOCUMENT_NOT_ANCHORED']);
  });
});

async function jsonOf(
  response: Promise<{ statusCode: number; body: string }>,
): Promise<{ status: number; body: Json }> {
  const { statusCode, body } = await response;
  return { status: statusCode, body: JSON.parse(body) as Json };
}
