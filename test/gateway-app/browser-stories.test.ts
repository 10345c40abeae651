import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { specificationCommitment } from '@scenechain/patents';
import { sha256Hex } from '../../gateway-app/src/demo/demo-documents';
import { expectFits, launchChromium, screenshotPath, uiSteps, useLanguage, watchPage } from './support/browser';
import { readLocales, type Language } from './support/locale-files';
import { scenarioOf } from './support/scenarios';
import { PASSWORD, startTestApp, type TestApp } from './support/test-app';
import { freePort } from '../support/ports';

/** `RegistryRecord` → `Registry Record`, as the UI words a name the scenario gives no label. */
const inWords = (name: string) => name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());

/**
 * The words the UI must show for a scenario in `language`: the descriptor's Chinese labels in zh-CN (read from
 * the descriptor, so the test follows its words), the descriptor's English titles and flow labels in English
 * (states show as their codes there).
 */
function wordsOf(scenarioId: string, language: Language) {
  const scenario = scenarioOf(scenarioId);
  const zh = scenario.labels['zh-CN'];
  const chinese = language === 'zh-CN';
  const label = (kind: 'records' | 'flows' | 'states' | 'values' | 'transitions', name: string): string => {
    const word = zh?.[kind]?.[name];
    if (!word || !/\p{Script=Han}/u.test(word)) throw new Error(`${scenarioId} has no Chinese ${kind} label ${name}`);
    return word;
  };
  return {
    title: chinese ? zh!.title! : scenario.title,
    /** One record's word (its page's heading): in English the type’s name in words (`Registry Record`). */
    record: (type: string) => (chinese ? label('records', type) : inWords(type)),
    flow: (transaction: string) =>
      chinese ? label('flows', transaction) : scenario.actions.find((a) => a.transaction === transaction)!.summary,
    state: (state: string) => (chinese ? label('states', state) : state),
    /** A state-machine step: the Chinese word, the name in words in English. */
    step: (transition: string) => (chinese ? label('transitions', transition) : transition.toLowerCase()),
  };
}

const CONFIGURATIONS = [
  { language: 'zh-CN', viewport: { width: 390, height: 844 } },
  { language: 'en', viewport: { width: 1280, height: 900 } },
] as const;

const LOCALES = readLocales();
/** The UI's own message `key` (`namespace:path`) in `language`, from its locale files. */
function message(language: Language, key: string, values: Record<string, string> = {}): string {
  const [namespace, path] = key.split(':');
  const template = path
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], LOCALES[language][namespace]);
  if (typeof template !== 'string') throw new Error(`no message ${key} in ${language}`);
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => values[name] ?? whole);
}

/**
 * The main story of each scenario, through the UI only, as its users live it: each role signs in, fills the
 * forms, presses the buttons and follows the record pages. Twice: in Chinese on a phone (390x844) and in
 * English on a desktop (1280x900), each on a fresh network so the two runs do not meet. At every step: the
 * scenario's words in the user's language, no page errors, console errors, failed requests or horizontal
 * overflow, and a screenshot (`story-<scenario>-<lang>-<step>.png`).
 */
describe('gateway app web UI: each scenario’s main story (chromium)', function () {
  this.timeout(300_000);
  let browser: Browser;

  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  for (const { language, viewport } of CONFIGURATIONS) {
    describe(`in ${language} at ${viewport.width}x${viewport.height}`, () => {
      let t: TestApp;
      let url: string;
      let context: BrowserContext;
      let page: Page;
      let problems: string[] = [];
      /** HTTP error statuses the current step provokes on purpose. */
      let expected: number[] = [];

      const { ready, go, signIn } = uiSteps(
        () => page,
        () => url,
        PASSWORD,
      );
      const text = async (selector: string) => ((await page.textContent(selector)) ?? '').trim();
      /** The checks after each main step of a story, and its screenshot. */
      const step = async (scenario: string, name: string) => {
        expect(problems, `${scenario} ${name}: page errors, console errors, failed requests`).to.deep.equal([]);
        await expectFits(page, `${scenario} ${name}`);
        await page.screenshot({ path: screenshotPath(`story-${scenario}-${language}-${name}`), fullPage: true });
      };
      /** Presses the button (a link styled as one) for `transaction`, checking its words, and waits for its form. */
      const press = async (words: ReturnType<typeof wordsOf>, transaction: string, within: string) => {
        const button = page.locator(`${within} a[data-transaction="${transaction}"]`);
        expect((await button.textContent())?.trim()).to.equal(words.flow(transaction));
        await button.click();
        await page.waitForSelector('form.form');
        await ready();
        expect(await text('h1')).to.equal(words.flow(transaction));
      };
      /**
       * Submits the form of `transaction` and waits for the record page it lands on (`type`, `id`, else the ID
       * the page shows), with its confirmation in the user's words; then waits until the read model has the
       * transaction (lists, inboxes and pickers read it). Answers the record's ID.
       */
      const submit = async (scenario: string, transaction: string, type: string, id?: string) => {
        const words = wordsOf(scenario, language);
        await page.click('form.form button[type=submit]');
        await page.waitForSelector('.after-action .notice, #result .notice, .form-summary .field-error', {
          timeout: 60_000,
        });
        if (!(await page.isVisible('.after-action .notice')))
          expect.fail(`${page.url()} refused: ${await text('#result')} ${await text('form.form')}`);
        await ready();
        const landed = decodeURIComponent(/\/r\/[^/]+\/([^/?]+)$/.exec(page.url())?.[1] ?? '');
        expect(page.url()).to.include(`#/s/${scenario}/r/${type}/`);
        if (id) expect(landed).to.equal(id);
        const [head, tail] = message(language, 'action:doneRecord', {
          action: words.flow(transaction),
          record: words.record(type),
          id: landed,
        }).split('{{block}}');
        const confirmation = await text('#action-done');
        expect(confirmation.startsWith(head) && confirmation.endsWith(tail), confirmation).to.equal(true);
        const txId = await text('.after-action a.tx');
        await t.app.ctx.listeners.get(scenario)!.waitForTransaction(txId);
        return landed;
      };
      /** The record page shows `type id` in the scenario's words with its state's badge. */
      const expectRecord = async (words: ReturnType<typeof wordsOf>, type: string, id: string, state: string) => {
        if (!state) return void expect(await text('h1')).to.equal(`${words.record(type)} ${id}`);
        expect(await text('h1')).to.equal(`${words.record(type)} ${id} ${words.state(state)}`);
        expect(await page.getAttribute('h1 .badge', 'data-state')).to.equal(state);
      };
      const signOut = () => page.evaluate('sessionStorage.clear()');
      const as = async (user: string) => {
        await signOut();
        await signIn(user);
      };
      const file = (name: string, body: string) => ({ name, mimeType: 'text/plain', buffer: Buffer.from(body) });

      before(async () => {
        t = await startTestApp({
          chaincodes: ['supply-chain', 'patents', 'gov-records', 'education', 'e-invoices'],
          config: { port: await freePort() },
        });
        url = await t.app.listen();
        context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
        await useLanguage(context, language);
        page = await context.newPage();
        problems = watchPage(page, () => expected);
      });
      after(async () => {
        await context?.close();
        await t?.close();
      });
      beforeEach(() => {
        problems.length = 0;
        expected = [];
      });
      afterEach(() => {
        expect(problems, 'page errors, console errors, failed requests, HTTP errors').to.deep.equal([]);
      });

      it('supply chain: register a product, create a batch, ship it; the carrier receives it from its inbox', async () => {
        const words = wordsOf('supply-chain', language);
        const scene = 'supply-chain';
        const product = language === 'zh-CN' ? '冷榨苹果汁' : 'Cold-pressed apple juice';
        const productId = `GTIN-STORY-${language}`;
        const batchId = `B-STORY-${language}`;
        await signIn('operator1');
        await go('#/s/supply-chain');
        expect(await text('h1')).to.equal(words.title);
        await press(words, 'registerProduct', '#start-actions');
        await page.fill('#f-productId', productId);
        await page.fill('#f-name', product);
        await page.selectOption('#f-unit', 'l');
        await step(scene, '01-product-form');
        await submit(scene, 'registerProduct', 'Product', productId);
        await expectRecord(words, 'Product', productId, '');
        await step(scene, '02-product');

        await go('#/s/supply-chain');
        await press(words, 'commission', '#start-actions');
        await page.fill('#f-batchId', batchId);
        // The product by its name from the picker; the code is what is sent.
        await page.fill('#f-productId', product.slice(0, 4));
        await page.locator(`#f-productId-options [role=option][data-value="${productId}"]`).click();
        expect(await page.inputValue('#f-productId')).to.equal(productId);
        await page.fill('#f-quantity', '120');
        await page.fill('#f-location', 'GLN-4012345000009');
        await submit(scene, 'commission', 'Batch', batchId);
        await expectRecord(words, 'Batch', batchId, 'ACTIVE');
        await step(scene, '03-batch');

        await press(words, 'shipBatch', '#record-actions');
        await page.selectOption('#f-receiver', 'LogisticsMSP');
        await step(scene, '04-ship-form');
        await submit(scene, 'shipBatch', 'Batch', batchId);
        await expectRecord(words, 'Batch', batchId, 'IN_TRANSIT');
        await step(scene, '05-shipped');

        await as('carrier1');
        await go('#/s/supply-chain');
        await page.waitForSelector('#inbox[data-loaded="true"]');
        const incoming = page.locator('#inbox li[data-state="IN_TRANSIT"]', { hasText: batchId });
        expect(await incoming.locator('.badge').textContent()).to.equal(words.state('IN_TRANSIT'));
        await step(scene, '06-carrier-inbox');
        const receive = incoming.locator(`a[href*="/a/receiveBatch?batchId=${batchId}"]`);
        expect(await receive.textContent()).to.equal(words.flow('receiveBatch'));
        await receive.click();
        await page.waitForSelector('form.form');
        await ready();
        expect(await page.inputValue('#f-batchId')).to.equal(batchId);
        await page.fill('#f-location', 'GLN-4098765000002');
        await submit(scene, 'receiveBatch', 'Batch', batchId);
        await expectRecord(words, 'Batch', batchId, 'ACTIVE');
        expect(await text('dd[data-field="custodian"]')).to.include('LogisticsMSP');
        await step(scene, '07-received');
      });

      it('patents: file an application with the commitment computed in the browser; the examiner decides', async () => {
        const words = wordsOf('patents', language);
        const scene = 'patents';
        const title = language === 'zh-CN' ? '一种低温冷榨果汁机的温控方法' : 'Temperature control of a cold press';
        // One line: the publication form's specification box is a single-line field.
        const specification =
          language === 'zh-CN' ? '说明书：螺杆冷却，榨汁温度不超过 8 °C。' : 'A screw cooled below 8 °C.';
        await signIn('applicant1');
        await go('#/s/patents');
        expect(await text('h1')).to.equal(words.title);
        await press(words, 'file', '#start-actions');
        await page.fill('#f-title', title);
        await page.fill('#f-applicantName', language === 'zh-CN' ? '创新实验室' : 'Innovation Lab');
        await page.fill('#f-ipcClasses-0', 'A23N 1/00');
        await page.setInputFiles('#f-commitment-spec-file', file('specification.txt', specification));
        await page.waitForSelector('#f-commitment-status:has-text("specification.txt")');
        const salt = await page.inputValue('#f-commitment-salt');
        expect(await page.inputValue('#f-commitment')).to.equal(specificationCommitment(salt, specification));
        await step(scene, '01-file-form');
        // The office numbers the application: the page it lands on shows the new number.
        const id = await submit(scene, 'file', 'Patent');
        expect(id).to.match(/^PA\d{4}-[0-9A-F]{16}$/);
        await expectRecord(words, 'Patent', id, 'FILED');
        await step(scene, '02-filed');

        await as('examiner1');
        await go('#/s/patents');
        await page.waitForSelector('#inbox[data-loaded="true"]');
        await page.click(`#inbox a[href*="/a/examineFormalities?applicationId=${id}"]`);
        await page.waitForSelector('form.form');
        await ready();
        expect(await text('h1')).to.equal(words.flow('examineFormalities'));
        await page.selectOption('#f-result', 'PASS');
        await submit(scene, 'examineFormalities', 'Patent', id);
        await expectRecord(words, 'Patent', id, 'FORMALITIES_PASSED');
        await step(scene, '03-formalities');

        await as('applicant1');
        await go(`#/s/patents/r/Patent/${id}`);
        await press(words, 'publish', '#record-actions');
        await page.fill('#f-specification', specification);
        await page.fill('#f-salt', salt);
        await submit(scene, 'publish', 'Patent', id);
        await expectRecord(words, 'Patent', id, 'PUBLISHED');
        await press(words, 'requestExamination', '#record-actions');
        await submit(scene, 'requestExamination', 'Patent', id);
        await expectRecord(words, 'Patent', id, 'UNDER_EXAMINATION');
        await step(scene, '04-under-examination');

        await as('examiner1');
        await go(`#/s/patents/r/Patent/${id}`);
        await press(words, 'decideExamination', '#record-actions');
        await page.selectOption('#f-outcome', 'GRANT');
        await step(scene, '05-decision-form');
        await submit(scene, 'decideExamination', 'Patent', id);
        await expectRecord(words, 'Patent', id, 'IN_FORCE');
        await step(scene, '06-granted');
        // The granted patent's bibliographic data for other offices' systems: WIPO ST.96 XML, labelled in the language.
        expect(await text('#st96-download')).to.equal(message(language, 'record:st96Download'));
        const [saved] = await Promise.all([page.waitForEvent('download'), page.click('#st96-download')]);
        expect(saved.suggestedFilename()).to.equal(`${id}.st96.xml`);
        const xml = readFileSync((await saved.path())!, 'utf8');
        expect(xml).to.contain(`<com:ApplicationNumberText>${id}</com:ApplicationNumberText>`);
        expect(xml).to.match(/<pat:GrantDate>\d{4}-\d{2}-\d{2}<\/pat:GrantDate>/);
      });

      it('gov records: issue a licence with Chinese attribute names, amend it for a reason, verify it publicly', async () => {
        const words = wordsOf('gov-records', language);
        const scene = 'gov-records';
        const recordId = `BL-STORY-${language}`;
        const original = `营业执照 ${recordId}\n持有人：示例科技有限公司\n`;
        const amended = `营业执照 ${recordId}\n持有人：示例科技有限公司\n经营范围：软件开发\n`;
        await signIn('registrar1');
        await go('#/s/gov-records');
        expect(await text('h1')).to.equal(words.title);
        await press(words, 'issue', '#start-actions');
        await page.fill('#f-recordId', recordId);
        await page.selectOption('#f-type', 'BUSINESS_LICENCE');
        await page.fill('#f-subjectId', 'CO-0001');
        await page.setInputFiles('#f-documentHash-picker', file('licence.txt', original));
        await page.waitForSelector('#f-documentHash-file:has-text("licence.txt")');
        await page.fill('#f-attributes-0-key', '持有人');
        await page.fill('#f-attributes-0-value', '示例科技有限公司');
        await page.click('#f-attributes-group .add-row');
        await page.fill('#f-attributes-1-key', '注册资本');
        await page.fill('#f-attributes-1-value', '100 万元');
        await step(scene, '01-issue-form');
        await submit(scene, 'issue', 'RegistryRecord', recordId);
        await expectRecord(words, 'RegistryRecord', recordId, 'ACTIVE');
        expect(await text('#record-details'))
          .to.include('持有人')
          .and.include('示例科技有限公司');
        await step(scene, '02-issued');

        await press(words, 'amend', '#record-actions');
        await page.setInputFiles('#f-documentHash-picker', file('licence-v2.txt', amended));
        await page.waitForSelector('#f-documentHash-file:has-text("licence-v2.txt")');
        await page.fill('#f-attributes-0-key', '经营范围');
        await page.fill('#f-attributes-0-value', '软件开发');
        await page.fill('#f-reason', '增加经营范围');
        await submit(scene, 'amend', 'RegistryRecord', recordId);
        await expectRecord(words, 'RegistryRecord', recordId, 'ACTIVE');
        expect(await text('#versions tbody')).to.include('增加经营范围');
        await step(scene, '03-amended');

        await signOut();
        await go('#/verify');
        await page.setInputFiles('#document-file', file('licence-v2.txt', amended));
        await page.waitForSelector('#verdict-code[data-verdict="VALID"]');
        expect(await text('#verdict-code')).to.equal(message(language, 'verify:verdicts.VALID'));
        expect(await text('#verdict-record')).to.include(recordId);
        expect(await text('#verdict-digest')).to.include(sha256Hex(amended).slice(0, 12));
        await step(scene, '04-verify-current');
        await page.setInputFiles('#document-file', file('licence.txt', original));
        await page.waitForSelector('#verdict-code[data-verdict="SUPERSEDED"]');
        expect(await text('#verdict-code')).to.equal(message(language, 'verify:verdicts.SUPERSEDED'));
        await step(scene, '05-verify-old');
      });

      it('education: the ministry accredits a university, which issues a diploma; anyone verifies it by file', async () => {
        const words = wordsOf('education', language);
        const scene = 'education';
        const diplomaId = `DIP-STORY-${language}`;
        const diploma = `学士学位证书 ${diplomaId}\n持证人：STU-0001\n专业：计算机科学与技术\n`;
        await signIn('accreditor1');
        await go('#/s/education');
        expect(await text('h1')).to.equal(words.title);
        await press(words, 'accredit', '#start-actions');
        await page.selectOption('#f-universityId', 'UniversityMSP');
        await page.fill('#f-name', language === 'zh-CN' ? '示范大学' : 'Model University');
        await step(scene, '01-accredit-form');
        await submit(scene, 'accredit', 'Accreditation', 'UniversityMSP');
        await expectRecord(words, 'Accreditation', 'UniversityMSP', 'ACCREDITED');
        await step(scene, '02-accredited');

        await as('academic-registrar1');
        await go('#/s/education');
        await press(words, 'issueDiploma', '#start-actions');
        await page.fill('#f-diplomaId', diplomaId);
        await page.fill('#f-holderId', 'STU-0001');
        await page.selectOption('#f-degree', 'BACHELOR');
        await page.fill('#f-field', language === 'zh-CN' ? '计算机科学与技术' : 'Computer science');
        await page.fill('#f-conferredOn', '2025-06-30');
        await page.setInputFiles('#f-documentHash-picker', file('diploma.txt', diploma));
        await page.waitForSelector('#f-documentHash-file:has-text("diploma.txt")');
        await page.setInputFiles('#f-transcriptHash-picker', file('transcript.txt', `成绩单 ${diplomaId}\n`));
        await page.waitForSelector('#f-transcriptHash-file:has-text("transcript.txt")');
        await step(scene, '03-diploma-form');
        await submit(scene, 'issueDiploma', 'Diploma', diplomaId);
        await expectRecord(words, 'Diploma', diplomaId, 'ISSUED');
        await step(scene, '04-issued');

        await signOut();
        await go('#/verify');
        await page.setInputFiles('#document-file', file('diploma.txt', diploma));
        await page.waitForSelector('#verdict-code[data-verdict="VALID"]');
        expect(await text('#verdict-code')).to.equal(message(language, 'verify:verdicts.VALID'));
        expect(await text('#verdict-record')).to.include(diplomaId);
        await step(scene, '05-verified');
      });

      it('e-invoices: the bureau authorises an issuer, which issues and delivers an invoice; the buyer reimburses it once', async () => {
        const words = wordsOf('e-invoices', language);
        const scene = 'e-invoices';
        const [code, number] = ['044031900111', language === 'zh-CN' ? '00000101' : '00000102'];
        const invoiceId = `${code}-${number}`;
        await signIn('tax-officer1');
        await go('#/s/e-invoices');
        expect(await text('h1')).to.equal(words.title);
        await press(words, 'authoriseIssuer', '#start-actions');
        await page.selectOption('#f-issuerId', 'ManufacturerMSP');
        await page.fill('#f-taxId', '91310000MA1FL5LX3K');
        await page.fill('#f-name', '上海示例食品有限公司');
        await submit(scene, 'authoriseIssuer', 'Issuer', 'ManufacturerMSP');
        await expectRecord(words, 'Issuer', 'ManufacturerMSP', 'AUTHORISED');
        await step(scene, '01-authorised');

        await as('invoicer1');
        await go('#/s/e-invoices');
        await press(words, 'issueInvoice', '#start-actions');
        await page.fill('#f-invoiceCode', code);
        await page.fill('#f-invoiceNumber', number);
        await page.selectOption('#f-type', 'VAT_SPECIAL');
        await page.selectOption('#f-buyer', 'InnovatorMSP');
        await page.fill('#f-buyerTaxId', '91440300MA5G0000XX');
        await page.fill('#f-buyerName', '深圳创新实验室有限公司');
        await page.fill('#f-lines-0-item', '*果汁*冷榨苹果汁');
        await page.fill('#f-lines-0-quantity', '100');
        await page.fill('#f-lines-0-amount', '100000');
        await page.selectOption('#f-lines-0-taxRate', '13');
        await page.fill('#f-lines-0-tax', '13000');
        await page.fill('#f-totalAmount', '100000');
        await page.fill('#f-totalTax', '13000');
        await page.fill('#f-total', '113000');
        await page.setInputFiles('#f-documentHash-picker', file('invoice.xml', `<invoice id="${invoiceId}"/>\n`));
        await page.waitForSelector('#f-documentHash-file:has-text("invoice.xml")');
        await step(scene, '02-invoice-form');
        await submit(scene, 'issueInvoice', 'Invoice', invoiceId);
        await expectRecord(words, 'Invoice', invoiceId, 'ISSUED');
        await step(scene, '03-issued');
        await press(words, 'deliverInvoice', '#record-actions');
        await submit(scene, 'deliverInvoice', 'Invoice', invoiceId);
        await expectRecord(words, 'Invoice', invoiceId, 'DELIVERED');

        await as('accountant1');
        await go('#/s/e-invoices');
        await page.waitForSelector('#inbox[data-loaded="true"]');
        const reimburse = page.locator(`#inbox a[href*="/a/reimburseInvoice?invoiceId=${invoiceId}"]`);
        expect(await reimburse.textContent()).to.equal(words.flow('reimburseInvoice'));
        await step(scene, '04-buyer-inbox');
        await reimburse.click();
        await page.waitForSelector('form.form');
        await ready();
        await page.fill('#f-claimId', 'EXP-2025-0001');
        await submit(scene, 'reimburseInvoice', 'Invoice', invoiceId);
        await expectRecord(words, 'Invoice', invoiceId, 'REIMBURSED');
        await step(scene, '05-reimbursed');

        // Another company's finance presents the same invoice: refused, once across the network.
        await as('logistics-accountant1');
        await go(`#/s/e-invoices/a/reimburseInvoice?invoiceId=${invoiceId}`);
        await page.fill('#f-claimId', 'L-2025-0001');
        expected = [409];
        await page.click('form.form button[type=submit]');
        await page.waitForSelector('#result .notice.bad');
        // The refusal in the user's words, the invoice named as the scenario names it; the ledger's reason beside.
        // It says the step was taken, by whom and when (the time as the browser formats it in the user's zone).
        const [before, after] = message(language, 'errors:alreadyDone', {
          record: `${words.record('Invoice')} ${invoiceId}`,
          step: words.step('reimburse'),
          by: language === 'zh-CN' ? '创新企业' : 'Innovator',
          at: '\u0000',
        }).split('\u0000');
        const refusal = await text('#result .error-message');
        expect(refusal.startsWith(before) && refusal.endsWith(after), refusal).to.equal(true);
        expect(refusal.slice(before.length, refusal.length - after.length)).to.match(/\d/);
        expect(await text('#result .error-code')).to.equal('ALREADY_EXISTS');
        expect(await text('#result .error-details')).to.include('already reimbursed by InnovatorMSP');
        await step(scene, '06-refused-twice');
      });
    });
  }
});
