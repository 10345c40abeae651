import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { sha256Hex } from '../../gateway-app/src/demo/demo-documents';
import { freePort } from '../support/ports';
import { launchChromium, openPage, screenshotPath, uiSteps } from './support/browser';
import { accreditUniversity } from './support/diplomas';
import { PASSWORD, startTestApp, type TestApp } from './support/test-app';

/**
 * Documents in the web UI, in Chinese: a file chosen on a form is hashed in the browser and kept in the document
 * store, whose own digest agrees; the record page downloads it; the public verify page checks a file and tells
 * since which block and when it is on record, and that a changed file is not.
 */
describe('gateway app web UI: documents kept, downloaded and verified by file (chromium, zh-CN)', function () {
  this.timeout(240_000);
  let t: TestApp;
  let url: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[] = [];
  let expectedStatuses: number[] = [];
  const { go, signIn } = uiSteps(
    () => page,
    () => url,
    PASSWORD,
  );
  const text = async (selector: string) => (await page.textContent(selector)) ?? '';
  const diploma = '学历证书 D-WEB-1\n法学硕士，2026 年 6 月 30 日授予\n';
  const transcript = '成绩单 D-WEB-1\n合同法 优\n';
  const file = (name: string, body: string) => ({ name, mimeType: 'text/plain', buffer: Buffer.from(body) });

  before(async () => {
    t = await startTestApp({ chaincodes: ['education'], config: { port: await freePort() } });
    await accreditUniversity(t);
    url = await t.app.listen();
    browser = await launchChromium();
    ({ context, page, problems } = await openPage(
      browser,
      { width: 1280, height: 900 },
      'zh-CN',
      () => expectedStatuses,
    ));
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
  });
  afterEach(() => expect(problems.splice(0)).to.deep.equal([]));

  let blockNumber = 0;
  it('a file chosen on the issue form is hashed here, kept in the store with the same digest, and anchored', async () => {
    await signIn('academic-registrar1');
    await go('#/s/education/a/issueDiploma');
    expect(await page.isVisible('#f-documentFacts')).to.equal(false);
    expect(await page.isChecked('#f-documentHash-store')).to.equal(true);
    await page.fill('#f-diplomaId', 'D-WEB-1');
    await page.fill('#f-holderId', 'H-WEB-1');
    await page.selectOption('#f-degree', 'MASTER');
    await page.fill('#f-field', '法学');
    await page.fill('#f-conferredOn', '2026-06-30');
    await page.setInputFiles('#f-documentHash-picker', file('diploma.txt', diploma));
    await page.waitForSelector('#f-documentHash-file:has-text("文件库")');
    expect(await text('#f-documentHash-file')).to.include('一致');
    expect(await page.inputValue('#f-documentHash')).to.equal(sha256Hex(diploma));
    // Not kept when the box is cleared: hashed here only.
    await page.uncheck('#f-transcriptHash-store');
    await page.setInputFiles('#f-transcriptHash-picker', file('transcript.txt', transcript));
    await page.waitForSelector('#f-transcriptHash-file:has-text("不会上传")');
    expect(await t.app.ctx.documents.store.stat(sha256Hex(diploma))).to.deep.include({ mediaType: 'text/plain' });
    expect(await t.app.ctx.documents.store.stat(sha256Hex(transcript))).to.equal(undefined);
    await page.screenshot({ path: screenshotPath('documents-01-issue-form') });
    await page.click('form.form button[type=submit]');
    await page.waitForSelector('.after-action .notice');
    blockNumber = Number(/区块 (\d+)/.exec(await text('.after-action .notice'))?.[1]);
    expect(blockNumber).to.be.greaterThan(0);
  });

  it('the record page downloads the kept document, and says when a document is not kept', async () => {
    await go('#/s/education/r/Diploma/D-WEB-1');
    const button = `#record-details dd[data-field="documentHash"] button[data-download="${sha256Hex(diploma)}"]`;
    expect(await text(button)).to.equal('下载文件');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
    expect(readFileSync((await download.path())!, 'utf8')).to.equal(diploma);
    expectedStatuses = [404]; // the transcript was not kept: the page says so
    const expected404 = `#record-details dd[data-field="transcriptHash"] button`;
    await page.click(expected404);
    await page.waitForSelector('#record-details dd[data-field="transcriptHash"] .field-error:not([hidden])');
    expect(await text('#record-details dd[data-field="transcriptHash"] .field-error')).to.equal(
      '文件库中没有该数字指纹对应的文件。',
    );
    expectedStatuses = [];
    await page.screenshot({ path: screenshotPath('documents-02-record') });
  });

  it('the public verify page checks a file: on record since block N and when; a changed file is not', async () => {
    await page.evaluate('sessionStorage.clear()');
    await go('#/verify');
    await page.setInputFiles('#document-file', file('diploma.txt', diploma));
    await page.waitForSelector('#verdict-code[data-verdict="VALID"]');
    expect(await text('#verdict-code')).to.equal('有效');
    expect(await text('#verdict-record')).to.include('D-WEB-1');
    expect(await page.getAttribute('#verdict-anchor', 'data-block')).to.equal(String(blockNumber));
    expect(await text('#verdict-anchor')).to.match(
      new RegExp(`^自第 ${blockNumber} 号区块起登记在册（.+），登记单位：`),
    );
    expect(await text('#verdict-file')).to.equal(`登记的文件：${Buffer.byteLength(diploma)} 字节，类型 text/plain`);
    expect(await text('#verdict')).to.not.include('null');
    await page.screenshot({ path: screenshotPath('documents-03-verify-valid') });
    await page.setInputFiles('#document-file', file('diploma.txt', diploma.replace('硕士', '博士')));
    await page.waitForSelector('#verdict-code[data-verdict="UNKNOWN"]');
    expect(await page.isVisible('#verdict-anchor')).to.equal(false);
  });
});
