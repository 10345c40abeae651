import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Devnet } from '@scenechain/devnet';
import { expect } from 'chai';
import pino from 'pino';
import { createApp, type App } from '../../gateway-app/src/app';
import { ADMIN_PASSWORD_MIN_LENGTH } from '../../gateway-app/src/auth/first-start-admins';
import { loadConfig, type AppConfigInput } from '../../gateway-app/src/config/app-config';
import { devnetConnectionSettings } from '../../gateway-app/src/fabric/devnet-connection-settings';
import { startupBanner } from '../../gateway-app/src/startup-banner';
import { CHANNEL, startScenarioDevnet } from './support/test-app';

/*
 * A real network (the app switched by a connection.json alone, here one describing a dev network) gets no demo
 * accounts and no demo data unless asked: its first start creates one admin account per org, with a password
 * the operator types (injected prompt) or one generated and printed once (injected output).
 */
describe('gateway app: first start on a real network', function () {
  this.timeout(180_000);
  let devnet: Devnet;
  let dir: string;
  let connectionFile: string;
  const apps: App[] = [];

  before(async () => {
    devnet = await startScenarioDevnet(['gov-records']);
    dir = mkdtempSync(path.join(os.tmpdir(), 'first-start-'));
    connectionFile = path.join(dir, 'connection.json');
    writeFileSync(connectionFile, JSON.stringify(devnetConnectionSettings(devnet, CHANNEL)));
  });
  after(async () => {
    await devnet?.stop();
    rmSync(devnet.dataDir, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
  });

  const orgAdmins = () => devnet.topology.orgs.map((org) => `admin-${org.mspId.replace(/MSP$/, '').toLowerCase()}`);

  async function start(
    dataDir: string,
    io: { prompt?: (question: string) => Promise<string>; printed: string[] },
    env: NodeJS.ProcessEnv = {},
    overrides: AppConfigInput = {},
  ): Promise<App> {
    const config = loadConfig(
      { SCENECHAIN_CONNECTION: connectionFile, ...env },
      { port: 0, logLevel: 'silent', dataDir: path.join(dir, dataDir), ...overrides },
    );
    const app = await createApp(config, {
      logger: pino({ level: 'silent' }),
      firstStart: { prompt: io.prompt, print: (text) => io.printed.push(text) },
    });
    apps.push(app);
    return app;
  }

  async function login(app: App, username: string, password: string): Promise<number> {
    const answer = await app.server.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password },
    });
    return answer.statusCode;
  }

  it('defaults: demo on the dev network, off on a real one; opt-in by variable; bad values refused', () => {
    const dev = loadConfig({});
    expect([dev.demoAccounts, dev.loadDemoData]).to.deep.equal([true, true]);
    const real = loadConfig({ SCENECHAIN_CONNECTION: connectionFile });
    expect([real.demoAccounts, real.loadDemoData]).to.deep.equal([false, false]);
    const asked = loadConfig({
      SCENECHAIN_CONNECTION: connectionFile,
      SCENECHAIN_DEMO_ACCOUNTS: '1',
      SCENECHAIN_DEMO_DATA: '1',
    });
    expect([asked.demoAccounts, asked.loadDemoData]).to.deep.equal([true, true]);
    expect(loadConfig({ SCENECHAIN_DEMO_DATA: '0' }).loadDemoData).to.equal(false);
    expect(() => loadConfig({ SCENECHAIN_DEMO_DATA: 'yes' })).to.throw(
      "invalid configuration: SCENECHAIN_DEMO_DATA must be 1 or 0, got 'yes'",
    );
  });

  it('asks once on a terminal, re-asks a too short answer, and never again on the next start', async () => {
    const answers = ['short', 'correct horse battery staple'];
    const questions: string[] = [];
    const printed: string[] = [];
    const prompt = (question: string) => {
      questions.push(question);
      return Promise.resolve(answers.shift()!);
    };
    const app = await start('typed', { prompt, printed });
    expect(questions).to.have.length(2);
    // Every org's new admin is named (in the channel's order of orgs, which need not be the file's).
    for (const admin of orgAdmins()) expect(questions[0]).to.contain(`${admin}`);
    expect(printed.join('')).to.contain(`at least ${ADMIN_PASSWORD_MIN_LENGTH} characters`);
    expect(printed.join('')).to.not.contain('correct horse');
    for (const admin of orgAdmins())
      expect(await login(app, admin, 'correct horse battery staple'), admin).to.equal(200);
    // None of the demo accounts, with the demo password or any other.
    expect(app.demoAccounts).to.deep.equal([]);
    expect(await login(app, 'registrar1', 'scenechain')).to.equal(401);
    expect(await login(app, orgAdmins()[0], 'scenechain')).to.equal(401);
    await app.close();
    apps.splice(0);

    const again: string[] = [];
    const restarted = await start('typed', {
      prompt: () => Promise.reject(new Error('asked again')),
      printed: again,
    });
    expect(again).to.deep.equal([]);
    expect(await login(restarted, orgAdmins()[0], 'correct horse battery staple')).to.equal(200);
  });

  it('without a terminal generates a password per admin and prints each once', async () => {
    const printed: string[] = [];
    const app = await start('generated', { printed });
    const text = printed.join('');
    for (const admin of orgAdmins()) {
      const password = new RegExp(`${admin}\\s+\\S+\\s+password (\\S+)`).exec(text)?.[1];
      expect(password, `${admin} in:\n${text}`).to.be.a('string');
      expect(password!.length).to.be.at.least(ADMIN_PASSWORD_MIN_LENGTH);
      expect(await login(app, admin, password!), admin).to.equal(200);
    }
    expect(text).to.contain('shown only now');
    expect(startupBanner('http://x', app.demoAccounts, 'scenechain', 'fabric')).to.not.contain('scenechain"');
  });

  it('gives a real network the demo accounts only when asked', async () => {
    const printed: string[] = [];
    const app = await start('asked', { printed }, { SCENECHAIN_DEMO_ACCOUNTS: '1' }, { demoPassword: 'demo-pass' });
    expect(printed).to.deep.equal([]);
    expect(app.demoAccounts.map((a) => a.username)).to.include('registrar1');
    expect(await login(app, 'registrar1', 'demo-pass')).to.equal(200);
  });
});
