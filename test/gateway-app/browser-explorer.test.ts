import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshotPath, uiSteps, useLanguage } from './support/browser';
import { PASSWORD, startTestApp, type Json, type TestApp } from './support/test-app';
import { freePort } from '../support/ports';

describe('ledger explorer web UI (chromium)', function () {
  this.timeout(180_000);
  let t: TestApp;
  let url: string;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const failedRequests: string[] = [];
  let commissioned: Json;

  const steps = uiSteps(
    () => page,
    () => url,
    PASSWORD,
  );
  const { ready, go } = steps;
  const signIn = async (username: string) => {
    // A fresh browser context per user: nothing of the previous sign-in is kept.
    await page?.context().close();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await useLanguage(context, 'en');
    page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('response', (response) => {
      if (response.status() >= 400) failedRequests.push(`${response.status()} ${response.url()}`);
    });
    await steps.signIn(username);
  };

  before(async () => {
    t = await startTestApp({ chaincodes: ['supply-chain'], config: { port: await freePort() } });
    const operator = await t.login('operator1');
    for (const [path, body] of [
      ['/api/supply-chain/products/register-product', { productId: 'P-UIX', name: 'Plums', unit: 'kg' }],
      [
        '/api/supply-chain/batches/commission',
        { batchId: 'B-UIX-1', productId: 'P-UIX', quantity: 5, location: 'PLANT' },
      ],
    ] as const) {
      const answer = await t.call('POST', path, { token: operator, body });
      expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
      commissioned = answer.body;
    }
    url = await t.app.listen();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });
  afterEach(() => {
    expect(pageErrors, 'errors in the page').to.deep.equal([]);
    expect(failedRequests, 'failed requests').to.deep.equal([]);
  });

  it("opens a transaction from a record's history, with who submitted and approved it and what it wrote", async () => {
    await signIn('operator1');
    // An ordinary user sees no ledger page in the navigation, but opens the transactions of their own org.
    expect(await page.locator('#nav a', { hasText: 'Ledger' }).count()).to.equal(0);
    await go('#/s/supply-chain/r/Batch/B-UIX-1');
    const link = page.locator(`.timeline a.tx[href="#/explorer/tx/${commissioned.transactionId}"]`);
    await link.click();
    await page.waitForSelector('#explorer-tx');
    await ready();
    expect(await page.textContent('#tx-id')).to.equal(commissioned.transactionId);
    expect(await page.textContent('#tx-creator')).to.equal(
      'operator1@manufacturer.scenechain.example (ManufacturerMSP)',
    );
    expect(await page.textContent('#tx-endorsers')).to.match(/peer0\./);
    expect(await page.textContent('#explorer-tx'))
      .to.include('VALID')
      .and.include('B-UIX-1')
      .and.include('BatchCommissioned');
    await page.screenshot({ path: screenshotPath('explorer-transaction'), fullPage: true });
  });

  it('lets an org admin browse the network, blocks and a block, and find a record key', async () => {
    await signIn('admin-regulator');
    await page.click('#nav a:has-text("Ledger")');
    await page.waitForSelector('#explorer');
    await ready();
    const height = t.devnet.height('public-services');
    expect(await page.textContent('#ledger-height')).to.equal(String(height));
    expect(await page.locator('#services tbody tr').allTextContents()).to.deep.equal([
      'supply-chain1.01OutOf(2, ManufacturerMSP.peer, LogisticsMSP.peer, RegulatorMSP.peer)',
    ]);
    const peers = await page.locator('#peers tbody tr').allTextContents();
    expect(peers.length).to.equal(t.app.ctx.directory.orgs.length);
    for (const row of peers)
      expect(row)
        .to.include('reachable')
        .and.match(new RegExp(`${height}in step$`));
    await page.screenshot({ path: screenshotPath('explorer-summary'), fullPage: true });
    await page.click(`a[href="#/explorer/block/${commissioned.blockNumber}"]`);
    await page.waitForSelector('#explorer-block');
    await ready();
    await page.click(`a.tx[href="#/explorer/tx/${commissioned.transactionId}"]`);
    await page.waitForSelector('#explorer-tx');
    await ready();
    await go('#/explorer');
    await page.fill('#explorer-q', 'B-UIX-1');
    await page.click('#explorer form button[type=submit]');
    await page.waitForSelector('#explorer-search');
    await ready();
    // The batch's record and its index entries (by product, custodian, state): each key it wrote is a row.
    expect(
      await page.locator(`#explorer-search a.tx[href="#/explorer/tx/${commissioned.transactionId}"]`).count(),
    ).to.be.greaterThan(0);
    expect(await page.textContent('#explorer-search')).to.include('Batch · B-UIX-1');
    expect(await page.textContent('#explorer-search')).to.include('(the whole ledger)');
    // A block number jumps to the block.
    await page.fill('#explorer-q', String(commissioned.blockNumber));
    await page.click('#explorer-search form button[type=submit]');
    await page.waitForSelector('#explorer-block');
    await ready();
  });
});
