import { expect } from 'chai';
import pino from 'pino';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import QRCode from 'qrcode';
import { DEMO_DOCUMENTS, sha256Hex } from '../../gateway-app/src/demo/demo-documents';
import { loadDemoData } from '../../gateway-app/src/demo/demo-data';
import { expectFits, launchChromium, screenshotPath, uiSteps, watchPage } from './support/browser';
import { PASSWORD, startTestApp, type TestApp } from './support/test-app';
import { freePort } from '../support/ports';
import { scenario as supplyChain } from '@scenechain/supply-chain';

/** `14:05` for an instant in a time zone: the part of a shown time that tells the zone apart. */
function clock(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(
    new Date(iso),
  );
}

/**
 * The web UI as its users in China see it by default (no language chosen): the public verify page, signing in,
 * a refused action and a wrong password stated in Chinese, the account page's language switch (kept across a
 * reload) and time zone, at desktop and phone widths; no page errors, failed requests or overflow.
 */
describe('gateway app web UI in Chinese (chromium)', function () {
  this.timeout(180_000);
  let t: TestApp;
  let url: string;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page;
  let problems: string[] = [];
  /** HTTP error statuses a test provokes on purpose (a refusal). */
  let expectedStatuses: number[] = [];

  const { ready, go, signIn } = uiSteps(
    () => page,
    () => url,
    PASSWORD,
  );
  const text = async (selector: string) => ((await page.textContent(selector)) ?? '').trim();
  /** Clicks a control that reloads the page, and waits for the reloaded view. */
  const reloadingClick = async (selector: string) => {
    await Promise.all([page.waitForEvent('load'), page.click(selector)]);
    await ready();
  };

  before(async () => {
    t = await startTestApp({
      chaincodes: ['supply-chain', 'gov-records', 'education'],
      config: { port: await freePort() },
    });
    await loadDemoData(t.app.ctx.runner, t.app.ctx.directory, t.app.ctx.scenarios, pino({ level: 'silent' }));
    url = await t.app.listen();
    browser = await launchChromium();
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
  });
  beforeEach(() => {
    problems.length = 0;
    expectedStatuses = [];
  });
  afterEach(() => {
    expect(problems, 'page errors, console errors, failed requests, HTTP errors').to.deep.equal([]);
  });

  for (const [name, viewport] of [
    ['desktop', { width: 1280, height: 900 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    describe(`on a ${name} (${viewport.width}x${viewport.height})`, () => {
      before(async () => {
        await context?.close();
        // No language set: the app's default must be Chinese.
        context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
        page = await context.newPage();
        problems = watchPage(page, () => expectedStatuses);
      });

      it('verifies documents on the public page in Chinese', async () => {
        await go('#/verify');
        expect(await page.getAttribute('html', 'lang')).to.equal('zh-CN');
        expect(await text('h1')).to.equal('核验证书或文件');
        expect(await text('#how-digest summary')).to.equal('数字指纹是怎样计算的');
        await page.fill('#document-text', DEMO_DOCUMENTS.licence.text);
        await page.click('#verify-text');
        await page.waitForSelector('#verdict-code[data-verdict="VALID"]');
        expect(await text('#verdict-code')).to.equal('有效');
        expect(await text('#verdict-text')).to.equal('这是一份有效记录的当前版本。');
        // Signed out, the register is still named in Chinese: its titles come with the public answer.
        expect(await text('#verdict-scenario')).to.equal('在“政务证照”登记簿中找到');
        expect(await text('#verdict-record')).to.include(`记录 ${DEMO_DOCUMENTS.licence.recordId}`);
        expect(await text('#verdict-digest')).to.include(
          `粘贴的文字的数字指纹（${Buffer.byteLength(DEMO_DOCUMENTS.licence.text)} 字节）`,
        );
        await expectFits(page, 'verify page, valid');
        await page.screenshot({ path: screenshotPath(`zh-${name}-01-verify-valid`), fullPage: true });

        // A copy that lost its last line break: unknown as given, and the hint says why, in Chinese.
        await page.fill('#document-text', DEMO_DOCUMENTS.licence.text.trimEnd());
        await page.click('#verify-text');
        await page.waitForSelector('#line-break-hint');
        expect(await text('#verdict-code')).to.equal('未登记');
        expect(await text('#line-break-hint')).to.include('同一段文字在末尾加上一个换行后在登记簿中（有效）');
        await page.click('#check-variant');
        expect(await text('#variant-note')).to.include('并非您所提供的原始字节');
        expect(await text('#verdict-code')).to.equal('有效');
        await expectFits(page, 'verify page, line-break hint');

        const qr = await QRCode.toBuffer(sha256Hex(DEMO_DOCUMENTS.qualification.text), { type: 'png', width: 300 });
        await page.setInputFiles('#qr-image', { name: 'qr.png', mimeType: 'image/png', buffer: qr });
        await page.waitForSelector('#verdict-code[data-verdict="SUSPENDED"]');
        expect(await text('#verdict-code')).to.equal('已暂停');
        expect(await text('#verdict-text')).to.equal('这份记录目前处于暂停状态。');
        await page.screenshot({ path: screenshotPath(`zh-${name}-02-verify-qr`), fullPage: true });
      });

      it('signs in and states a refused action in Chinese, with its code small beside it', async () => {
        await go('#/login');
        expect(await text('h1')).to.equal('登录');
        expect(await text('label[for=username]')).to.equal('用户名');
        await expectFits(page, 'sign-in page');
        await page.screenshot({ path: screenshotPath(`zh-${name}-03-login`) });
        await signIn('carrier1');

        // B-JUICE-0001 was received by the carrier in the demo data: receiving it again is refused by its state.
        expectedStatuses = [409];
        await go('#/s/supply-chain/a/receiveBatch?batchId=B-JUICE-0001');
        await page.fill('#f-location', 'GLN-4098765000002');
        await page.click('form.form button[type=submit]');
        await page.waitForSelector('#result .notice.bad');
        expect(await text('#result .notice strong')).to.equal('当前状态下不允许此操作。');
        // The record, its state, the refused action and the allowed steps in the scenario's own words.
        const zh = supplyChain.labels!['zh-CN'];
        const steps = ['split', 'pack', 'ship', 'consume', 'consumePart', 'passInspection', 'failInspection']
          .concat(['recall', 'recallDownstream'])
          .map((name) => zh.transitions![name]);
        expect(await text('#result .illegal-transition')).to.equal(
          `现在无法“${zh.flows!.receiveBatch}”：${zh.records!.Batch} B-JUICE-0001当前状态为“${zh.states!.ACTIVE}”，` +
            `此状态下只能进行：${steps.join('、')}。`,
        );
        expect(await text('#result .error-code')).to.equal('ILLEGAL_TRANSITION');
        await expectFits(page, 'refused action');
        await page.screenshot({ path: screenshotPath(`zh-${name}-04-illegal-transition`), fullPage: true });
      });

      it('says a wrong password in Chinese on the account page', async () => {
        expectedStatuses = [403];
        await go('#/account');
        expect(await text('h1')).to.equal('carrier1 的账户');
        await page.fill('#current-password', 'not-the-password');
        await page.fill('#new-password', 'another-password-1');
        await page.click('#password-form button[type=submit]');
        await page.waitForSelector('#account-result .notice.bad');
        expect(await text('#account-result .error-message')).to.equal('当前密码不正确。');
        expect(await text('#account-result .error-code')).to.equal('WRONG_PASSWORD');
        // The server's own words stay at hand for support, folded away.
        expect(await page.getAttribute('#account-result details', 'open')).to.equal(null);
        await expectFits(page, 'account page with a refusal');
      });

      it('switches to English and back on the account page, the choice kept across reloads', async () => {
        await go('#/account');
        expect(await page.inputValue('#pref-language')).to.equal('zh-CN');
        await page.screenshot({ path: screenshotPath(`zh-${name}-05-account`), fullPage: true });
        await page.selectOption('#pref-language', 'en');
        await reloadingClick('#save-preferences');
        expect(await page.getAttribute('html', 'lang')).to.equal('en');
        expect(await text('h1')).to.equal('Account of carrier1');
        await page.reload();
        await ready();
        expect(await text('h1')).to.equal('Account of carrier1');
        expect(await text('#account-result')).to.equal('');
        await expectFits(page, 'account page in English');
        await page.selectOption('#pref-language', 'zh-CN');
        await reloadingClick('#save-preferences');
        expect(await page.getAttribute('html', 'lang')).to.equal('zh-CN');
        expect(await text('h1')).to.equal('carrier1 的账户');
      });

      it('shows times in Asia/Shanghai by default, and in the time zone chosen', async () => {
        await go('#/account');
        const token = (await page.evaluate('sessionStorage.getItem("scenechain.token")')) as string;
        const tokens = await t.call('GET', '/api/auth/tokens', { token });
        const mine = (tokens.body.items as Array<{ id: string; current: boolean; createdAt: string }>).find(
          (item) => item.current,
        )!;
        const created = `#tokens tr[data-token-id="${mine.id}"] td.time`;
        expect(await page.inputValue('#pref-time-zone')).to.equal('Asia/Shanghai');
        expect(await text(created)).to.include(clock(mine.createdAt, 'Asia/Shanghai'));
        await page.selectOption('#pref-time-zone', 'UTC');
        await reloadingClick('#save-preferences');
        expect(await text(created)).to.include(clock(mine.createdAt, 'UTC'));
        expect(await text(created)).not.to.include(clock(mine.createdAt, 'Asia/Shanghai'));
        await page.selectOption('#pref-time-zone', 'Asia/Shanghai');
        await reloadingClick('#save-preferences');
        expect(await text(created)).to.include(clock(mine.createdAt, 'Asia/Shanghai'));
        await expectFits(page, 'account page');
      });
    });
  }
});
