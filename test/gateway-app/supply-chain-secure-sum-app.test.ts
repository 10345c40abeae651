import { expect } from 'chai';
import { launchChromium, openPage, uiSteps } from './support/browser';
import { PASSWORD, startTestApp, type TestApp } from './support/test-app';
import { freePort } from '../support/ports';

const CHANNEL = 'public-services';

/**
 * A recalled product's stock summed through REST: each org's user contributes its stock, which its own org's
 * app splits into shares and delivers (transient data), then publishes its partial sum; one closes the round.
 */
describe('gateway app: supply-chain secure sum through REST', function () {
  this.timeout(300_000);
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const stock: Record<string, string> = { operator1: '38120457', carrier1: '5093381', inspector1: '2770619' };
  const orgOf: Record<string, string> = {
    operator1: 'ManufacturerMSP',
    carrier1: 'LogisticsMSP',
    inspector1: 'RegulatorMSP',
  };

  before(async () => {
    t = await startTestApp({ chaincodes: ['supply-chain'], config: { port: await freePort() } });
    for (const user of Object.keys(stock)) tokens[user] = await t.login(user);
  });
  after(async () => {
    await t?.close();
  });

  it('contributes each org’s stock as shares made in its own app, and publishes only the total', async () => {
    const opened = await t.call('POST', '/api/supply-chain/open-secure-sum', {
      token: tokens.operator1!,
      body: {
        roundId: 'APP-SUM-1',
        question: '召回产品现存库存',
        orgs: Object.values(orgOf),
        deadline: new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
      },
    });
    expect(opened.status, JSON.stringify(opened.body)).to.equal(200);

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
    for (const user of Object.keys(stock)) {
      const published = await t.call('POST', '/api/supply-chain/publish-partial-sum', {
        token: tokens[user]!,
        body: { roundId: 'APP-SUM-1', org: orgOf[user], value: stock[user] },
      });
      expect(published.status, JSON.stringify(published.body)).to.equal(200);
    }
    const closed = await t.call('POST', '/api/supply-chain/close-secure-sum', {
      token: tokens.inspector1!,
      body: { roundId: 'APP-SUM-1' },
    });
    expect(closed.status, JSON.stringify(closed.body)).to.equal(200);
    const total = Object.values(stock).reduce((sum, value) => sum + BigInt(value), 0n);
    expect(closed.body.result).to.include({ status: 'PUBLISHED', total: total.toString() });
    for (let number = 0; number < t.devnet.height(CHANNEL); number++) {
      const block = Buffer.from((await t.devnet.block(CHANNEL, number))!);
      for (const value of Object.values(stock))
        expect(block.indexOf(value), `block ${number} holds ${value}`).to.equal(-1);
    }
  });

  it('lets a user contribute through the web UI form (zh-CN): the value is split in the org’s own app', async () => {
    const opened = await t.call('POST', '/api/supply-chain/open-secure-sum', {
      token: tokens.carrier1!,
      body: {
        roundId: 'UI-SUM-1',
        question: '召回产品在途库存',
        orgs: Object.values(orgOf),
        deadline: new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
      },
    });
    expect(opened.status, JSON.stringify(opened.body)).to.equal(200);
    const url = await t.app.listen();
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
});
