import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { launchChromium, openPage, uiSteps } from './support/browser';
import { PASSWORD, startTestApp, type TestApp } from './support/test-app';
import { freePort } from '../support/ports';
import { REPO_ROOT } from '../support/devnet';

const CHANNEL = 'public-services';
const CLI = path.join(REPO_ROOT, 'gateway-app', 'src', 'cli', 'main.ts');
const run = promisify(execFile);

/**
 * A recalled product's stock summed through REST: each org's user contributes its stock, which its own org's
 * app splits into shares and delivers (transient data), then publishes its partial sum; one closes the round.
 */
describe('gateway app: supply-chain secure sum through REST', function () {
  this.timeout(300_000);
  let t: TestApp;
  let url: string;
  const tokens: Record<string, string> = {};
  const stock: Record<string, string> = { operator1: '38120457', carrier1: '5093381', inspector1: '2770619' };
  const orgOf: Record<string, string> = {
    operator1: 'ManufacturerMSP',
    carrier1: 'LogisticsMSP',
    inspector1: 'RegulatorMSP',
  };

  /** Opens a round of the three orgs, due in an hour, as `user`. */
  async function openRound(roundId: string, user: string): Promise<void> {
    const opened = await t.call('POST', '/api/supply-chain/open-secure-sum', {
      token: tokens[user]!,
      body: {
        roundId,
        question: '召回产品现存库存',
        orgs: Object.values(orgOf),
        deadline: new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
      },
    });
    expect(opened.status, JSON.stringify(opened.body)).to.equal(200);
  }

  /** Each org publishes its partial sum with its value, then `closer` closes: the total is the values' sum. */
  async function publishAndClose(roundId: string, values: Record<string, string>, closer: string): Promise<void> {
    for (const user of Object.keys(values)) {
      const published = await t.call('POST', '/api/supply-chain/publish-partial-sum', {
        token: tokens[user]!,
        body: { roundId, org: orgOf[user], value: values[user] },
      });
      expect(published.status, JSON.stringify(published.body)).to.equal(200);
    }
    const closed = await t.call('POST', '/api/supply-chain/close-secure-sum', {
      token: tokens[closer]!,
      body: { roundId },
    });
    expect(closed.status, JSON.stringify(closed.body)).to.equal(200);
    const total = Object.values(values).reduce((sum, value) => sum + BigInt(value), 0n);
    expect(closed.body.result).to.include({ status: 'PUBLISHED', total: total.toString() });
  }

  before(async () => {
    t = await startTestApp({ chaincodes: ['supply-chain'], config: { port: await freePort() } });
    url = await t.app.listen();
    for (const user of Object.keys(stock)) tokens[user] = await t.login(user);
  });
  after(async () => {
    await t?.close();
  });

  it('contributes each org’s stock as shares made in its own app, and publishes only the total', async () => {
    await openRound('APP-SUM-1', 'operator1');

    const bad = await t.call('POST', '/api/supply-chain/secure-sums/APP-SUM-1/contributions', {
      token: tokens.operator1!,
      body: { value: '-5' },
    });
    expect([bad.status, bad.body.error.code]).to.deep.equal([400, 'INVALID_ARGUMENT']);

    for (const user of Object.keys(stock)) {
      const answer = await t.call('POST', '/api/supply-chain/secure-sums/APP-SUM-1/contributions', {
        token: tokens[user]!,
        body: { value: stock[user] },
      });
      expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
      expect(answer.body.deliveries).to.have.length(2);
    }
    await publishAndClose('APP-SUM-1', stock, 'inspector1');
    for (let number = 0; number < t.devnet.height(CHANNEL); number++) {
      const block = Buffer.from((await t.devnet.block(CHANNEL, number))!);
      for (const value of Object.values(stock))
        expect(block.indexOf(value), `block ${number} holds ${value}`).to.equal(-1);
    }
  });

  it('lets a user contribute through the web UI form (zh-CN): the value is split in the org’s own app', async () => {
    await openRound('UI-SUM-1', 'carrier1');
    const browser = await launchChromium();
    try {
      const { context, page, problems } = await openPage(browser, { width: 1280, height: 900 }, 'zh-CN');
      const { ready, go, signIn } = uiSteps(
        () => page,
        () => url,
        PASSWORD,
      );
      await signIn('operator1');
      await go('#/s/supply-chain');
      expect(await page.textContent('#contribute-link')).to.equal('提交本单位数值（安全求和）');
      await go('#/s/supply-chain/contribute');
      expect(await page.textContent('label[for="f-value"]')).to.equal('本单位数值');
      expect(await page.textContent('label[for="f-roundId"]')).to.equal('求和轮次编号');
      await page.fill('#f-roundId', 'UI-SUM-1');
      await page.fill('#f-value', '61740293');
      await page.click('#contribute-submit');
      const done = await page.waitForSelector('#contribute-done', { timeout: 60_000 });
      await ready();
      expect(await done.textContent()).to.equal('已向其他 2 家参与单位各提交一份份额，已上链。');
      const view = await t.call('GET', '/api/supply-chain/get-secure-sum?roundId=UI-SUM-1', {
        token: tokens.operator1!,
      });
      expect(view.status, JSON.stringify(view.body)).to.equal(200);
      const deliveries = view.body.deliveries as { from: string }[];
      expect(deliveries.map((d) => d.from)).to.deep.equal(['ManufacturerMSP', 'ManufacturerMSP']);
      expect(problems, 'page errors, failed requests, HTTP errors').to.deep.equal([]);
      await context.close();
    } finally {
      await browser.close();
    }
  });

  it('lets a user contribute with the CLI; a second contribution cannot change the shares', async () => {
    await openRound('CLI-SUM-1', 'inspector1');
    const env = { ...process.env, XDG_CONFIG_HOME: mkdtempSync(path.join(os.tmpdir(), 'scenechain-cli-config-')) };
    const args = ['--url', url, '--token', tokens.carrier1!, 'contribute', 'supply-chain', 'CLI-SUM-1', '4410927'];
    const { stdout } = await run(process.execPath, ['--require', 'tsx/cjs', CLI, ...args], { cwd: REPO_ROOT, env });
    const answer = JSON.parse(stdout) as { org: string; deliveries: { to: string; transactionId: string }[] };
    expect(answer.org).to.equal('LogisticsMSP');
    expect(answer.deliveries.map((d) => d.to)).to.deep.equal(['ManufacturerMSP', 'RegulatorMSP']);
    const refused = await run(process.execPath, ['--require', 'tsx/cjs', CLI, ...args], { cwd: REPO_ROOT, env }).then(
      () => undefined,
      (err: { code: number; stderr: string }) => err,
    );
    expect(refused?.code, 'a second contribution fails').to.equal(1);
    // New random shares for pairs already delivered: refused, the first shares stand.
    const { error } = JSON.parse(refused!.stderr) as { error: { code: string; message: string } };
    expect(error.code).to.equal('CONFLICT');
    expect(error.message).to.include('a share cannot be changed');

    for (const [user, value] of [
      ['inspector1', '18'],
      ['operator1', '61740293'],
    ]) {
      const contributed = await t.call('POST', '/api/supply-chain/secure-sums/CLI-SUM-1/contributions', {
        token: tokens[user!]!,
        body: { value },
      });
      expect(contributed.status, JSON.stringify(contributed.body)).to.equal(200);
    }
    await publishAndClose('CLI-SUM-1', { operator1: '61740293', carrier1: '4410927', inspector1: '18' }, 'operator1');
  });
});
