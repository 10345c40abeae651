import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import pino from 'pino';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { sha256Hex } from '../../gateway-app/src/demo/demo-documents';
import { loadDemoData } from '../../gateway-app/src/demo/demo-data';
import { expectFits, launchChromium, openPage, screenshotPath, uiSteps } from './support/browser';
import { PASSWORD, startTestApp, type TestApp } from './support/test-app';
import { freePort } from '../support/ports';

/**
 * Record pages and lists in Chinese, on a desktop (1280x900) and a phone (390x844): details as lists and
 * tables with related records linked and organisations named, history with reasons, the versions of an
 * amended record, a carrier's incoming shipments, case-insensitive filters, empty states and the CSV export.
 */
describe('gateway app web UI: record pages and lists in Chinese (chromium)', function () {
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
  const expectNoOverflow = (what: string) => expectFits(page, what);
  const newPage = async (viewport: { width: number; height: number }) => {
    await context?.close();
    ({ context, page, problems } = await openPage(browser, viewport, 'zh-CN'));
  };
  const text = async (selector: string) => (await page.textContent(selector)) ?? '';
  const signOut = async () => {
    await page.evaluate('sessionStorage.clear()');
  };

  before(async () => {
    t = await startTestApp({
      chaincodes: ['supply-chain', 'gov-records'],
      config: { port: await freePort() },
    });
    await loadDemoData(t.app.ctx.runner, t.app.ctx.directory, t.app.ctx.scenarios, pino({ level: 'silent' }));
    const operator = await t.login('operator1');
    const registrar = await t.login('registrar1');
    const submit = async (token: string, path: string, body: unknown) => {
      const answer = await t.call('POST', path, { token, body });
      expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
      return answer.body.transactionId as string;
    };
    // A batch on its way to the carrier: the carrier's incoming shipment.
    await submit(operator, '/api/supply-chain/batches/commission', {
      batchId: 'B-INBOX-1',
      productId: 'GTIN-04012345000024',
      quantity: 12,
      location: 'GLN-4012345000009',
    });
    const shipped = await submit(operator, '/api/supply-chain/batches/B-INBOX-1/ship-batch', {
      receiver: 'LogisticsMSP',
    });
    await t.app.ctx.listeners.get('supply-chain')!.waitForTransaction(shipped);
    // A register entry amended once and then suspended, each for a reason.
    await submit(registrar, '/api/gov-records/records/issue', {
      recordId: 'PT-VER-1',
      type: 'PROPERTY_TITLE',
      subjectId: 'SUBJ-0001',
      documentHash: sha256Hex('title PT-VER-1'),
    });
    await submit(registrar, '/api/gov-records/records/PT-VER-1/amend', {
      documentHash: sha256Hex('title PT-VER-1 corrected'),
      reason: '更正面积',
    });
    const suspended = await submit(registrar, '/api/gov-records/records/PT-VER-1/suspend', {
      reason: '产权争议调查中',
    });
    await t.app.ctx.listeners.get('gov-records')!.waitForTransaction(suspended);
    url = await t.app.listen();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });
  beforeEach(() => {
    problems.splice(0);
  });
  afterEach(() => {
    expect(problems, 'console errors, failed requests, HTTP errors').to.deep.equal([]);
  });

  for (const [width, height, tag] of [
    [1280, 900, 'desktop'],
    [390, 844, 'phone'],
  ] as const) {
    describe(`${tag} (${width}x${height})`, () => {
      before(async () => newPage({ width, height }));

      it('shows a batch with its origin as a table, related batches linked, organisations named', async () => {
        await signIn('operator1');
        await go('#/s/supply-chain/r/Batch/B-JUICE-0001');
        expect(await text('#record-details h3')).to.equal('详细信息');
        expect(await text('#record-history h3')).to.equal('历史记录');
        // The origin: a nested list, its inputs a table whose batch IDs link to the batches.
        const inputs = page.locator('dd[data-field="origin"] table.inner a[data-related="Batch"]');
        expect(await inputs.allTextContents()).to.deep.equal(['B-APPLE-0001', 'B-APPLE-0002']);
        expect(await page.locator('dd[data-field="origin"] a[data-related="Transformation"]').textContent()).to.equal(
          'T-PRESS-0001',
        );
        // The last inspection: a nested list, not JSON.
        expect(await page.locator('dd[data-field="lastInspection"] dl.kv.nested').count()).to.equal(1);
        expect(await text('#record-details')).not.to.include('{"');
        // Organisations by name beside their code; the product by its name beside its ID.
        expect(await text('dd[data-field="custodian"]')).to.equal('物流公司 LogisticsMSP');
        await page.waitForSelector('dd[data-field="productId"] .related-name');
        expect(await text('dd[data-field="productId"] .related-name')).to.match(/^ · \S/);
        // States as badges in Chinese words keep their code.
        expect(await page.getAttribute('h1 .badge', 'data-state')).to.equal('ACTIVE');
        expect(await text('#record-history .timeline')).to.include('物流公司');
        await expectNoOverflow('batch page');
        await page.screenshot({ path: screenshotPath(`zh-${tag}-01-batch`), fullPage: true });
        await page.click('dd[data-field="origin"] a:has-text("B-APPLE-0001")');
        await ready();
        await page.waitForSelector('h1:has-text("B-APPLE-0001")');
        // Related records: the batch's inspections name it.
        await page.waitForSelector('#referring-records');
        expect(await text('#referring-records h3')).to.equal('相关记录');
      });

      it('answers a query in the scenario words: a batch as details with badges and names, not JSON', async () => {
        await signOut();
        await signIn('operator1');
        await go('#/s/supply-chain/a/getBatch?batchId=B-JUICE-0001');
        await page.click('main form button[type=submit]');
        await page.waitForSelector('#query-answer .answer-part');
        expect(await page.getAttribute('#query-answer [data-state]', 'data-state')).to.equal('ACTIVE');
        expect(await text('#query-answer dd[data-field="custodian"]')).to.equal('物流公司 LogisticsMSP');
        const inputs = page.locator('#query-answer dd[data-field="origin"] a[data-related="Batch"]');
        expect(await inputs.allTextContents()).to.deep.equal(['B-APPLE-0001', 'B-APPLE-0002']);
        expect(await text('#query-answer')).not.to.include('{"');
        await expectNoOverflow('query answer');
      });

      it('lists the versions of an amended record and the reason of each change', async () => {
        await signOut();
        await signIn('registrar1');
        await go('#/s/gov-records/r/RegistryRecord/PT-VER-1');
        expect(await text('#versions h3')).to.equal('版本记录（2）');
        const versions = await page.locator('#versions tbody tr').allTextContents();
        expect(versions[0]).to.include('v2').and.include('更正面积');
        expect(versions[1]).to.include('v1');
        expect(await text('#record-history .timeline li:first-child .reason')).to.equal('原因：产权争议调查中');
        expect(await page.getAttribute('h1 .badge', 'data-state')).to.equal('SUSPENDED');
        await expectNoOverflow('register entry page');
        await page.screenshot({ path: screenshotPath(`zh-${tag}-02-versions`), fullPage: true });
      });

      it("gives a carrier its incoming shipments, every action from the scenario page, and lists' empty states", async () => {
        await signOut();
        await signIn('carrier1');
        await go('#/s/supply-chain');
        await page.waitForSelector('#inbox[data-loaded="true"]');
        expect(await text('#inbox h3')).to.match(/^待我处理（\d+）$/);
        const incoming = page.locator('#inbox li[data-state="IN_TRANSIT"]', { hasText: 'B-INBOX-1' });
        expect(await incoming.count()).to.equal(1);
        expect(await incoming.locator('a[href*="/a/receiveBatch?batchId=B-INBOX-1"]').count()).to.equal(1);
        // Actions on existing records (receiving a pallet, say) are reachable here too, not only by URL.
        expect(await text('#start-actions h3')).to.equal('发起操作');
        expect(await page.locator('#record-action-list a[data-transaction="receivePallet"]').count()).to.equal(1);
        await expectNoOverflow('scenario page with inbox');
        await page.screenshot({ path: screenshotPath(`zh-${tag}-03-inbox`), fullPage: true });

        await go('#/s/supply-chain/Pallet');
        expect(await text('#record-list tbody')).to.equal('暂无数据');
      });

      it('filters a list in any case and exports what it shows as CSV', async () => {
        await go('#/s/supply-chain/Batch');
        await page.fill('#list-filters input[name="location"]', 'gln-4098765');
        await page.click('#list-filters button[type=submit]');
        await ready();
        const ids = await page.locator('#record-list tbody tr td:first-child a').allTextContents();
        expect(ids).to.include('B-JUICE-0001');
        expect(ids).not.to.include('B-INBOX-1');
        await page.fill('#list-filters input[name="q"]', 'NO-SUCH-THING');
        await page.click('#list-filters button[type=submit]');
        await ready();
        expect(await text('#record-list tbody')).to.equal('暂无数据');
        await go('#/s/supply-chain/Batch?location=gln-4098765');
        expect(await text('#export-csv')).to.equal('导出 CSV');
        const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
        expect(download.suggestedFilename()).to.equal('supply-chain-Batch.csv');
        const csv = readFileSync((await download.path())!, 'utf8');
        expect(csv.startsWith('\uFEFFid,status,productId,quantity,custodian,location,receiver')).to.equal(true);
        const rows = csv.trim().split('\r\n').slice(1);
        expect(rows.map((r) => r.split(',')[0])).to.have.members(ids);
        await expectNoOverflow('filtered list');
        await page.screenshot({ path: screenshotPath(`zh-${tag}-04-filtered`), fullPage: true });
      });
    });
  }

  describe('a register entry as a verifiable credential (desktop)', () => {
    before(async () => newPage({ width: 1280, height: 900 }));

    it('registers the department’s key when asked, shows the credential’s QR code, and verifies it in Chinese', async () => {
      await signIn('registrar1');
      await go('#/s/gov-records/r/RegistryRecord/PT-VER-1');
      await page.click('#get-credential');
      // No key on the ledger yet: the department's registrar is offered to register it (the 409 that says so).
      await page.click('#register-issuer-key');
      await page.waitForSelector('#credential-qr');
      expect(await page.getAttribute('#credential-qr', 'src')).to.match(/^data:image\/svg\+xml;base64,/);
      const credential = await page.inputValue('#credential-jwt');
      expect(credential.split('.')).to.have.length(3);
      await page.click('#credential-body a');
      await page.waitForSelector('#credential-verdict-code');
      // PT-VER-1 is suspended: its suspension entry is set.
      expect(await text('#credential-verdict-code')).to.equal('已暂停');
      expect(await text('#credential-verdict')).to.include('签发机构：');
      await page.fill('#credential-text', `${credential.slice(0, -4)}AAAA`);
      await page.click('#credential-form button[type=submit]');
      await page.waitForSelector('#credential-verdict-code[data-verdict="BAD_SIGNATURE"]');
      expect(await text('#credential-verdict-code')).to.equal('签名无效');
      await page.screenshot({ path: screenshotPath('zh-desktop-05-credential'), fullPage: true });
      const provoked = (problem: string) => /409|status of 409/.test(problem) && /credential|409/.test(problem);
      problems.splice(0, problems.length, ...problems.filter((problem) => !provoked(problem)));
    });
  });
});
