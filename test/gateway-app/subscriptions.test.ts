import { expect } from 'chai';
import { rmSync } from 'node:fs';
import http, { type IncomingHttpHeaders } from 'node:http';
import { connectGateway, type Devnet } from '@scenechain/devnet';
import { sha256Hex } from '../../gateway-app/src/demo/demo-documents';
import { ManualScheduler } from '../../gateway-app/src/subscriptions/scheduler';
import { verifyWebhookSignature } from '../../gateway-app/src/subscriptions/webhook-signature';
import { freePort } from '../support/ports';
import { launchChromium, screenshotPath, useLanguage } from './support/browser';
import { CHANNEL, PASSWORD, startScenarioDevnet, startTestApp, type Json, type TestApp } from './support/test-app';

interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly event: Json;
}

/** A webhook receiver on loopback: records every POST and answers each path's configured status. */
async function startReceiver() {
  const port = await freePort();
  const received: Received[] = [];
  const statuses = new Map<string, number>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = request.url ?? '';
      received.push({ path, headers: request.headers, body, event: JSON.parse(body) });
      response.statusCode = statuses.get(path) ?? 200;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    at: (path: string) => received.filter((r) => r.path === path),
    answer: (path: string, status: number) => statuses.set(path, status),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A server-sent event stream read over a real socket; `waitFor(n)` settles once n events arrived. */
function openStream(baseUrl: string, token: string, query: string, lastEventId?: string) {
  const events: { id: string; data: Json }[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  let buffer = '';
  let status = 0;
  const opened = new Promise<http.IncomingMessage>((resolve, reject) => {
    const request = http.get(
      `${baseUrl}/api/events/stream${query}`,
      { headers: { authorization: `Bearer ${token}`, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) } },
      (response) => {
        status = response.statusCode ?? 0;
        response.setEncoding('utf8');
        response.on('data', (text: string) => {
          buffer += text;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const lines = block.split('\n');
            const id = lines.find((l) => l.startsWith('id: '))?.slice(4);
            const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
            if (id && data) events.push({ id, data: JSON.parse(data) });
          }
          for (const waiter of waiters.filter((w) => events.length >= w.n)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve();
          }
        });
        resolve(response);
      },
    );
    request.on('error', reject);
  });
  return {
    events,
    opened: opened.then(() => status),
    waitFor: (n: number) =>
      events.length >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve })),
    close: async () => (await opened).destroy(),
  };
}

/**
 * Event subscriptions through the real app on a dev network: webhooks to a loopback receiver (signed, every
 * event of a story exactly once across an app restart, retries on the injected scheduler, dead letters and
 * redelivery), server-sent events with Last-Event-ID resume, and the read model's scope rules on personal data.
 */
describe('gateway app: event subscriptions', function () {
  this.timeout(180_000);
  const START = Date.parse('2026-03-01T00:00:00Z');
  const config = { webhooks: { maxAttempts: 3, initialBackoffMs: 60_000, maxBackoffMs: 100_000 } };
  let devnet: Devnet;
  let t: TestApp;
  let scheduler: ManualScheduler;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let operator: string;
  let secret: string;
  let subscriptionId: string;
  let startSeq: number;
  let base: string | undefined;
  /** The app's URL on a real socket (server-sent events need one; inject waits for the end of a response). */
  const baseUrl = async () => (base ??= await t.app.listen());

  const start = async () => {
    scheduler = new ManualScheduler(START);
    base = undefined;
    t = await startTestApp({ chaincodes: [], devnet, scheduler, config: { ...config, port: await freePort() } });
    operator = await t.login('operator1');
  };
  /** Waits until the read model holds a transaction's events and the webhooks pass they woke is over. */
  const settle = async (transactionId: string, scenario = 'supply-chain') => {
    await t.app.ctx.listeners.get(scenario)!.waitForTransaction(transactionId);
    await t.app.ctx.subscriptions.webhooks.settled();
  };
  const ok = async (url: string, token: string, body: unknown): Promise<string> => {
    const answer = await t.call('POST', url, { token, body });
    expect(answer.status, `${url}: ${JSON.stringify(answer.body)}`).to.equal(200);
    return answer.body.transactionId as string;
  };
  const commission = (batchId: string) =>
    ok('/api/supply-chain/batches/commission', operator, { batchId, productId: 'P-1', quantity: 5, location: 'PLANT' });
  /** Ids of the supply-chain events in the read model after position `seq`. */
  const eventIdsAfter = (seq: number, scenario = 'supply-chain') =>
    t.app.ctx.subscriptions.feed
      .read(seq, 10_000)
      .filter((e) => e.event.scenario === scenario)
      .map((e) => e.event.id);

  before(async () => {
    devnet = await startScenarioDevnet(['supply-chain', 'gov-records']);
    receiver = await startReceiver();
    await start();
  });
  after(async () => {
    await t?.close({ keepNetwork: true });
    await receiver?.close();
    await devnet?.stop();
    if (devnet) rmSync(devnet.dataDir, { recursive: true, force: true });
  });

  it('refuses bad subscriptions and streams with 4xx', async () => {
    const subscribe = (body: Json, token: string | undefined = operator) =>
      t.call('POST', '/api/subscriptions', { token, body });
    const refusals: [Json, number, string][] = [
      [{ url: 'ftp://127.0.0.1/x' }, 400, 'only http and https'],
      [{ url: 'http://user:pw@127.0.0.1/x' }, 400, 'must not carry credentials'],
      [{ url: 'https://hooks.example.com/x' }, 400, 'host hooks.example.com is not an allowed webhook target'],
      [{ url: 'not a url' }, 400, 'not an absolute URL'],
      [{ url: receiver.url('/x'), scenario: 'nope' }, 400, 'unknown scenario nope'],
      [{ url: receiver.url('/x'), scenario: 'supply-chain', recordType: 'Diploma' }, 400, 'no record type Diploma'],
      [{ url: receiver.url('/x'), secret: 'mine' }, 400, 'secret'],
      [{ url: receiver.url('/x'), from: 'yesterday' }, 400, 'from'],
      [{}, 400, 'url'],
    ];
    for (const [body, status, message] of refusals) {
      const answer = await subscribe(body);
      expect([answer.status, answer.body.error?.code], JSON.stringify(body)).to.deep.equal([
        status,
        'INVALID_ARGUMENT',
      ]);
      expect(answer.body.error.message).to.include(message);
    }
    expect((await subscribe({ url: receiver.url('/x') }, '')).status).to.equal(401);
    const unknown = await t.call('GET', '/api/subscriptions/sub_nope/deliveries', { token: operator });
    expect([unknown.status, unknown.body.error.code]).to.deep.equal([404, 'SUBSCRIPTION_NOT_FOUND']);
    const stream = await t.call('GET', '/api/events/stream?scenario=nope', { token: operator });
    expect(stream.status).to.equal(400);
    const resume = await t.call('GET', '/api/events/stream', { token: operator, headers: { 'last-event-id': 'x:1' } });
    expect([resume.status, resume.body.error.code]).to.deep.equal([400, 'UNKNOWN_EVENT_ID']);
    expect((await t.call('GET', '/api/events/stream')).status).to.equal(401);
  });

  it('delivers every event of a story exactly once, signed, across an app restart', async () => {
    const created = await t.call('POST', '/api/subscriptions', {
      token: operator,
      body: { url: receiver.url('/story'), description: 'all supply chain', scenario: 'supply-chain' },
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    expect(created.body.secret).to.match(/^whsec_[0-9a-f]{64}$/);
    expect(created.headers.location).to.equal(`/api/subscriptions/${created.body.id}`);
    ({ secret, id: subscriptionId } = created.body);
    startSeq = t.app.ctx.subscriptions.feed.head();
    const listed = await t.call('GET', '/api/subscriptions', { token: operator });
    expect(listed.body.items).to.have.length(1);
    expect(listed.body.items[0]).to.include({ id: subscriptionId, url: receiver.url('/story') });
    expect(JSON.stringify(listed.body)).not.to.include(secret);
    const carrier = await t.login('carrier1');
    expect((await t.call('GET', `/api/subscriptions/${subscriptionId}`, { token: carrier })).status).to.equal(404);

    await ok('/api/supply-chain/products/register-product', operator, { productId: 'P-1', name: 'Pears', unit: 'kg' });
    await commission('B-1');
    await ok('/api/supply-chain/batches/B-1/ship-batch', operator, { receiver: 'LogisticsMSP' });
    await settle(await ok('/api/supply-chain/batches/B-1/receive-batch', carrier, { location: 'HUB' }));
    expect(receiver.at('/story').map((r) => r.event.id)).to.deep.equal(eventIdsAfter(startSeq));

    await t.close({ keepNetwork: true });
    // Committed while the app is down: delivered after the restart, from the listener's checkpoint.
    const connection = connectGateway(devnet.org('ManufacturerMSP'), devnet.identity('ManufacturerMSP', 'operator1'));
    let last = '';
    try {
      const contract = connection.gateway.getNetwork(CHANNEL).getContract('supply-chain');
      for (const batchId of ['B-2', 'B-3']) {
        const tx = await contract.submitAsync('commission', {
          arguments: [JSON.stringify({ batchId, productId: 'P-1', quantity: 1, location: 'L' })],
        });
        expect((await tx.getStatus()).successful).to.equal(true);
        last = tx.getTransactionId();
      }
    } finally {
      connection.close();
    }
    await start();
    await settle(last);

    const story = receiver.at('/story');
    const expected = eventIdsAfter(startSeq);
    expect(expected).to.have.length.at.least(6);
    expect(story.map((r) => r.event.id)).to.deep.equal(expected);
    expect(story.map((r) => r.event.name)).to.include.members(['BatchShipped', 'BatchReceived']);
    for (const r of story) {
      expect(r.headers['x-scenechain-event-id']).to.equal(r.event.id);
      expect(r.headers['x-scenechain-subscription']).to.equal(subscriptionId);
      expect(r.headers['x-scenechain-attempt']).to.equal('1');
      const signed = {
        secret,
        body: r.body,
        timestamp: String(r.headers['x-scenechain-timestamp']),
        signature: String(r.headers['x-scenechain-signature']),
        nowSeconds: START / 1000,
      };
      expect(signed.signature).to.match(/^sha256=[0-9a-f]{64}$/);
      expect(verifyWebhookSignature(signed)).to.equal(true);
      expect(verifyWebhookSignature({ ...signed, body: `${r.body.slice(0, -1)},"forged":true}` })).to.equal(false);
      expect(verifyWebhookSignature({ ...signed, secret: 'whsec_other' })).to.equal(false);
      expect(verifyWebhookSignature({ ...signed, nowSeconds: START / 1000 + 3600 })).to.equal(false);
    }
    const deliveries = await t.call('GET', `/api/subscriptions/${subscriptionId}/deliveries`, { token: operator });
    expect(deliveries.body.recent.map((d: Json) => d.status)).to.deep.equal(Array(expected.length).fill('DELIVERED'));
    expect(deliveries.body.deadLetters).to.deep.equal([]);
  });

  it('retries a failing receiver with exponential backoff, parks a dead letter and redelivers it', async () => {
    receiver.answer('/failing', 503);
    const created = await t.call('POST', '/api/subscriptions', {
      token: operator,
      body: { url: receiver.url('/failing'), scenario: 'supply-chain', recordId: 'B-9' },
    });
    expect(created.status).to.equal(201);
    const id = created.body.id as string;
    const deliveriesOf = async () =>
      (await t.call('GET', `/api/subscriptions/${id}/deliveries`, { token: operator })).body;
    await settle(await commission('B-9'));
    const attempts = () => receiver.at('/failing');
    expect(attempts()).to.have.length(1);
    let state = await deliveriesOf();
    expect(state.recent[0]).to.include({
      status: 'PENDING',
      attempts: 1,
      lastStatus: 503,
      lastError: 'the receiver answered HTTP 503',
      nextAttemptAt: new Date(START + 60_000).toISOString(),
    });

    const advance = async (ms: number) => {
      scheduler.advance(ms);
      await t.app.ctx.subscriptions.webhooks.settled();
    };
    await advance(59_999);
    expect(attempts()).to.have.length(1);
    await advance(1);
    expect(attempts()).to.have.length(2);
    // The second wait would be 120 s; the cap makes it 100 s.
    await advance(99_999);
    expect(attempts()).to.have.length(2);
    await advance(1);
    expect(attempts()).to.have.length(3);
    expect(attempts().map((r) => Number(r.headers['x-scenechain-timestamp']) - START / 1000)).to.deep.equal([
      0, 60, 160,
    ]);
    expect(attempts().map((r) => r.headers['x-scenechain-attempt'])).to.deep.equal(['1', '2', '3']);
    expect(new Set(attempts().map((r) => r.body)).size).to.equal(1);
    await advance(24 * 3600_000);
    expect(attempts()).to.have.length(3);
    state = await deliveriesOf();
    expect(state.deadLetters).to.have.length(1);
    const dead = state.deadLetters[0];
    expect(dead).to.include({ status: 'DEAD', attempts: 3, nextAttemptAt: null });
    expect(dead.event).to.include({ recordId: 'B-9', name: 'BatchCommissioned' });

    const redeliver = (deliveryId: number | string) =>
      t.call('POST', `/api/subscriptions/${id}/dead-letters/${deliveryId}/redeliver`, { token: operator });
    expect((await redeliver('x')).status).to.equal(400);
    expect((await redeliver(999_999)).body.error.code).to.equal('DELIVERY_NOT_FOUND');
    receiver.answer('/failing', 204);
    const queued = await redeliver(dead.id);
    expect([queued.status, queued.body.status]).to.deep.equal([202, 'PENDING']);
    await t.app.ctx.subscriptions.webhooks.settled();
    expect(attempts()).to.have.length(4);
    expect(attempts()[3].body).to.equal(attempts()[0].body);
    state = await deliveriesOf();
    expect(state.deadLetters).to.deep.equal([]);
    expect(state.recent[0]).to.include({ status: 'DELIVERED', lastStatus: 204 });
    const again = await redeliver(dead.id);
    expect([again.status, again.body.error.code]).to.deep.equal([409, 'CONFLICT']);

    expect((await t.call('DELETE', `/api/subscriptions/${id}`, { token: operator })).status).to.equal(204);
    expect((await t.call('DELETE', `/api/subscriptions/${id}`, { token: operator })).status).to.equal(404);
    const { recent, deadLetters } = t.app.ctx.subscriptions.store.deliveriesOf(id, 100);
    expect([recent, deadLetters]).to.deep.equal([[], []]);
  });

  it('streams server-sent events and resumes after Last-Event-ID', async () => {
    const base = await baseUrl();
    const all = eventIdsAfter(startSeq);
    const resumeFrom = all[1];
    const stream = openStream(base, operator, '?scenario=supply-chain', resumeFrom);
    expect(await stream.opened).to.equal(200);
    const backlog = all.slice(2);
    await stream.waitFor(backlog.length);
    expect(stream.events.map((e) => e.id)).to.deep.equal(backlog);
    const tx = await commission('B-10');
    await stream.waitFor(backlog.length + 1);
    const live = stream.events[backlog.length];
    expect(live.data).to.include({ recordId: 'B-10', name: 'BatchCommissioned', transactionId: tx });
    await stream.close();

    const byQuery = openStream(base, operator, `?scenario=supply-chain&recordId=B-10&lastEventId=${all[0]}`);
    await byQuery.waitFor(1);
    expect(byQuery.events.map((e) => e.id)).to.deep.equal([live.id]);
    await byQuery.close();
  });

  it('gives personal-data events only to users who may read them', async () => {
    const base = await baseUrl();
    const [registrar, citizen] = await Promise.all([t.login('registrar1'), t.login('citizen1')]);
    const refused = await t.call('POST', '/api/subscriptions', {
      token: citizen,
      body: { url: receiver.url('/citizen'), scenario: 'gov-records', recordType: 'RegistryRecord' },
    });
    expect([refused.status, refused.body.error.code]).to.deep.equal([403, 'FORBIDDEN']);
    const refusedStream = await t.call('GET', '/api/events/stream?recordType=RegistryRecord', { token: citizen });
    expect(refusedStream.status).to.equal(403);
    for (const [token, path] of [
      [citizen, '/citizen'],
      [registrar, '/registrar'],
    ]) {
      const created = await t.call('POST', '/api/subscriptions', {
        token,
        body: { url: receiver.url(path), scenario: 'gov-records' },
      });
      expect(created.status).to.equal(201);
    }
    const citizenStream = openStream(base, citizen, '');
    expect(await citizenStream.opened).to.equal(200);

    const issued = await ok('/api/gov-records/records/issue', registrar, {
      recordId: 'PT-1',
      type: 'PROPERTY_TITLE',
      subjectId: 'SUBJ-0001',
      documentHash: sha256Hex('title PT-1'),
    });
    await settle(issued, 'gov-records');
    const after = await commission('B-11');
    await settle(after);
    await citizenStream.waitFor(1);
    // The stream skipped the record's event and went on to the next one the citizen may see.
    expect(citizenStream.events[0].data).to.include({ recordId: 'B-11', transactionId: after });
    await citizenStream.close();

    expect(receiver.at('/citizen')).to.deep.equal([]);
    const registrarGot = receiver.at('/registrar').map((r) => r.event);
    expect(registrarGot.map((e) => [e.recordType, e.recordId, e.transactionId])).to.deep.equal([
      ['RegistryRecord', 'PT-1', issued],
    ]);
    expect(eventIdsAfter(0, 'gov-records')).to.deep.equal(registrarGot.map((e) => e.id));
    // The story subscription still got each of its events once.
    const story = receiver.at('/story').map((r) => r.event.id);
    expect(story).to.deep.equal(eventIdsAfter(startSeq));
    expect(new Set(story).size).to.equal(story.length);
  });

  it('lists, creates and deletes notifications on the web page', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await useLanguage(page.context(), 'en');
      const pageErrors: string[] = [];
      page.on('pageerror', (err) => pageErrors.push(err.message));
      const ready = () => page.waitForSelector('body[data-ready="true"]');
      await page.goto(`${await baseUrl()}/#/login`);
      await ready();
      await page.fill('#username', 'operator1');
      await page.fill('#password', PASSWORD);
      await page.click('form button[type=submit]');
      await page.waitForSelector('#whoami');
      await page.click('nav >> text=Notifications');
      await ready();
      expect(await page.textContent('main tbody')).to.include('all supply chain');
      await page.fill('#sub-url', receiver.url('/ui'));
      await page.fill('#sub-description', 'pallets');
      await page.selectOption('#sub-scenario', 'supply-chain');
      await page.selectOption('#sub-record-type', 'Pallet');
      await page.click('form.form button[type=submit]');
      const secretShown = (await (await page.waitForSelector('#subscription-secret')).textContent()) ?? '';
      expect(secretShown).to.match(/^whsec_[0-9a-f]{64}$/);
      const mine = (await t.call('GET', '/api/subscriptions', { token: operator })).body.items;
      const created = mine.find((s: Json) => s.description === 'pallets');
      expect(created.filter).to.deep.equal({ scenario: 'supply-chain', recordType: 'Pallet' });
      await page.click(`tr[data-id="${subscriptionId}"] >> text=Deliveries`);
      await page.waitForSelector('#subscription-deliveries table');
      expect(await page.textContent('#subscription-deliveries')).to.include('BatchCommissioned');
      await page.click(`tr[data-id="${created.id}"] >> text=Delete`);
      await page.waitForSelector(`tr[data-id="${created.id}"]`, { state: 'detached' });
      await page.screenshot({ path: screenshotPath('notifications'), fullPage: true });
      const left = (await t.call('GET', '/api/subscriptions', { token: operator })).body.items;
      expect(left.map((s: Json) => s.id)).not.to.include(created.id);
      expect(pageErrors).to.deep.equal([]);
    } finally {
      await browser.close();
    }
  });
});
