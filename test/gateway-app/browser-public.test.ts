import { expect } from 'chai';
import pino from 'pino';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PROJECT } from '../../gateway-app/src/demo/charity-demo';
import { loadDemoData } from '../../gateway-app/src/demo/demo-data';
import { expectFits, launchChromium, openPage, screenshotPath, uiSteps } from './support/browser';
import { scenarioOf } from './support/scenarios';
import { PASSWORD, startTestApp, type TestApp } from './support/test-app';
import { freePort } from '../support/ports';

/**
 * Public pages in a real browser, as a member of the public sees them without signing in: the list of what is
 * public, a charity project's page found by its number (totals, disbursements), a disbursement opened from it,
 * a donation traced to where it went; in Chinese on a phone and in English on a desktop.
 */
describe('gateway app web UI: public pages without sign-in (chromium)', function () {
  this.timeout(180_000);
  let t: TestApp;
  let url: string;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page;
  let problems: string[] = [];
  let expected: number[] = [];
  const { ready, go } = uiSteps(
    () => page,
    () => url,
    PASSWORD,
  );
  const text = async (selector: string) => ((await page.textContent(selector)) ?? '').trim();
  const open = async (viewport: { width: number; height: number }, language: 'zh-CN' | 'en') => {
    await context?.close();
    ({ context, page, problems } = await openPage(browser, viewport, language, () => expected));
  };

  before(async () => {
    t = await startTestApp({ chaincodes: ['charity'], config: { port: await freePort() } });
    const { ctx } = t.app;
    await loadDemoData(ctx.runner, ctx.directory, [scenarioOf('charity')], pino({ level: 'silent' }));
    url = await t.app.listen();
    browser = await launchChromium();
  });
  afterEach(() => {
    expect(problems, 'page errors, failed requests or unexpected HTTP errors').to.deep.equal([]);
    expected = [];
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
  });

  it('finds a project by its number and reads its totals and disbursements, in Chinese on a phone', async () => {
    await open({ width: 390, height: 844 }, 'zh-CN');
    await go('#/');
    expect(await page.isVisible('#login-form, form'), 'signed out').to.equal(true);
    await go('#/public');
    expect(await text('main h1')).to.equal('公开信息');
    const charity = page.locator('[data-scenario="charity"]');
    expect(await charity.locator('h2').textContent()).to.equal('慈善捐赠');
    await charity.locator('a', { hasText: '项目公示' }).click();
    await ready();
    expect(await text('main h1')).to.equal('项目公示');
    expect(await page.isVisible('#public-answer'), 'nothing read before a number is given').to.equal(false);
    await page.fill('#f-projectId', DEMO_PROJECT);
    await page.click('main form button[type=submit]');
    await page.waitForSelector('#public-answer');
    await ready();
    expect(page.url()).to.include(`#/public/charity/projectPage?projectId=${DEMO_PROJECT}`);
    const answer = page.locator('#public-answer');
    expect(await answer.locator('dd[data-field="available"]').first().textContent()).to.equal('10,000');
    expect(await answer.locator('[data-state="OPEN"]').first().textContent()).to.not.equal('OPEN');
    const desks = answer.locator('a[data-related="Disbursement"]', { hasText: 'X-2026-001' });
    expect(await desks.getAttribute('href')).to.equal('#/public/charity/getDisbursement?disbursementId=X-2026-001');
    await expectFits(page, 'public project page on a phone');
    await page.screenshot({ path: screenshotPath('public-project-zh-phone'), fullPage: true });

    await desks.click();
    await page.waitForSelector('section[data-read="getDisbursement"] #public-answer');
    await ready();
    expect(await text('main h1')).to.equal('查看拨付');
    expect(await text('#public-answer dd[data-field="disbursementId"]')).to.equal('X-2026-001');
  });

  it('traces a donation to the disbursements it funded, and says so when a number is unknown, in English', async () => {
    await open({ width: 1280, height: 900 }, 'en');
    await go(`#/public/charity/traceDonation?donationId=${DEMO_PROJECT}.000002`);
    await page.waitForSelector('#public-answer');
    const funded = page.locator('#public-answer a[data-related="Disbursement"]');
    expect(await funded.allTextContents()).to.include.members(['X-2026-001', 'X-2026-002']);
    await expectFits(page, 'public donation trace on a desktop');

    expected = [404];
    await go('#/public/charity/projectPage?projectId=NO-SUCH');
    expect(await page.isVisible('#public-answer')).to.equal(false);
    expect(await text('main')).to.match(/NO-SUCH/);
    expect(await text('main')).to.match(/not|no /i);
  });
});
