import { expect } from 'chai';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import QRCode from 'qrcode';
import { DEMO_DOCUMENTS, sha256Hex } from '../../gateway-app/src/demo/demo-documents';
import { loadDemoData } from '../../gateway-app/src/demo/demo-data';
import { launchChromium, screenshotPath, uiSteps, useLanguage } from './support/browser';
import { accreditUniversity, issueDiploma } from './support/diplomas';
import { PASSWORD, startTestApp, type Json, type TestApp } from './support/test-app';
import { freePort } from '../support/ports';
import { until } from './support/until';

describe('gateway app web UI (chromium)', function () {
  this.timeout(180_000);
  let t: TestApp;
  let url: string;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  /** Everything the Content-Security-Policy refused, as the page reports it and as chromium logs it. */
  const cspViolations: string[] = [];

  const { ready, go, signIn } = uiSteps(
    () => page,
    () => url,
    PASSWORD,
  );
  const signOut = async () => {
    await page.click('text=Sign out');
    await page.waitForSelector('#username');
  };
  /** Submits the form: answers the confirmation on the record the action lands on, or the notice on the form. */
  const submitForm = async () => {
    await page.click('form.form button[type=submit]');
    const notice = await page.waitForSelector('.after-action .notice, #result .notice', { timeout: 30_000 });
    await ready();
    return (await notice.textContent()) ?? '';
  };

  before(async () => {
    t = await startTestApp({
      chaincodes: ['supply-chain', 'gov-records', 'education'],
      config: { port: await freePort() },
    });
    await loadDemoData(t.app.ctx.runner, t.app.ctx.directory, t.app.ctx.scenarios, pino({ level: 'silent' }));
    url = await t.app.listen();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await useLanguage(page.context(), 'en');
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    await page.exposeFunction('reportCspViolation', (text: string) => cspViolations.push(text));
    // Runs before the page's own scripts and outside its CSP (test code has no DOM types: a string).
    await page.addInitScript({
      content:
        "document.addEventListener('securitypolicyviolation', (e) => window.reportCspViolation(e.effectiveDirective + ' refused ' + e.blockedURI));",
    });
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });
  afterEach(() => {
    expect(pageErrors, 'errors in the page').to.deep.equal([]);
    expect(cspViolations, 'Content-Security-Policy violations').to.deep.equal([]);
  });

  it('serves the UI under a Content-Security-Policy that refuses inline code and framing', async () => {
    const response = await page.goto(`${url}/`);
    await ready();
    const headers = response!.headers();
    expect(headers['content-security-policy']).to.include("script-src 'self'").and.include("frame-ancestors 'none'");
    expect(headers).to.include({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY' });
    // The policy is enforced, and a violation would be seen by the checks after each test.
    await page.evaluate(`
      document.body.setAttribute('style', 'color: red');
      const script = document.createElement('script');
      script.textContent = 'window.inlineRan = true';
      document.body.append(script);
    `);
    const reported = await until(() => {
      const text = cspViolations.join('\n');
      return /style-src-attr refused inline/.test(text) && /script-src-elem refused inline/.test(text)
        ? text
        : undefined;
    });
    expect(reported).to.include('Executing inline script violates');
    expect(await page.evaluate('window.inlineRan')).to.equal(undefined);
    cspViolations.length = 0;
  });

  it('renders the API documentation (Swagger UI) under the same policy, inline styles aside', async () => {
    await page.goto(`${url}/docs`);
    await page.waitForSelector('.swagger-ui .info .title');
    await page.waitForSelector('.opblock-tag');
    await page.click('.opblock-tag');
  });

  it('signs in and shows the scenarios the user can work in', async () => {
    await go('');
    await page.waitForSelector('#username');
    await page.screenshot({ path: screenshotPath('01-sign-in') });
    await signIn('operator1');
    expect(await page.textContent('#whoami')).to.include('operator1 · Manufacturer · Operator');
    expect(await page.locator('.card h2').allTextContents()).to.deep.equal([
      'Supply chain traceability',
      'Government records',
      'Education certificates',
    ]);
    await page.screenshot({ path: screenshotPath('02-home') });
  });

  it('hands a batch over from a Manufacturer operator to a Logistics carrier', async () => {
    await go('#/s/supply-chain/a/commission');
    await page.fill('#f-batchId', 'B-UI-1');
    await page.fill('#f-productId', 'GTIN-04012345000024');
    await page.fill('#f-quantity', '120');
    await page.fill('#f-location', 'GLN-4012345000009');
    // The action lands on the batch it made, with the confirmation above it.
    expect(await submitForm()).to.match(/^Commission: Batch B-UI-1, committed in block \d+/);
    await page.waitForSelector('h1:has-text("B-UI-1")');
    expect(page.url()).to.match(/#\/s\/supply-chain\/r\/Batch\/B-UI-1$/);
    // Only what the state machine allows the sender from ACTIVE: no Receive on its own batch.
    const offered = await page.locator('#record-actions a.button').allTextContents();
    expect(offered).to.include('Ship batch');
    expect(offered).not.to.include('Receive batch');
    await page.click('a.button:has-text("Ship batch")');
    await ready();
    expect(await page.inputValue('#f-batchId')).to.equal('B-UI-1');
    await page.selectOption('#f-receiver', 'LogisticsMSP');
    expect(await submitForm()).to.match(/committed in block \d+/);
    await page.screenshot({ path: screenshotPath('03-shipped-by-operator') });

    await signOut();
    await signIn('carrier1');
    await go('#/s/supply-chain/r/Batch/B-UI-1');
    expect(await page.textContent('h1')).to.include('IN_TRANSIT');
    await page.click('a.button:has-text("Receive batch")');
    await ready();
    await page.fill('#f-location', 'GLN-4098765000002');
    expect(await submitForm()).to.match(/committed in block \d+/);
    await go('#/s/supply-chain/r/Batch/B-UI-1');
    expect(await page.textContent('h1')).to.include('ACTIVE');
    expect(await page.textContent('.kv')).to.include('LogisticsMSP');
    const steps = await page.locator('.timeline li strong').allTextContents();
    expect(steps).to.deep.equal(['Receive', 'Ship', 'Commission']);
    await page.screenshot({ path: screenshotPath('04-received-by-carrier'), fullPage: true });
  });

  it('states an illegal transition in words from the error’s facts, not as the raw message', async () => {
    // carrier1 has just received B-UI-1, so it is ACTIVE: receiving it again is refused by its state machine.
    await go('#/s/supply-chain/a/receiveBatch?batchId=B-UI-1');
    await page.fill('#f-location', 'GLN-4098765000002');
    const message = await submitForm();
    expect(message).to.equal(
      'Not allowed in this state. Receive batch is not possible now: Batch B-UI-1 is ACTIVE, and from ACTIVE only ' +
        'these steps are allowed: split, pack, ship, consume, consume part, pass inspection, fail inspection, recall, ' +
        'recall downstream. ILLEGAL_TRANSITION',
    );
    await page.screenshot({ path: screenshotPath('04b-illegal-transition') });
  });

  it('shows refusals from the ledger on the form', async () => {
    await go('#/s/supply-chain/a/registerProduct');
    expect(await page.textContent('.notice.info')).to.include('not among those allowed to do this');
    await page.fill('#f-productId', 'GTIN-1');
    await page.fill('#f-name', 'Sneaky');
    await page.selectOption('#f-unit', 'kg');
    const message = await submitForm();
    expect(message).to.include('FORBIDDEN');
    expect(message).to.include('LogisticsMSP user carrier1').and.include('may not register product; allowed: ');
  });

  it('draws the provenance graph of a batch', async () => {
    await go('#/s/supply-chain/r/Batch/B-JUICE-0001');
    await page.waitForSelector('#provenance svg');
    const nodes = await page
      .locator('#provenance g.node')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-id')));
    expect(nodes).to.have.members(['B-JUICE-0001', 'B-APPLE-0001', 'B-APPLE-0002']);
    expect(await page.locator('#provenance path.edge').count()).to.equal(2);
    await page.locator('#provenance').screenshot({ path: screenshotPath('05-provenance-graph') });
    await page.click('#provenance g.node[data-id="B-APPLE-0001"]');
    await page.waitForSelector('h1:has-text("B-APPLE-0001")');
    await ready();
    expect(await page.locator('#provenance g.node[data-id="B-JUICE-0001"]').count()).to.equal(1);
  });

  it('shows a citizen only their own records, and lets an agent read one only under a logged consent', async () => {
    const registrar = await t.login('registrar1');
    for (const [recordId, subjectId] of [
      ['PT-UI-OWN', 'SUBJ-0001'],
      ['PT-UI-OTHER', 'SUBJ-9999'],
    ]) {
      const issued = await t.call('POST', '/api/gov-records/records/issue', {
        token: registrar,
        body: { recordId, type: 'PROPERTY_TITLE', subjectId, documentHash: sha256Hex(`title ${recordId}`) },
      });
      expect(issued.status, JSON.stringify(issued.body)).to.equal(200);
    }
    await signOut();
    await signIn('citizen1');
    await go('#/s/gov-records/RegistryRecord');
    await page.waitForSelector('#personal-note');
    const listed = await page.locator('tbody tr td:first-child a').allTextContents();
    expect(listed).to.deep.equal(['PT-UI-OWN']);
    await go('#/s/gov-records/r/RegistryRecord/PT-UI-OTHER');
    expect(await page.textContent('.notice.bad')).to.include('may not read RegistryRecord PT-UI-OTHER');
    await go('#/s/gov-records/a/grantConsent');
    await page.fill('#f-consentId', 'C-UI-1');
    await page.fill('#f-recordId', 'PT-UI-OWN');
    await page.selectOption('#f-grantee', 'CitizenAgentMSP');
    await page.fill('#f-purpose', 'housing subsidy');
    await page.fill('#f-validUntil', new Date(Date.now() + 86_400_000).toISOString().slice(0, 16));
    expect(await submitForm()).to.match(/committed in block \d+/);

    await signOut();
    await signIn('agent1');
    await go('#/s/gov-records/r/RegistryRecord/PT-UI-OWN');
    expect(await page.textContent('.notice.bad')).to.include('FORBIDDEN');
    expect(await page.textContent('#consent-hint')).to.include('under that consent');
    await page.click('#consent-hint a.button:has-text("Read under consent")');
    await ready();
    expect(await page.inputValue('#f-recordId')).to.equal('PT-UI-OWN');
    await page.fill('#f-consentId', 'C-UI-1');
    await page.fill('#f-purpose', 'housing subsidy');
    expect(await submitForm()).to.match(/committed in block \d+/);
    expect(await page.textContent('#consented-record')).to.include('SUBJ-0001');
    await page.screenshot({ path: screenshotPath('10-read-under-consent'), fullPage: true });
    await go('#/s/gov-records/Consent');
    expect(await page.locator('tbody tr td:first-child a').allTextContents()).to.deep.equal(['C-UI-1']);

    const citizen = await t.login('citizen1');
    const log = await t.call('GET', '/api/gov-records/records/PT-UI-OWN/list-access-log', { token: citizen });
    expect(log.body.items.map((e: Json) => [e.data.accessor.mspId, e.data.purpose])).to.deep.equal([
      ['CitizenAgentMSP', 'housing subsidy'],
    ]);
    const agentToken = await t.login('agent1');
    const refused = await t.call('GET', '/api/gov-records/records/PT-UI-OWN/list-access-log', { token: agentToken });
    expect([refused.status, refused.body.error.code]).to.deep.equal([403, 'FORBIDDEN']);
  });

  it('offers a university registrar only the diploma actions its state allows', async () => {
    await accreditUniversity(t, 'University of the Browser');
    await issueDiploma(t, 'D-UI-1', 'diploma D-UI-1', { field: 'Chemistry' });
    await signOut();
    await signIn('academic-registrar1');
    const actions = () => page.locator('#record-actions a.button').allTextContents();
    await go('#/s/education/r/Diploma/D-UI-1');
    expect(await page.textContent('h1')).to.include('ISSUED');
    expect(await actions()).to.deep.equal(['Suspend diploma', 'Revoke diploma']);
    await page.click('a.button:has-text("Suspend diploma")');
    await ready();
    expect(await page.inputValue('#f-diplomaId')).to.equal('D-UI-1');
    await page.fill('#f-reason', 'Transcript under review');
    expect(await submitForm()).to.match(/committed in block \d+/);
    await go('#/s/education/r/Diploma/D-UI-1');
    expect(await page.textContent('h1')).to.include('SUSPENDED');
    expect(await actions()).to.deep.equal(['Reinstate diploma', 'Revoke diploma']);
    await page.screenshot({ path: screenshotPath('05b-diploma-actions') });
  });

  it('lets an org admin register a user, who can then sign in as their new identity', async () => {
    await signOut();
    await signIn('admin-logistics');
    await page.click('nav a:has-text("Users")');
    await ready();
    await page.fill('#new-username', 'carrier7');
    await page.fill('#new-password', 'carrier7-password');
    await page.fill('#new-role', 'carrier');
    await page.click('form.form button[type=submit]');
    await page.waitForSelector('td:has-text("carrier7")');
    expect(await page.textContent('#admin-result')).to.include('Registered carrier7');
    await page.screenshot({ path: screenshotPath('09-admin-users') });
    await signOut();
    await page.fill('#username', 'carrier7');
    await page.fill('#password', 'carrier7-password');
    await page.click('form button[type=submit]');
    await page.waitForSelector('#whoami');
    expect(await page.textContent('#whoami')).to.include('carrier7 · Logistics · Carrier');
  });

  it('signs out on the server, and changes the password on the account page, signing out other sessions', async () => {
    await signOut();
    await signIn('ip-manager1');
    const first = (await page.evaluate('sessionStorage.getItem("scenechain.token")')) as string;
    await signOut();
    // Signing out revokes the token itself: a copy of it is refused too.
    const copy = await t.call('GET', '/api/auth/me', { token: first });
    expect([copy.status, copy.body.error.code]).to.deep.equal([401, 'TOKEN_REVOKED']);
    const elsewhere = await t.login('ip-manager1');
    await signIn('ip-manager1');
    await page.click('#whoami a');
    await page.waitForSelector('#tokens');
    await ready();
    expect(await page.locator('#tokens tbody tr').count()).to.equal(2);
    await page.fill('#current-password', PASSWORD);
    await page.fill('#new-password', 'a-new-password');
    await page.click('form.form button[type=submit]');
    await page.waitForSelector('#account-result .notice.ok');
    expect(await page.textContent('#account-result')).to.include('Password changed; 1 other session signed out.');
    expect(await page.locator('#tokens tbody tr').count()).to.equal(1);
    await page.screenshot({ path: screenshotPath('10-account') });
    expect((await t.call('GET', '/api/auth/me', { token: elsewhere })).body.error.code).to.equal('TOKEN_REVOKED');
    const login = (password: string) =>
      t.call('POST', '/api/auth/login', { body: { username: 'ip-manager1', password } });
    expect((await login(PASSWORD)).status).to.equal(401);
    expect((await login('a-new-password')).status).to.equal(200);
  });

  it('verifies a record on the public page without signing in', async () => {
    await signOut();
    await go('#/verify');
    await page.fill('#document-text', DEMO_DOCUMENTS.licence.text);
    await page.click('#verify-text');
    await page.waitForSelector('#verdict-code');
    expect(await page.textContent('#verdict-code')).to.equal('Valid');
    expect(await page.textContent('#verdict')).to.include(DEMO_DOCUMENTS.licence.recordId);
    await page.screenshot({ path: screenshotPath('06-verify-valid') });
    await page.fill('#document-text', DEMO_DOCUMENTS.licence.text.replace('fruit juices', 'fireworks'));
    await page.click('#verify-text');
    await page.waitForSelector('#verdict-code:text-is("Unknown")');
    await page.screenshot({ path: screenshotPath('07-verify-unknown') });
    await page.fill('#document-text', DEMO_DOCUMENTS.qualification.text);
    await page.click('#verify-text');
    await page.waitForSelector('#verdict-code:text-is("Suspended")');
  });

  it('verifies an uploaded document file and a scanned QR code of a digest', async () => {
    await go('#/verify');
    await page.setInputFiles('#document-file', {
      name: 'licence.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(DEMO_DOCUMENTS.licence.text),
    });
    await page.waitForSelector('#verdict-code:text-is("Valid")');
    await go('#/verify');
    const qr = await QRCode.toBuffer(sha256Hex(DEMO_DOCUMENTS.qualification.text), {
      type: 'png',
      width: 300,
      margin: 2,
    });
    await page.setInputFiles('#qr-image', { name: 'qr.png', mimeType: 'image/png', buffer: qr });
    await page.waitForSelector('#verdict-code:text-is("Suspended")');
    expect(await page.inputValue('#hash')).to.equal(sha256Hex(DEMO_DOCUMENTS.qualification.text));
    await page.screenshot({ path: screenshotPath('08-verify-qr-suspended') });
  });
});
