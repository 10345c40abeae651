import { expect } from 'chai';
import pino from 'pino';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { DEMO_DOCUMENTS, sha256Hex } from '../../gateway-app/src/demo/demo-documents';
import { loadDemoData } from '../../gateway-app/src/demo/demo-data';
import { expectFits, launchChromium, openPage, screenshotPath, uiSteps } from './support/browser';
import { PASSWORD, startTestApp, type TestApp } from './support/test-app';
import { freePort } from '../support/ports';

/**
 * The web UI on a phone (390x844) and its forms and verify page as people use them: nothing wider than the
 * screen, the menu, working file hashing, errors next to their fields, list rows, a busy button on a slow
 * network; the app's own SVG QR code read back; a copy that lost its last line break explained.
 */
describe('gateway app web UI: phones, forms and verification (chromium)', function () {
  this.timeout(180_000);
  let t: TestApp;
  let url: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** Console errors, uncaught errors, failed requests and HTTP errors, for each test to assert none. */
  let problems: string[] = [];
  /** The API requests the page made, method and path. */
  let requests: string[] = [];
  /** HTTP error statuses a test expects (a refusal it provokes). */
  let expectedStatuses: number[] = [];

  const { ready, go, signIn } = uiSteps(
    () => page,
    () => url,
    PASSWORD,
  );
  /** Asserts the page is no wider than the viewport, naming the widest elements when it is. */
  const expectNoOverflow = (what: string) => expectFits(page, what);

  const newPage = async (viewport: { width: number; height: number }) => {
    await context?.close();
    ({ context, page, problems } = await openPage(browser, viewport, 'en', () => expectedStatuses));
    page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (pathname.startsWith('/api/')) requests.push(`${request.method()} ${pathname}`);
    });
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
    await browser?.close();
    await t?.close();
  });
  beforeEach(() => {
    problems.splice(0);
    requests = [];
    expectedStatuses = [];
  });
  afterEach(() => {
    expect(problems, 'console errors, failed requests, HTTP errors').to.deep.equal([]);
  });

  describe('on a phone (390x844)', () => {
    before(async () => newPage({ width: 390, height: 844 }));

    it('folds the navigation into a menu that reaches every scenario and sign-out', async () => {
      await signIn('operator1');
      expect(await page.isVisible('#nav')).to.equal(false);
      expect(await page.isVisible('text=Sign out')).to.equal(false);
      await expectNoOverflow('home');
      await page.screenshot({ path: screenshotPath('m01-home') });
      await page.click('#menu-toggle');
      expect(await page.getAttribute('#menu-toggle', 'aria-expanded')).to.equal('true');
      expect(await page.locator('#nav a').allTextContents()).to.include.members([
        'Supply chain traceability',
        'Verify',
      ]);
      expect(await page.isVisible('text=Sign out')).to.equal(true);
      await expectNoOverflow('home, menu open');
      await page.screenshot({ path: screenshotPath('m02-menu-open') });
      await page.click('#nav a:has-text("Supply chain traceability")');
      await ready();
      // Following a link closes the menu.
      expect(await page.isVisible('#nav')).to.equal(false);
    });

    it('fits the scenario home, a record page, an action form and the verify page on the screen', async () => {
      const pages: Array<[string, string, string]> = [
        ['#/s/supply-chain', 'scenario home', 'm03-scenario'],
        ['#/s/supply-chain/Batch', 'record list', 'm04-batches'],
        ['#/s/supply-chain/r/Batch/B-JUICE-0001', 'record page', 'm05-record'],
        ['#/s/supply-chain/a/commission', 'action form', 'm06-action-form'],
        ['#/s/supply-chain/a/aggregate', 'form with a list', 'm07-list-form'],
        ['#/verify', 'verify page', 'm08-verify'],
      ];
      for (const [hash, what, shot] of pages) {
        await go(hash);
        await page.waitForSelector('#main section, #main h1');
        await expectNoOverflow(what);
        await page.screenshot({ path: screenshotPath(shot), fullPage: true });
      }
      await page.fill('#document-text', DEMO_DOCUMENTS.licence.text);
      await page.click('#verify-text');
      await page.waitForSelector('#verdict-code:text-is("Valid")');
      await expectNoOverflow('verify page with a verdict');
      await page.screenshot({ path: screenshotPath('m09-verify-valid'), fullPage: true });
    });

    it('fits every scenario, record list and the account page on the screen (down to 360 px), and the users page for an admin', async () => {
      const scenarios = (await t.call('GET', '/api/scenarios', { token: await t.login('operator1') })).body
        .items as Array<{
        id: string;
        records: Array<{ type: string; listed: boolean }>;
      }>;
      const hashes = [
        '#/account',
        ...scenarios.flatMap((s) => [
          `#/s/${s.id}`,
          ...s.records.filter((r) => r.listed).map((r) => `#/s/${s.id}/${r.type}`),
        ]),
      ];
      for (const hash of hashes) {
        await go(hash);
        await expectNoOverflow(hash);
      }
      // The narrowest phone the layout is made for.
      await page.setViewportSize({ width: 360, height: 740 });
      for (const hash of [...hashes, '#/s/supply-chain/r/Batch/B-JUICE-0001', '#/s/gov-records/a/issue', '#/verify']) {
        await go(hash);
        await expectNoOverflow(`${hash} at 360 px`);
      }
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: screenshotPath('m11-account'), fullPage: true });
      await page.click('#menu-toggle');
      await page.click('text=Sign out');
      await signIn('admin-logistics');
      await go('#/admin');
      await expectNoOverflow('#/admin');
      await page.screenshot({ path: screenshotPath('m12-admin'), fullPage: true });
      await page.click('#menu-toggle');
      await page.click('text=Sign out');
      await signIn('operator1');
    });

    it('submits an action from a phone, with the result on the screen', async () => {
      await go('#/s/supply-chain/a/commission');
      await page.fill('#f-batchId', 'B-MOBILE-1');
      await page.fill('#f-productId', 'GTIN-04012345000024');
      await page.fill('#f-quantity', '12');
      await page.fill('#f-location', 'GLN-4012345000009');
      await page.click('form.form button[type=submit]');
      // The action lands on the new batch, its confirmation above it.
      await page.waitForSelector('.after-action .notice.ok');
      await page.waitForSelector('h1:has-text("B-MOBILE-1")');
      await ready();
      await expectNoOverflow('action result');
      await expectNoOverflow('new record');
      await page.screenshot({ path: screenshotPath('m10-new-record'), fullPage: true });
      await page.click('#menu-toggle');
      await page.click('text=Sign out');
      await page.waitForSelector('#username');
    });
  });

  describe('forms', () => {
    before(async () => {
      await newPage({ width: 1280, height: 900 });
      await signIn('registrar1');
    });

    it('marks required fields and puts each error next to its field before anything is sent', async () => {
      await go('#/s/gov-records/a/issue');
      expect(await page.locator('[data-field="recordId"] .req').count()).to.equal(1);
      expect(await page.textContent('[data-field="validUntil"] .field-label')).to.include('(optional)');
      expect(await page.getAttribute('#f-recordId', 'aria-required')).to.equal('true');
      // An enum is a choice, not a text box.
      expect(await page.locator('#f-type option').allTextContents()).to.deep.equal([
        'Choose…',
        'Business licence',
        'Property title',
        'Qualification',
      ]);
      await page.fill('#f-documentHash', 'not-a-digest');
      requests = [];
      await page.click('form.form button[type=submit]');
      expect(await page.textContent('#f-recordId-error')).to.equal('Please fill this in.');
      expect(await page.textContent('#f-type-error')).to.equal('Please fill this in.');
      expect(await page.textContent('#f-documentHash-error')).to.include(
        'A SHA-256 fingerprint has exactly 64 characters',
      );
      expect(await page.isVisible('#f-validUntil-error')).to.equal(false);
      expect(await page.textContent('.form-summary')).to.equal('4 fields need correcting.');
      expect(await page.evaluate('document.activeElement.id')).to.equal('f-recordId');
      expect(requests, 'requests for an incomplete form').to.deep.equal([]);
      expect(await page.textContent('#result')).to.equal('');
      await page.screenshot({ path: screenshotPath('f01-inline-errors') });
    });

    it('hashes a chosen file into a hash field, and shows the ledger’s refusal of a field only next to it', async () => {
      const licenceText = 'Business licence BL-FORM-1\nHolder: subject S-FORM-1\n';
      await go('#/s/gov-records/a/issue');
      await page.fill('#f-recordId', 'BL-FORM-1');
      await page.selectOption('#f-type', 'BUSINESS_LICENCE');
      await page.fill('#f-subjectId', 'S-FORM-1');
      await page.setInputFiles('#f-documentHash-picker', {
        name: 'licence.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from(licenceText),
      });
      await page.waitForSelector('#f-documentHash-file:has-text("Computed from licence.txt")');
      expect(await page.inputValue('#f-documentHash')).to.equal(sha256Hex(licenceText));
      // The server's checks (the chaincode's schema) refuse a validity that ends before it starts.
      await page.fill('#f-validFrom', '2027-01-01T00:00');
      await page.fill('#f-validUntil', '2026-01-01T00:00');
      expectedStatuses = [400];
      await page.click('form.form button[type=submit]');
      await page.waitForSelector('#result .notice.bad');
      expect(await page.textContent('#f-validUntil-error')).to.equal('must be after validFrom');
      const notice = (await page.textContent('#result .notice.bad')) ?? '';
      expect(notice).to.equal('Some values were refused. See the marked fields.');
      expect(notice).not.to.include('invalid request');
      await page.screenshot({ path: screenshotPath('f02-field-refused') });
      expectedStatuses = [];
      await page.fill('#f-validFrom', '');
      await page.fill('#f-validUntil', '');
      // A free-form map is name/value rows.
      await page.fill('#f-attributes-0-key', 'activity');
      await page.fill('#f-attributes-0-value', 'juice');
      await page.click('form.form button[type=submit]');
      await page.waitForSelector('.after-action .notice.ok');
      const registrar = await t.login('registrar1');
      const record = await t.call('GET', '/api/gov-records/records/BL-FORM-1', { token: registrar });
      expect(record.body.data.documentHash).to.equal(sha256Hex(licenceText));
      expect(record.body.data.attributes).to.deep.equal({ activity: 'juice' });
    });

    it('shows a busy button while the ledger is slow, and only then the answer', async () => {
      await go('#/s/gov-records/a/issue');
      await page.fill('#f-recordId', 'BL-FORM-SLOW');
      await page.selectOption('#f-type', 'QUALIFICATION');
      await page.fill('#f-subjectId', 'S-FORM-2');
      await page.fill('#f-documentHash', sha256Hex('slow').toUpperCase());
      // The request is held until the test lets it through: slow, without waiting on the clock.
      let intercept: (route: Route) => void = () => undefined;
      const intercepted = new Promise<Route>((resolve) => (intercept = resolve));
      await page.route('**/api/gov-records/records/issue', (route) => intercept(route));
      await page.click('form.form button[type=submit]');
      const route = await intercepted;
      await page.waitForSelector('form.form[aria-busy="true"] button[type=submit] .spinner');
      expect(await page.isDisabled('form.form button[type=submit]')).to.equal(true);
      expect(await page.textContent('form.form button[type=submit]')).to.equal('Sending to the ledger…');
      expect(await page.textContent('#result')).to.equal('');
      await page.screenshot({ path: screenshotPath('f03-busy') });
      await route.continue();
      await page.waitForSelector('.after-action .notice.ok');
      // Committed: the form gave way to the new record's page.
      expect(page.url()).to.match(/#\/s\/gov-records\/r\/RegistryRecord\/BL-FORM-SLOW$/);
      await page.unroute('**/api/gov-records/records/issue');
      const registrar = await t.login('registrar1');
      const record = await t.call('GET', '/api/gov-records/records/BL-FORM-SLOW', { token: registrar });
      // An upper-case digest is the same digest: sent in the ledger's lower case.
      expect(record.body.data.documentHash).to.equal(sha256Hex('slow'));
    });

    it('says a page is loading while the ledger is slow to answer it, and then shows it', async () => {
      await go('#/');
      let intercept: (route: Route) => void = () => undefined;
      const intercepted = new Promise<Route>((resolve) => (intercept = resolve));
      await page.route('**/api/gov-records/dashboard', (route) => intercept(route));
      await page.evaluate("location.hash = '#/s/gov-records'");
      const route = await intercepted;
      await page.waitForSelector('main[aria-busy="true"] > .page-loading[role="status"]');
      // Shown after a short delay (a CSS animation), so a fast page does not flash it.
      const style = await page.evaluate(
        "(({ animationName, animationDelay }) => `${animationName} ${animationDelay}`)(getComputedStyle(document.querySelector('main > .page-loading')))",
      );
      expect(style).to.equal('page-loading-appear 0.4s');
      expect(await page.textContent('main > .page-loading')).to.equal('Loading…');
      await route.continue();
      await ready();
      expect(await page.$('main > .page-loading')).to.equal(null);
      expect(await page.getAttribute('main', 'aria-busy')).to.equal(null);
      await page.unroute('**/api/gov-records/dashboard');
    });

    it('takes a list as rows, one value each, with rows to add and remove', async () => {
      const operator = await t.login('operator1');
      for (const batchId of ['B-ROW-1', 'B-ROW-2', 'B-ROW-3']) {
        const made = await t.call('POST', '/api/supply-chain/batches/commission', {
          token: operator,
          body: { batchId, productId: 'GTIN-04012345000024', quantity: 5, location: 'GLN-4012345000009' },
        });
        expect(made.status, JSON.stringify(made.body)).to.equal(200);
      }
      await signIn('operator1');
      await go('#/s/supply-chain/a/aggregate');
      expect(await page.locator('#f-batchIds input').count()).to.equal(1);
      await page.fill('#f-batchIds-0', 'B-ROW-1');
      await page.click('[data-field="batchIds"] .add-row');
      await page.fill('#f-batchIds-1', 'B ROW 2');
      await page.fill('#f-palletId', 'P-ROW-1');
      await page.click('form.form button[type=submit]');
      expect(await page.textContent('#f-batchIds-error')).to.equal(
        'Entry 2: use letters, digits and . _ : / - only, without spaces, starting with a letter or digit.',
      );
      // A pasted list fills one row per entry (commas or line breaks between them).
      await page.evaluate(`(() => {
        const data = new DataTransfer();
        data.setData('text/plain', 'B-ROW-2,\\nB-ROW-3');
        document.getElementById('f-batchIds-1').value = '';
        document.getElementById('f-batchIds-1').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      })()`);
      expect(await page.inputValue('#f-batchIds-1')).to.equal('B-ROW-2');
      expect(await page.inputValue('#f-batchIds-2')).to.equal('B-ROW-3');
      await page.click('[aria-label="Remove Batch Ids 3"]');
      expect(await page.locator('#f-batchIds input').count()).to.equal(2);
      await page.screenshot({ path: screenshotPath('f04-list-rows') });
      await page.click('form.form button[type=submit]');
      await page.waitForSelector('.after-action .notice.ok');
      const pallet = await t.call('GET', '/api/supply-chain/pallets/P-ROW-1', { token: operator });
      expect(pallet.body.data.contents).to.deep.equal(['B-ROW-1', 'B-ROW-2']);
    });
  });

  describe('the verify page', () => {
    before(async () => newPage({ width: 1280, height: 900 }));

    it('reads back the app’s own SVG QR code of a digest', async () => {
      const digest = sha256Hex(DEMO_DOCUMENTS.licence.text);
      const svg = await fetch(`${url}/api/public/qr?text=${digest}`);
      expect(svg.headers.get('content-type')).to.include('image/svg+xml');
      await go('#/verify');
      await page.setInputFiles('#qr-image', {
        name: 'qr.svg',
        mimeType: 'image/svg+xml',
        buffer: Buffer.from(await svg.text()),
      });
      await page.waitForSelector('#verdict-code:text-is("Valid")');
      expect(await page.inputValue('#hash')).to.equal(digest);
    });

    it('says so when a pasted copy lost its last line break, and verifies that version only when asked', async () => {
      const licence = DEMO_DOCUMENTS.licence.text;
      expect(licence.endsWith('\n')).to.equal(true);
      await go('#/verify');
      expect(await page.textContent('#how-digest summary')).to.equal('How the fingerprint is computed');
      await page.fill('#document-text', licence.trimEnd());
      await page.click('#verify-text');
      await page.waitForSelector('#line-break-hint');
      // The verdict is for the exact bytes given: unknown.
      expect(await page.textContent('#verdict-code')).to.equal('Unknown');
      expect(await page.inputValue('#hash')).to.equal(sha256Hex(licence.trimEnd()));
      expect(await page.textContent('#verdict-digest')).to.include(`(${Buffer.byteLength(licence.trimEnd())} bytes)`);
      expect(await page.textContent('#line-break-hint')).to.include(
        'the same text with a line break added at the end is in the register (Valid)',
      );
      await page.screenshot({ path: screenshotPath('v01-line-break-hint') });
      await page.click('#check-variant');
      expect(await page.textContent('#variant-note')).to.include('not for the exact bytes you gave');
      expect(await page.textContent('#verdict-code')).to.equal('Valid');
      expect(await page.inputValue('#hash')).to.equal(sha256Hex(licence));
    });

    it('explains a mistyped digest in words, without asking the server', async () => {
      await go('#/verify');
      const digest = sha256Hex(DEMO_DOCUMENTS.licence.text);
      requests = [];
      await page.fill('#hash', digest.slice(0, 63));
      await page.click('#verify-hash');
      expect(await page.textContent('#hash-error')).to.equal(
        'A SHA-256 fingerprint has exactly 64 characters, digits 0-9 and letters a-f (this has 63).',
      );
      await page.fill('#hash', `${digest.slice(0, 62)}xg`);
      await page.click('#verify-hash');
      expect(await page.textContent('#hash-error')).to.include('these do not belong: “x”, “g”');
      expect(await page.textContent('#verdict')).to.equal('');
      expect(requests.filter((r) => r.includes('/verify'))).to.deep.equal([]);
      await page.fill('#hash', ` ${digest.toUpperCase()} `);
      await page.click('#verify-hash');
      await page.waitForSelector('#verdict-code:text-is("Valid")');
      expect(await page.isVisible('#hash-error')).to.equal(false);
    });
  });
});
