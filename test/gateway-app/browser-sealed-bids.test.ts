import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { privateCommitment } from '@scenechain/scene-kit';
import { specificationCommitment } from '../../chaincode/patents/src';
import { launchChromium, openPage, uiSteps } from './support/browser';
import { PASSWORD, startTestApp, type TestApp } from './support/test-app';
import { freePort } from '../support/ports';

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/**
 * The sealed-bid forms as a company's IP manager meets them (zh-CN): the bid and its salt are marked private,
 * the bid is sealed with a salt the app generates and shows to keep, the commitment form sends only the tender
 * and the bidder, and the reveal form asks for bid and salt as private fields without generating one.
 */
describe('gateway app web UI: sealed licence bids (chromium)', function () {
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
  /** Fills a field, whether the form shows it as a text box or a list to pick from. */
  async function enter(selector: string, value: string): Promise<void> {
    const tag = await page.$eval(selector, (element) => element.tagName);
    if (tag === 'SELECT') await page.selectOption(selector, value);
    else await page.fill(selector, value);
  }

  before(async () => {
    t = await startTestApp({ chaincodes: ['patents'], config: { port: await freePort() } });
    url = await t.app.listen();
    const owner = await t.login('applicant1');
    const filed = await t.call('POST', '/api/patents/applications/file', {
      token: owner,
      body: {
        title: 'Tendered in the browser',
        applicantName: 'Innovator Ltd',
        ipcClasses: ['H01M 10/056'],
        commitment: specificationCommitment('a-salt-for-the-spec', 'text'),
      },
    });
    const opened = await t.call('POST', '/api/patents/licence-tenders/open-licence-tender', {
      token: owner,
      body: {
        tenderId: 'T-UI-1',
        terms: {
          applicationId: filed.body.result.data.id,
          territories: ['CN'],
          startsAt: '2027-01-01T00:00:00Z',
          endsAt: '2030-01-01T00:00:00Z',
        },
        commitDeadline: iso(Date.now() + 3_600_000),
        revealDeadline: iso(Date.now() + 7_200_000),
      },
    });
    expect(opened.status, JSON.stringify(opened.body)).to.equal(200);
    browser = await launchChromium();
    ({ context, page, problems } = await openPage(browser, { width: 1280, height: 900 }, 'zh-CN'));
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
  });

  it('seals a bid with a generated salt, commits it, and offers a reveal form with private fields', async () => {
    await signIn('ip-manager1');
    await go('#/s/patents/a/sealLicenceBid');
    expect(await page.textContent('[data-field="bid"] > .private-note')).to.include('不写入共享账本');
    expect(await page.textContent('[data-field="salt"] .private-note')).to.include('留空时由本机构系统生成');
    expect(await page.getAttribute('#f-salt', 'aria-required'), 'the app makes the salt').to.equal(null);
    expect(await page.textContent('[data-field="bid"] legend')).to.include('出价');
    const bid = { royaltyPermille: 52, licenseeName: '华东电池制造有限公司（网页密标）' };
    await enter('#f-tenderId', 'T-UI-1');
    await enter('#f-bidder', 'ManufacturerMSP');
    await page.fill('#f-bid-royaltyPermille', String(bid.royaltyPermille));
    await page.fill('#f-bid-licenseeName', bid.licenseeName);
    await page.click('form.form button[type=submit]');
    const reminder = await page.waitForSelector('#generated-salts', { timeout: 60_000 });
    await ready();
    expect(await reminder.textContent()).to.include('请妥善保存');
    const salt = ((await page.textContent('#generated-salts dd')) ?? '').trim();
    expect(salt).to.match(/^[A-Za-z0-9_-]{43}$/);

    await go('#/s/patents/a/commitLicenceBid');
    expect(await page.$('[data-field="bid"]'), 'the commitment carries no bid').to.equal(null);
    await enter('#f-tenderId', 'T-UI-1');
    await enter('#f-bidder', 'ManufacturerMSP');
    await page.click('form.form button[type=submit]');
    await page.waitForSelector('.after-action .notice, #result .notice', { timeout: 60_000 });
    await ready();

    const maker = await t.login('ip-manager1');
    const bids = await t.call('GET', '/api/patents/licence-bids/list-licence-bids?tenderId=T-UI-1', { token: maker });
    expect(bids.status, JSON.stringify(bids.body)).to.equal(200);
    expect(bids.body.items.map((b: { data: { bidHash: string } }) => b.data.bidHash)).to.deep.equal([
      privateCommitment({ data: bid, salt }),
    ]);

    await go('#/s/patents/a/revealLicenceBid');
    expect(await page.textContent('[data-field="bid"] > .private-note')).to.include('不写入共享账本');
    expect(await page.textContent('[data-field="salt"] .private-note')).to.not.include('留空时由本机构系统生成');
    expect(problems, 'page errors, failed requests, HTTP errors').to.deep.equal([]);
  });
});
