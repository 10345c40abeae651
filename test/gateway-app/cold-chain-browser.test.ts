import { expect } from 'chai';
import pino from 'pino';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_HELD_SHIPMENT } from '../../gateway-app/src/demo/cold-chain-demo';
import { loadDemoData } from '../../gateway-app/src/demo/demo-data';
import { expectFits, launchChromium, openPage, screenshotPath, uiSteps } from './support/browser';
import { PASSWORD, startTestApp, type TestApp } from './support/test-app';
import { scenarioOf } from './support/scenarios';
import { freePort } from '../support/ports';

/**
 * The cold chain in the generic web UI, in Chinese, with no page written for it: the demo shipment held by its
 * excursion shows its state, limits and readings in the scenario's words, and offers the inspector the inspection.
 */
describe('gateway app web UI: a quarantined cold chain shipment in Chinese (chromium)', function () {
  this.timeout(240_000);
  let t: TestApp;
  let url: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[] = [];
  const { ready, go, signIn } = uiSteps(
    () => page,
    () => url,
    PASSWORD,
  );
  const text = async (selector: string) => ((await page.textContent(selector)) ?? '').trim();

  before(async () => {
    t = await startTestApp({ chaincodes: ['cold-chain', 'supply-chain'], config: { port: await freePort() } });
    const stories = [scenarioOf('supply-chain'), scenarioOf('cold-chain')];
    await loadDemoData(t.app.ctx.runner, t.app.ctx.directory, stories, pino({ level: 'silent' }));
    url = await t.app.listen();
    browser = await launchChromium();
    ({ context, page, problems } = await openPage(browser, { width: 1280, height: 900 }, 'zh-CN'));
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
  });

  it('shows the held shipment in the scenario’s words and offers the inspector its inspection', async () => {
    await signIn('inspector1');
    await go(`#/s/cold-chain/r/Shipment/${DEMO_HELD_SHIPMENT}`);
    expect(await page.getAttribute('h1 .badge', 'data-state')).to.equal('QUARANTINED');
    expect(await text('h1 .badge')).to.equal('检疫隔离');
    const details = await text('#record-details');
    expect(details).to.include('隔离原因').and.include('超温时长（分钟）').and.include('温控标准');
    expect(details).not.to.include('{"');
    expect(await text('#record-history .timeline')).to.include('温度超标，货物已隔离');
    const actions = page.locator('#record-actions a[data-transaction]');
    expect(await actions.allTextContents()).to.deep.equal(['登记检验结果']);
    await expectFits(page, 'held shipment');
    await page.screenshot({ path: screenshotPath('zh-cold-chain-held-shipment'), fullPage: true });

    await actions.first().click();
    await page.waitForSelector('form.form');
    await ready();
    expect(await text('h1')).to.equal('登记检验结果');
    expect(await text('form.form'))
      .to.include('检验结论')
      .and.include('检验报告数字指纹');
    expect(problems, 'console errors, failed requests, HTTP errors').to.deep.equal([]);
  });
});
