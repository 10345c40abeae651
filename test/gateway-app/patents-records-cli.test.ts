import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiCallError, ApiClient } from '../../gateway-app/src/cli/api-client';
import { filePatents } from '../../gateway-app/src/cli/file-patents';
import { rebuildOffline } from '../../gateway-app/src/cli/offline-rebuild';
import { cliJson } from './support/cli-json';
import { scenarioOf } from './support/scenarios';
import { st96ExchangeTests } from './support/st96-exchange';

const govRecords = scenarioOf('gov-records');
const patents = scenarioOf('patents');
import pino from 'pino';
import { createApp } from '../../gateway-app/src/app';
import { loadConfig } from '../../gateway-app/src/config/app-config';
import { devnetConnectionSettings } from '../../gateway-app/src/fabric/devnet-connection-settings';
import { DEMO_DOCUMENTS, sha256Hex } from '../../gateway-app/src/demo/demo-documents';
import { PASSWORD, startTestApp, type TestApp } from './support/test-app';
import { freePort } from '../support/ports';

/** Where the CLI runs of this file keep a stored token (never the tester's own home). */
const CLI_CONFIG = mkdtempSync(path.join(os.tmpdir(), 'scenechain-cli-config-'));

const cli = (url: string, args: string[], env: Record<string, string> = {}) =>
  cliJson(url, args, { XDG_CONFIG_HOME: CLI_CONFIG, ...env });

function applicationsCsv(file: string, count: number, tag: string): void {
  const lines = ['title,applicantName,ipcClasses,commitment'];
  for (let i = 0; i < count; i++) {
    const commitment = createHash('sha256').update(`${tag}-${i}`).digest('hex');
    lines.push(`"Widget ${tag} ${i}, improved",Innovator Labs,G06F 16/27;B65D 65/46,${commitment}`);
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

describe('gateway app: patents, government records, public verification and the CLI', function () {
  this.timeout(180_000);
  let t: TestApp;
  let url: string;
  let applicant: string;
  let examiner: string;
  let registrar: string;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-cli-'));
  const owned = async () => {
    const answer = await t.call('GET', '/api/patents/applications/list-by-applicant?owner=InnovatorMSP&pageSize=100', {
      token: applicant,
    });
    let count = answer.body.items.length;
    let bookmark = answer.body.bookmark;
    while (bookmark) {
      const next = await t.call(
        'GET',
        `/api/patents/applications/list-by-applicant?owner=InnovatorMSP&pageSize=100&bookmark=${encodeURIComponent(bookmark)}`,
        { token: applicant },
      );
      count += next.body.items.length;
      bookmark = next.body.bookmark;
    }
    return count;
  };

  before(async () => {
    t = await startTestApp({ chaincodes: ['patents', 'gov-records'], config: { port: await freePort() } });
    url = await t.app.listen();
    [applicant, examiner, registrar] = await Promise.all([
      t.login('applicant1'),
      t.login('examiner1'),
      t.login('registrar1'),
    ]);
  });
  after(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(CLI_CONFIG, { recursive: true, force: true });
  });

  it('refuses an invalid request on every patents and records route with 400 before anything reaches the ledger', async () => {
    const before = t.devnet.height('public-services');
    for (const scenario of [patents, govRecords]) {
      for (const action of scenario.actions) {
        const url = `/api/${scenario.id}${action.path}`.replace(/:([A-Za-z]+)/g, 'X-1');
        const answer =
          action.method === 'GET'
            ? await t.call('GET', `${url}?unexpectedField=1`, { token: applicant })
            : await t.call('POST', url, { token: applicant, body: { unexpectedField: 1 } });
        expect([answer.status, answer.body.error?.code], `${action.method} ${url}`).to.deep.equal([
          400,
          'INVALID_ARGUMENT',
        ]);
      }
    }
    expect(t.devnet.height('public-services')).to.equal(before);
  });

  it('runs a patent through filing and formality examination, with the chaincode’s refusals mapped', async () => {
    const filed = await t.call('POST', '/api/patents/applications/file', {
      token: applicant,
      body: {
        title: 'Cold press',
        applicantName: 'Innovator Labs',
        ipcClasses: ['A23N 1/00'],
        commitment: sha256Hex('x'),
      },
    });
    expect(filed.status, JSON.stringify(filed.body)).to.equal(200);
    const id = filed.body.result.data.id as string;
    const wrongRole = await t.call('POST', `/api/patents/applications/${id}/examine-formalities`, {
      token: applicant,
      body: { result: 'PASS' },
    });
    expect([wrongRole.status, wrongRole.body.error.code]).to.deep.equal([403, 'FORBIDDEN']);
    const passed = await t.call('POST', `/api/patents/applications/${id}/examine-formalities`, {
      token: examiner,
      body: { result: 'PASS' },
    });
    expect(passed.body.result.data.status).to.equal('FORMALITIES_PASSED');
    const badSpec = await t.call('POST', `/api/patents/applications/${id}/publish`, {
      token: applicant,
      body: { specification: 'other', salt: '00'.repeat(16) },
    });
    expect([badSpec.status, badSpec.body.error.code]).to.deep.equal([400, 'INVALID_ARGUMENT']);
    const history = await t.call('GET', `/api/patents/applications/${id}/history`, { token: examiner });
    expect(
      history.body.items.map((e: { record: { audit: { action: string } } }) => e.record.audit.action),
    ).to.deep.equal(['passFormalities', 'file']);
  });

  it('verifies documents publicly, without signing in', async () => {
    const text = DEMO_DOCUMENTS.licence.text;
    const issued = await t.call('POST', '/api/gov-records/records/issue', {
      token: registrar,
      body: { recordId: 'BL-T-1', type: 'BUSINESS_LICENCE', subjectId: 'S-1', documentHash: sha256Hex(text) },
    });
    expect(issued.status, JSON.stringify(issued.body)).to.equal(200);
    const valid = await t.call('POST', '/api/public/verify', { body: { documentHash: sha256Hex(text) } });
    expect(valid.body).to.include({ valid: true, verdict: 'VALID', recordId: 'BL-T-1' });
    const unknown = await t.call('POST', '/api/public/verify', { body: { documentHash: sha256Hex('forged') } });
    expect(unknown.body).to.include({ valid: false, verdict: 'UNKNOWN' });
    await t.call('POST', '/api/gov-records/records/BL-T-1/suspend', { token: registrar, body: { reason: 'audit' } });
    expect(
      (await t.call('POST', '/api/public/verify', { body: { documentHash: sha256Hex(text) } })).body.verdict,
    ).to.equal('SUSPENDED');
    const malformed = await t.call('POST', '/api/public/verify', { body: { documentHash: 'abc' } });
    expect([malformed.status, malformed.body.error.code]).to.deep.equal([400, 'INVALID_ARGUMENT']);
    const qr = await t.call('GET', `/api/public/qr?text=${sha256Hex(text)}`);
    expect(qr.headers['content-type']).to.match(/image\/svg\+xml/);
    expect(String(qr.body)).to.match(/^<svg/);
  });

  it('runs against a network described by a connection.json alone (as for a real Fabric network)', async () => {
    const file = path.join(dir, 'connection.json');
    writeFileSync(file, JSON.stringify(devnetConnectionSettings(t.devnet, 'public-services')));
    const config = loadConfig(
      { SCENECHAIN_CONNECTION: file },
      {
        port: await freePort(),
        logLevel: 'silent',
        demoPassword: PASSWORD,
        demoAccounts: true,
        dataDir: path.join(dir, 'fabric-mode'),
      },
    );
    expect(config.network.kind).to.equal('fabric');
    const app = await createApp(config, { logger: pino({ level: 'silent' }) });
    try {
      const login = await app.server.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'applicant1', password: PASSWORD },
      });
      const token = (JSON.parse(login.body) as { token: string }).token;
      const list = await app.server.inject({
        method: 'GET',
        url: '/api/patents/applications/list-by-status?status=FORMALITIES_PASSED',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(list.statusCode, list.body).to.equal(200);
      expect(JSON.parse(list.body).items.length).to.be.greaterThan(0);
      const verify = await app.server.inject({
        method: 'POST',
        url: '/api/public/verify',
        payload: { documentHash: sha256Hex('nothing') },
      });
      expect(JSON.parse(verify.body)).to.include({ verdict: 'UNKNOWN' });
      const health = await app.server.inject({ method: 'GET', url: '/health' });
      expect(JSON.parse(health.body)).to.include({ status: 'ok', network: 'fabric' });
      await app.ctx.listeners.get('patents')!.waitForTransaction(JSON.parse(list.body).items[0].audit.txId);
    } finally {
      await app.close();
    }
    // With that app stopped, the read model is rebuilt from block 0 by the offline command.
    const rebuilt = await rebuildOffline(config, 800);
    expect(rebuilt.scenarios.patents).to.be.greaterThan(0);
    expect(rebuilt.scenarios['gov-records']).to.be.greaterThan(0);
  });

  it('CLI: signs in, runs scenario commands and prints errors as JSON with exit code 1', async () => {
    const login = await cli(url, ['login', 'registrar1', '--api-token', 'test', '--no-save'], {
      SCENECHAIN_PASSWORD: PASSWORD,
    });
    expect(login.code).to.equal(0);
    expect(login.json.apiToken).to.match(/^sct_/);
    const token = login.json.apiToken as string;
    const record = await cli(url, ['--token', token, 'gov-records', 'get-record', '--record-id', 'BL-T-1']);
    expect(record.json.data).to.include({ id: 'BL-T-1', status: 'SUSPENDED' });
    const reinstated = await cli(url, [
      '--token',
      token,
      'gov-records',
      'reinstate',
      '--record-id',
      'BL-T-1',
      '--idempotency-key',
      'r-1',
    ]);
    expect(reinstated.json.result.data.status).to.equal('ACTIVE');
    const missing = await cli(url, ['--token', token, 'gov-records', 'get-record', '--record-id', 'NOPE']);
    expect(missing.code).to.equal(1);
    expect(missing.json.error).to.include({ status: 404, code: 'NOT_FOUND' });
    const noToken = await cli(url, ['whoami']);
    expect(noToken.json.error.code).to.equal('UNAUTHENTICATED');
  });

  it('files applications from a CSV in batches, and resumes after an interruption without losing or duplicating any', async () => {
    const csv = path.join(dir, 'applications.csv');
    applicationsCsv(csv, 30, 'resume');
    const before = await owned();
    const real = new ApiClient(url, applicant);
    // The first run dies after its second transaction committed but before it could record it.
    let calls = 0;
    const dying = Object.assign(Object.create(real) as ApiClient, {
      call: async (...args: Parameters<ApiClient['call']>) => {
        const answer = await real.call(...args);
        if (++calls === 2) throw new ApiCallError(0, 'APP_UNREACHABLE', 'connection reset', null);
        return answer;
      },
    });
    let interrupted: unknown;
    await filePatents({ client: dying, scenario: patents, csvFile: csv, batchSize: 10, concurrency: 1 }).catch(
      (err: unknown) => (interrupted = err),
    );
    expect(interrupted).to.be.instanceOf(ApiCallError);
    expect(readFileSync(`${csv}.journal.jsonl`, 'utf8').trim().split('\n')).to.have.length(1);
    expect(await owned()).to.equal(before + 20);

    const resumed = await filePatents({ client: real, scenario: patents, csvFile: csv, batchSize: 10, concurrency: 1 });
    expect(resumed).to.include({ rows: 30, alreadyDone: 10, filedNow: 20, transactions: 2 });
    expect(await owned()).to.equal(before + 30);
    const ids = readFileSync(`${csv}.journal.jsonl`, 'utf8')
      .trim()
      .split('\n')
      .flatMap((line) => JSON.parse(line).ids as string[]);
    expect(new Set(ids).size).to.equal(30);

    const again = await filePatents({ client: real, scenario: patents, csvFile: csv, batchSize: 10 });
    expect(again).to.include({ alreadyDone: 30, filedNow: 0, transactions: 0 });
  });

  it('CLI: file-patents reports rejected rows (exit code 2) and applications per second', async () => {
    const csv = path.join(dir, 'more.csv');
    applicationsCsv(csv, 12, 'cli');
    writeFileSync(csv, `${readFileSync(csv, 'utf8')}"Bad row",Innovator Labs,NOT-IPC,${sha256Hex('bad')}\n`);
    const token = await t.login('applicant1');
    const report = await cli(url, ['--token', token, 'file-patents', csv, '--batch-size', '5']);
    expect(report.code).to.equal(2);
    expect(report.json).to.include({ rows: 13, filedNow: 12, transactions: 3 });
    expect(report.json.rejected).to.have.length(1);
    expect(report.json.rejected[0].row).to.equal(14);
    expect(report.json.applicationsPerSecond).to.be.greaterThan(0);
  });

  describe('WIPO ST.96 export and import', () => st96ExchangeTests(() => ({ t, url })));
});
