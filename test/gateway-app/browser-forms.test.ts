import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { specificationCommitment } from '@scenechain/patents';
import { sha256Hex } from '../../gateway-app/src/demo/demo-documents';
import { expectFits, launchChromium, openPage, screenshotPath, uiSteps } from './support/browser';
import { PASSWORD, startTestApp, type Json, type TestApp } from './support/test-app';
import { freePort } from '../support/ports';
import { until } from './support/until';

const PRODUCT = { productId: 'GTIN-FORM-1', name: '冷榨苹果汁', unit: 'l' };
const GRANTED_TITLE = '一种低温冷榨果汁机的温控方法';
const LOCATION = 'GLN-4012345000009';

/**
 * Forms as Chinese users meet them (zh-CN, the app's default): a patent filed with its commitment computed in
 * the browser and the salt downloaded, a list of objects as sub-forms, records picked by name, the next fee
 * year proposed from the patent, and after each submit the record itself with a confirmation. At desktop and
 * phone widths, with no page errors, failed requests or horizontal overflow.
 */
describe('gateway app web UI: forms in Chinese (chromium)', function () {
  this.timeout(180_000);
  let t: TestApp;
  let url: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[] = [];
  let grantedId = '';

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
  const submit = async () => {
    await page.click('form.form button[type=submit]');
    const notice = await page.waitForSelector('.after-action .notice, #result .notice', { timeout: 30_000 });
    await ready();
    return (await notice.textContent()) ?? '';
  };
  /** Saves what clicking `selector` downloads and answers it as JSON. */
  const download = async (selector: string): Promise<Json> => {
    const [saved] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
    return JSON.parse(readFileSync((await saved.path())!, 'utf8'));
  };
  /** Types into a picker and chooses the option whose code is `value`. */
  const pick = async (selector: string, typed: string, value: string) => {
    await page.fill(selector, typed);
    const option = page.locator(`${selector}-options [role=option][data-value="${value}"]`);
    await option.waitFor();
    return option;
  };

  before(async () => {
    t = await startTestApp({ chaincodes: ['supply-chain', 'patents'], config: { port: await freePort() } });
    const as = async (user: string) => t.login(user);
    const call = async (token: string, path: string, body: Json) => {
      const answer = await t.call('POST', path, { token, body });
      expect(answer.status, `${path}: ${JSON.stringify(answer.body)}`).to.equal(200);
      return answer.body;
    };
    const operator = await as('operator1');
    await call(operator, '/api/supply-chain/products/register-product', PRODUCT);
    await call(operator, '/api/supply-chain/batches/commission', {
      batchId: 'B-FORM-IN-1',
      productId: PRODUCT.productId,
      quantity: 10,
      location: LOCATION,
    });
    // A granted patent (fees paid through year 1, with the grant), to pay the next year's fee.
    const applicant = await as('applicant1');
    const examiner = await as('examiner1');
    const specification = '一种果汁机：螺杆冷却，榨汁温度不超过 8 °C。\n';
    const salt = 'a1'.repeat(16);
    const filed = await call(applicant, '/api/patents/applications/file', {
      title: GRANTED_TITLE,
      applicantName: '创新实验室',
      ipcClasses: ['A23N 1/00'],
      commitment: specificationCommitment(salt, specification),
    });
    grantedId = filed.result.data.id;
    const on = (step: string) => `/api/patents/applications/${grantedId}/${step}`;
    await call(examiner, on('examine-formalities'), { result: 'PASS' });
    await call(applicant, on('publish'), { specification, salt });
    await call(applicant, on('request-examination'), {});
    await call(examiner, on('decide-examination'), { outcome: 'GRANT' });
    // The pickers search the read model, fed by the ledger's events.
    await until(async () => {
      const found = await t.call('GET', '/api/patents/search/Patent?q=冷榨', { token: applicant });
      const product = await t.call('GET', '/api/supply-chain/search/Product?q=苹果汁', { token: operator });
      return found.body.items?.length && product.body.items?.length ? true : undefined;
    });
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
    expect(problems, 'page errors, failed requests, HTTP errors').to.deep.equal([]);
  });

  describe('on a desktop (1280x900)', () => {
    before(async () => newPage({ width: 1280, height: 900 }));

    it('computes the commitment as the chaincode does, from a known specification and salt', async () => {
      await signIn('applicant1');
      const salt = '5ce9e3c1a0b24c7e8d1f6a2b3c4d5e6f';
      const specification = '说明书：一种冷榨果汁机。\nA cold press.\n';
      const computed = await page.evaluate(
        `import('/js/components/commitment.js').then((m) => m.specificationCommitment(${JSON.stringify(salt)}, ${JSON.stringify(specification)}))`,
      );
      expect(computed).to.equal(specificationCommitment(salt, specification));
    });

    it('files a patent with the commitment computed in the browser, and hands the applicant the salt file', async () => {
      const specification = '权利要求书\n1. 一种硅碳负极材料，其特征在于……\n说明书\n本发明涉及锂电池。\n';
      await go('#/s/patents/a/file');
      expect(await page.textContent('[data-field="title"] .req')).to.equal(' *');
      expect(await page.textContent('[data-field="onBehalfOf"] .opt')).to.equal(' (选填)');
      expect(await page.textContent('#f-commitment-helper')).to.include('只有承诺值上链并公开');
      await page.fill('#f-title', '一种硅碳负极材料');
      await page.fill('#f-applicantName', '创新实验室');
      await page.fill('#f-ipcClasses-0', 'H01M 4/133');
      await page.setInputFiles('#f-commitment-spec-file', {
        name: '说明书.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from(specification),
      });
      await page.waitForSelector('#f-commitment-status:has-text("已根据说明书.txt")');
      const salt = await page.inputValue('#f-commitment-salt');
      expect(salt).to.match(/^[0-9a-f]{64}$/);
      const commitment = await page.inputValue('#f-commitment');
      expect(commitment).to.equal(specificationCommitment(salt, specification));
      const kept = await download('#f-commitment-download');
      expect(kept).to.deep.include({
        application: null,
        title: '一种硅碳负极材料',
        commitment,
        salt,
        specificationSha256: sha256Hex(specification),
        specificationFile: '说明书.txt',
      });
      await expectNoOverflow('patent filing form');
      await page.screenshot({ path: screenshotPath('zh-f01-patent-commitment'), fullPage: true });

      const confirmation = await submit();
      const id = /Patent\/(PA\d{4}-[0-9A-F]{16})$/.exec(decodeURIComponent(page.url()))?.[1];
      expect(id, page.url()).to.be.a('string');
      expect(confirmation).to.include(`${id} 已提交，已上链（区块`);
      expect(confirmation).to.include('名称：一种硅碳负极材料');
      // The answer itself stays available, folded.
      expect(await page.isVisible('.after-action details.raw-answer pre')).to.equal(false);
      const final = await download('#salt-download-final');
      expect(final).to.deep.include({ application: id, commitment, salt });
      await page.screenshot({ path: screenshotPath('zh-f02-patent-filed'), fullPage: true });
      const patent = await t.call('GET', `/api/patents/applications/${id}`, { token: await t.login('applicant1') });
      expect(patent.body.data).to.deep.include({ title: '一种硅碳负极材料', commitment });
      expect(JSON.stringify(patent.body)).not.to.include(salt);
    });

    it('takes a list of objects as sub-forms, picks records by name, and checks each field in Chinese', async () => {
      await signIn('operator1');
      await go('#/s/supply-chain/a/transform');
      expect(await page.locator('#f-inputs-group .object-row').count()).to.equal(1);
      await page.fill('#f-transformationId', 'T-FORM-1');
      await (await pick('#f-inputs-0-batchId', 'B-FORM-IN', 'B-FORM-IN-1')).click();
      await page.fill('#f-inputs-0-quantity', '4');
      await page.click('#f-inputs-group .add-row');
      expect(await page.locator('#f-inputs-group .object-row').count()).to.equal(2);
      await page.fill('#f-inputs-1-quantity', '1');
      await page.click('#f-inputs-1-row .remove');
      expect(await page.locator('#f-inputs-group .object-row').count()).to.equal(1);
      await page.fill('#f-outputs-0-batchId', 'B-FORM-OUT-1');
      // The product by its name; the picker shows the code beside it and sends the code.
      const option = await pick('#f-outputs-0-productId', '苹果汁', PRODUCT.productId);
      expect(await option.textContent())
        .to.include(PRODUCT.name)
        .and.include(PRODUCT.productId);
      await expectNoOverflow('picker open');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      expect(await page.inputValue('#f-outputs-0-productId')).to.equal(PRODUCT.productId);
      expect(await page.textContent('#f-outputs-0-productId-name')).to.equal(`已选：${PRODUCT.name}`);
      await page.fill('#f-location', LOCATION);
      await page.click('form.form button[type=submit]');
      expect(await page.textContent('#f-outputs-0-quantity-error')).to.equal('请填写此项。');
      expect(await page.textContent('.form-summary')).to.equal('有 1 个字段需要修改。');
      expect(await page.evaluate('document.activeElement.id')).to.equal('f-outputs-0-quantity');
      await page.screenshot({ path: screenshotPath('zh-f03-subform-error'), fullPage: true });
      await page.fill('#f-outputs-0-quantity', '4');
      expect(await submit()).to.include('T-FORM-1 已提交，已上链（区块');
      expect(page.url()).to.match(/#\/s\/supply-chain\/r\/Transformation\/T-FORM-1$/);
      const made = await t.call('GET', '/api/supply-chain/transformations/T-FORM-1', {
        token: await t.login('operator1'),
      });
      expect(made.body.data.inputs).to.deep.equal([{ batchId: 'B-FORM-IN-1', quantity: 4 }]);
      expect(made.body.data.outputs).to.deep.equal([
        { batchId: 'B-FORM-OUT-1', quantity: 4, productId: PRODUCT.productId },
      ]);
    });
  });

  describe('on a phone (390x844)', () => {
    before(async () => newPage({ width: 390, height: 844 }));

    it('picks the patent by its title and proposes the next unpaid fee year from it', async () => {
      await signIn('applicant1');
      await go('#/s/patents/a/payAnnualFee');
      await (await pick('#f-applicationId', '冷榨', grantedId)).click();
      expect(await page.textContent('#f-applicationId-name')).to.equal(`已选：${GRANTED_TITLE}`);
      // Read from the patent: fees are paid through year 1 (with the grant), so year 2 is due.
      await page.waitForSelector('#f-year-proposal:not([hidden])');
      expect(await page.inputValue('#f-year')).to.equal('2');
      expect(await page.textContent('#f-year-proposal')).to.equal(
        '根据专利记录建议：年费已缴至第 1 年，下一个应缴年度为第 2 年。',
      );
      await page.fill('#f-paymentRef', 'PAY-FORM-1');
      await expectNoOverflow('fee form');
      await page.screenshot({ path: screenshotPath('zh-m01-fee-year'), fullPage: true });
      expect(await submit()).to.include(`${grantedId} 已提交，已上链（区块`);
      await expectNoOverflow('patent after paying');
      const patent = await t.call('GET', `/api/patents/applications/${grantedId}`, {
        token: await t.login('applicant1'),
      });
      expect(patent.body.data.feeYearsPaid).to.equal(2);
      // Opened from the patent's page, the form proposes the year straight away.
      await go(`#/s/patents/a/payAnnualFee?applicationId=${grantedId}`);
      await page.waitForSelector('#f-year-proposal:not([hidden])');
      expect(await page.inputValue('#f-year')).to.equal('3');
    });

    it('fits every new kind of form on the screen', async () => {
      for (const [user, hash, shot] of [
        ['applicant1', '#/s/patents/a/file', 'zh-m02-file'],
        ['applicant1', '#/s/patents/a/fileMany', 'zh-m03-file-many'],
        ['operator1', '#/s/supply-chain/a/transform', 'zh-m04-transform'],
      ]) {
        await signIn(user);
        await go(hash);
        await expectNoOverflow(hash);
        await page.screenshot({ path: screenshotPath(shot), fullPage: true });
      }
    });
  });
});
