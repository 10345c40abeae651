import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import pino from 'pino';
import type { Devnet } from '@scenechain/devnet';
import { createApp, type App } from '../../gateway-app/src/app';
import { loadConfig } from '../../gateway-app/src/config/app-config';
import { loadDemoData } from '../../gateway-app/src/demo/demo-data';
import { devnetConnectionSettings } from '../../gateway-app/src/fabric/devnet-connection-settings';
import { connectClient } from '../support/fabric-client';
import { freePort } from '../support/ports';
import { startAppProcess, type AppProcess } from './support/app-process';
import { CHANNEL, PASSWORD, startScenarioDevnet, startTestApp, type Json } from './support/test-app';

/**
 * Kills the app (SIGKILL, in a process of its own) with Idempotency-Key requests in flight, at points the test
 * chooses by freezing the app at a log line, while the network (in this process) lives on; then starts the app
 * again on the same data folder. No key may stay 409 IDEMPOTENCY_IN_PROGRESS; no request may apply twice.
 */
describe('gateway app: idempotency keys in flight survive a crash', function () {
  this.timeout(300_000);
  let devnet: Devnet;
  let dir: string;
  let connectionFile: string;
  let appData: string;
  let running: AppProcess | undefined;
  let restarted: App | undefined;

  before(async () => {
    devnet = await startScenarioDevnet(['supply-chain']);
    dir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-crash-'));
    connectionFile = path.join(dir, 'connection.json');
    appData = path.join(dir, 'app');
    writeFileSync(connectionFile, JSON.stringify(devnetConnectionSettings(devnet, CHANNEL)));
  });
  afterEach(async () => {
    await running?.kill();
    running = undefined;
    await restarted?.close();
    restarted = undefined;
  });
  after(async () => {
    await devnet?.stop();
    rmSync(devnet.dataDir, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  const startFrozenApp = async (freezeOn: string, freezeCount = 1) =>
    (running = await startAppProcess({
      SCENECHAIN_CONNECTION: connectionFile,
      SCENECHAIN_APP_DATA: appData,
      SCENECHAIN_DEMO_PASSWORD: PASSWORD,
      SCENECHAIN_DEMO_ACCOUNTS: '1',
      SCENECHAIN_DEMO_DATA: '0',
      PORT: String(await freePort()),
      LOG_LEVEL: 'debug',
      FREEZE_ON: freezeOn,
      FREEZE_COUNT: String(freezeCount),
    }));

  /** Registers product `productId` under `key` in an app that freezes at `freezeOn`; kills it there. */
  const killDuringRegistration = async (freezeOn: string, key: string, productId: string): Promise<unknown> => {
    const app = await startFrozenApp(freezeOn);
    const token = (await http(app.url, '/api/auth/login', { body: { username: 'operator1', password: PASSWORD } })).body
      .token as string;
    const inFlight = http(app.url, `/api/supply-chain/products/register-product`, {
      token,
      key,
      body: product(productId),
    }).catch(() => undefined);
    await app.frozen();
    await app.kill();
    return inFlight;
  };

  const http = async (url: string, pathname: string, init: { token?: string; body?: unknown; key?: string }) => {
    const response = await fetch(url + pathname, {
      method: init.body === undefined ? 'GET' : 'POST',
      headers: {
        'content-type': 'application/json',
        ...(init.token && { authorization: `Bearer ${init.token}` }),
        ...(init.key && { 'idempotency-key': init.key }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };

  /** The app again, in this process, on the same folders; resolves once it settled what the dead one left. */
  const restart = async () => {
    const config = loadConfig(
      { SCENECHAIN_CONNECTION: connectionFile },
      {
        port: 0,
        dataDir: appData,
        demoPassword: PASSWORD,
        demoAccounts: true,
        loadDemoData: false,
        logLevel: 'silent',
      },
    );
    restarted = await createApp(config, { logger: pino({ level: 'silent' }) });
    const recovered = await restarted.recovered;
    const inject = async (method: string, url: string, token?: string, body?: unknown, key?: string) => {
      const answer = await restarted!.server.inject({
        method: method as 'GET',
        url,
        headers: {
          ...(token && { authorization: `Bearer ${token}` }),
          ...(key && { 'idempotency-key': key }),
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        payload: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: answer.statusCode, headers: answer.headers, body: JSON.parse(answer.body) as Json };
    };
    const login = await inject('POST', '/api/auth/login', undefined, { username: 'operator1', password: PASSWORD });
    return { app: restarted, recovered, inject, token: login.body.token as string };
  };

  const product = (id: string) => ({ productId: id, name: `Product ${id}`, unit: 'kg' });

  it('leaves no key in flight at a crash 409: each replays its ledger outcome or runs afresh, none applies twice', async () => {
    const app = await startFrozenApp('transaction submitted');
    const token = (await http(app.url, '/api/auth/login', { body: { username: 'operator1', password: PASSWORD } })).body
      .token as string;
    const keys = ['crash-a', 'crash-b', 'crash-c', 'crash-d'];
    const inFlight = keys.map((key) =>
      http(app.url, `/api/supply-chain/products/register-product`, {
        token,
        key,
        body: product(`P-${key}`),
      }).catch(() => undefined),
    );
    // Frozen right after the orderer accepted one of them, before any answer; the network commits it anyway.
    await app.frozen();
    await devnet.settle();
    await app.kill();
    expect((await Promise.all(inFlight)).every((answer) => answer === undefined)).to.equal(true);

    const again = await restart();
    expect(again.recovered).to.be.greaterThan(0);
    const answers = [];
    for (const key of keys) {
      const answer = await again.inject(
        'POST',
        `/api/supply-chain/products/register-product`,
        again.token,
        product(`P-${key}`),
        key,
      );
      // Never 409 IN_PROGRESS, and never ALREADY_EXISTS (that would be a second submit of a committed request).
      expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
      answers.push(answer);
      const stored = await again.inject('GET', `/api/supply-chain/products/P-${key}`, again.token);
      expect(stored.body.data).to.include({ id: `P-${key}`, name: `Product P-${key}` });
    }
    const replayed = answers.filter((answer) => answer.headers['idempotent-replayed'] === 'true');
    expect(replayed.length).to.be.greaterThan(0);
    for (const answer of replayed) {
      expect(answer.body.result.data.id).to.match(/^P-crash-/);
      const status = await again.inject('GET', `/api/transactions/${answer.body.transactionId}`, again.token);
      expect(status.body).to.include({ status: 'COMMITTED', committedTransactionId: answer.body.transactionId });
    }
    expect(again.app.ctx.journal.orphans()).to.deep.equal([]);
  });

  it('releases the key of a request killed before anything reached the orderer: the retry runs afresh', async () => {
    // Killed once the key is claimed, before endorsement.
    expect(await killDuringRegistration('idempotency key claimed', 'crash-unsent', 'P-unsent')).to.equal(undefined);

    const again = await restart();
    expect(again.recovered).to.equal(1);
    const retry = await again.inject(
      'POST',
      '/api/supply-chain/products/register-product',
      again.token,
      product('P-unsent'),
      'crash-unsent',
    );
    expect(retry.status, JSON.stringify(retry.body)).to.equal(200);
    expect(retry.headers['idempotent-replayed']).to.equal(undefined);
    expect(retry.body.result.data).to.include({ id: 'P-unsent' });
  });

  it('submits again the very transaction kept before the crash when the ledger never got it', async () => {
    // Killed once the transaction is journaled, before it reaches the orderer.
    expect(await killDuringRegistration('transaction journaled', 'crash-journaled', 'P-journaled')).to.equal(undefined);
    const height = devnet.height(CHANNEL);

    const again = await restart();
    expect(again.recovered).to.equal(1);
    expect(devnet.height(CHANNEL)).to.be.greaterThan(height);
    const answer = await again.inject(
      'POST',
      '/api/supply-chain/products/register-product',
      again.token,
      product('P-journaled'),
      'crash-journaled',
    );
    expect(answer.status).to.equal(200);
    expect(answer.headers['idempotent-replayed']).to.equal('true');
    expect(answer.body.result.data).to.include({ id: 'P-journaled' });
    const status = await again.inject('GET', `/api/transactions/${answer.body.transactionId}`, again.token);
    expect(status.body).to.include({ status: 'COMMITTED', transaction: 'registerProduct' });
  });

  it('releases the key of a kept transaction the ledger invalidates, and the retry cannot apply twice', async () => {
    await killDuringRegistration('transaction journaled', 'crash-stale', 'P-stale');
    // While the app is down, the same product is registered by another client: the kept transaction is stale.
    const client = connectClient(devnet, 'ManufacturerMSP', 'operator1');
    try {
      await client
        .contract(CHANNEL, 'supply-chain')
        .submitTransaction('registerProduct', JSON.stringify({ productId: 'P-stale', name: 'Direct', unit: 'kg' }));
    } finally {
      client.close();
    }

    const again = await restart();
    expect(again.recovered).to.equal(1);
    const retry = await again.inject(
      'POST',
      '/api/supply-chain/products/register-product',
      again.token,
      product('P-stale'),
      'crash-stale',
    );
    expect(retry.headers['idempotent-replayed']).to.equal(undefined);
    expect([retry.status, retry.body.error.code]).to.deep.equal([409, 'ALREADY_EXISTS']);
    const stored = await again.inject('GET', '/api/supply-chain/products/P-stale', again.token);
    expect(stored.body.data).to.include({ name: 'Direct' });
    expect(again.app.ctx.journal.orphans()).to.deep.equal([]);
  });

  it('finishes a demo load the app was killed in the middle of, running no step twice', async () => {
    const demoData = path.join(dir, 'app-demo');
    // Frozen once the supply chain's third step (commissioning batch B-APPLE-0001) committed, before the app
    // noted it; the other stories, loading alongside, stop wherever they are.
    running = await startAppProcess(
      {
        SCENECHAIN_CONNECTION: connectionFile,
        SCENECHAIN_APP_DATA: demoData,
        SCENECHAIN_DEMO_PASSWORD: PASSWORD,
        SCENECHAIN_DEMO_ACCOUNTS: '1',
        SCENECHAIN_DEMO_DATA: '1',
        PORT: String(await freePort()),
        LOG_LEVEL: 'debug',
        FREEZE_ON: 'demo step committed',
        FREEZE_SCENARIO: 'supply-chain',
        FREEZE_COUNT: '3',
      },
      false,
    );
    await running.frozen();
    await running.kill();
    const config = loadConfig(
      { SCENECHAIN_CONNECTION: connectionFile },
      { port: 0, dataDir: demoData, demoPassword: PASSWORD, demoAccounts: true, logLevel: 'silent' },
    );
    restarted = await createApp(config, { logger: pino({ level: 'silent' }) });
    const app = restarted;
    const evaluate = async (transaction: string, request: object) =>
      JSON.parse(
        new TextDecoder().decode(
          await app.ctx.runner.evaluate(app.ctx.directory.identity('ManufacturerMSP', 'operator1'), {
            chaincode: 'supply-chain',
            transaction,
            args: [JSON.stringify(request)],
          }),
        ),
      ) as Json;
    expect((await evaluate('getBatch', { batchId: 'B-APPLE-0001' })).data).to.include({ id: 'B-APPLE-0001' });
    await evaluate('getBatch', { batchId: 'B-APPLE-0003' }).then(
      () => expect.fail('the load was cut short before B-APPLE-0003'),
      (err: { code: string }) => expect(err.code).to.equal('NOT_FOUND'),
    );
    // A kept step would fail with ALREADY_EXISTS if it ran twice; the load must complete.
    await loadDemoData(
      app.ctx.runner,
      app.ctx.directory,
      app.ctx.scenarios,
      pino({ level: 'silent' }),
      app.demoProgress,
    );
    expect((await evaluate('getBatch', { batchId: 'B-APPLE-0003' })).data).to.include({ id: 'B-APPLE-0003' });
    const juice = (await evaluate('getBatch', { batchId: 'B-JUICE-0001' })).data;
    expect(juice).to.include({ custodian: 'LogisticsMSP' });
    const apples = (await evaluate('getBatch', { batchId: 'B-APPLE-0001' })).data;
    expect(apples.quantity).to.equal(200); // 1200 commissioned, 1000 pressed: once
    // And a start after that finds the story complete.
    await loadDemoData(
      app.ctx.runner,
      app.ctx.directory,
      app.ctx.scenarios,
      pino({ level: 'silent' }),
      app.demoProgress,
    );
  });

  it('keeps the key of a submit whose commit wait failed until the ledger says how it ended', async () => {
    // A commit-status deadline nobody meets: the orderer has the transaction, the app does not learn the outcome.
    const dataDir = path.join(dir, 'app-timeout');
    const hurried = await startTestApp({
      chaincodes: ['supply-chain'],
      devnet,
      config: { dataDir, deadlines: { commitStatusMs: 1 } },
    });
    try {
      const token = await hurried.login('operator1');
      const first = await hurried.call('POST', '/api/supply-chain/products/register-product', {
        token,
        body: product('P-timeout'),
        headers: { 'idempotency-key': 'timeout-1' },
      });
      expect([first.status, first.body.error.code]).to.deep.equal([504, 'NETWORK_TIMEOUT']);
    } finally {
      await hurried.close();
    }
    await devnet.settle();
    // The same app data with deadlines that can be met (a 1 ms status call can miss on a loaded machine, too).
    // Forgetting the key would submit again: ALREADY_EXISTS. The ledger's answer is replayed instead.
    const t = await startTestApp({ chaincodes: ['supply-chain'], devnet, config: { dataDir } });
    try {
      const retry = await t.call('POST', '/api/supply-chain/products/register-product', {
        token: await t.login('operator1'),
        body: product('P-timeout'),
        headers: { 'idempotency-key': 'timeout-1' },
      });
      expect(retry.status, JSON.stringify(retry.body)).to.equal(200);
      expect(retry.headers['idempotent-replayed']).to.equal('true');
      expect(retry.body.result.data).to.include({ id: 'P-timeout' });
    } finally {
      await t.close();
    }
  });
});
