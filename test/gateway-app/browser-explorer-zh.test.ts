import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectFits, launchChromium, screenshotPath, uiSteps, useLanguage } from './support/browser';
import { PASSWORD, startTestApp, type Json, type TestApp } from './support/test-app';
import { freePort } from '../support/ports';

/**
 * The explorer's home in Chinese, at desktop and phone widths: the throughput chart (and its table for screen
 * readers), each peer's health, and a block committed while the page is open appearing in the live feed.
 */
describe('ledger explorer home in Chinese (chromium)', function () {
  this.timeout(180_000);
  let t: TestApp;
  let url: string;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page;
  let operator: string;
  const pageErrors: string[] = [];
  const failedRequests: string[] = [];
  const steps = uiSteps(
    () => page,
    () => url,
    PASSWORD,
  );

  const submit = async (path: string, body: unknown): Promise<Json> => {
    const answer = await t.call('POST', path, { token: operator, body });
    expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
    return answer.body;
  };

  before(async () => {
    t = await startTestApp({ chaincodes: ['supply-chain'], config: { port: await freePort() } });
    operator = await t.login('operator1');
    await submit('/api/supply-chain/products/register-product', { productId: 'P-ZH', name: '李子', unit: 'kg' });
    url = await t.app.listen();
    browser = await launchChromium();
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
  });
  afterEach(() => {
    expect(pageErrors, 'errors in the page').to.deep.equal([]);
    expect(failedRequests, 'failed requests').to.deep.equal([]);
  });

  for (const [name, viewport] of [
    ['desktop', { width: 1280, height: 900 }],
    ['phone', { width: 390, height: 844 }],
  ] as const)
    it(`shows throughput, peer health and new blocks as they commit (${name})`, async () => {
      await context?.close();
      context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
      await useLanguage(context, 'zh-CN');
      page = await context.newPage();
      page.on('pageerror', (err) => pageErrors.push(err.message));
      page.on('response', (response) => {
        if (response.status() >= 400) failedRequests.push(`${response.status()} ${response.url()}`);
      });
      await steps.signIn('admin-regulator');
      await steps.go('#/explorer');
      expect(await page.textContent('#explorer h1')).to.equal('账本浏览器');

      // The chart: a bar per minute of the last hour, the busy minutes also as a table for screen readers.
      expect(await page.locator('#throughput svg rect.bar').count()).to.equal(60);
      const counts = await page
        .locator('#throughput svg rect.bar')
        .evaluateAll((bars) => bars.map((b) => Number(b.getAttribute('data-count'))));
      const total = counts.reduce((a, b) => a + b, 0);
      expect(total).to.be.greaterThan(0);
      expect(await page.textContent('#throughput-total')).to.include(`共 ${total} 笔交易`);
      expect(await page.locator('#throughput-table tbody tr').count()).to.equal(counts.filter((c) => c > 0).length);
      expect(await page.textContent('#throughput-table caption')).to.include('每分钟交易数');

      // Peer health: each org's peer reachable and in step with the highest ledger.
      // Peer health is cached for a few seconds: the page shows the app's latest check.
      const admin = await t.login('admin-regulator');
      const { highest: height } = (await t.call('GET', '/api/explorer/peers', { token: admin })).body;
      const peers = await page.locator('#peers tbody tr').allTextContents();
      expect(peers).to.have.length(t.app.ctx.directory.orgs.length);
      for (const row of peers)
        expect(row)
          .to.include('可访问')
          .and.match(new RegExp(`${height}已同步$`));
      expect(await page.textContent('#peers-checked')).to.include('节点检查时间');
      expect(await page.textContent('#live-status')).to.equal('等待下一个区块…');

      // A block committed now appears on top of the live feed, and the height follows.
      const committed = await submit('/api/supply-chain/batches/commission', {
        batchId: `B-ZH-${name}`,
        productId: 'P-ZH',
        quantity: 2,
        location: 'PLANT',
      });
      const row = page.locator(`#live-blocks tbody tr[data-block="${committed.blockNumber}"]`);
      await row.waitFor();
      expect(await row.textContent()).to.include('supply-chain · commission');
      expect(await page.locator('#live-blocks tbody tr').first().getAttribute('data-block')).to.equal(
        String(committed.blockNumber),
      );
      expect(await page.textContent('#ledger-height')).to.equal(String(committed.blockNumber + 1));

      await expectFits(page, `explorer home (${name})`);
      await page.screenshot({ path: screenshotPath(`explorer-home-zh-${name}`), fullPage: true });
      // Leaving the page ends the live feed without an error.
      await steps.go('#/notifications');
    });
});
