import { expect } from 'chai';
import http from 'node:http';
import { ManualScheduler } from '../../gateway-app/src/subscriptions/scheduler';
import { freePort } from '../support/ports';
import { startTestApp, type Json, type TestApp } from './support/test-app';

const HOUR = 3600_000;

/**
 * Bounded delivery rows through the real app on a dev network, on an injected clock: delivered rows beyond the
 * newest N per subscription and older than the retention's age are pruned after each delivery pass; dead letters
 * stay until their owner clears them; and a rebuilt read model (every event replayed) queues nothing again,
 * pruned or cleared.
 */
describe('gateway app: webhook delivery retention', function () {
  this.timeout(180_000);
  const START = Date.parse('2026-03-01T00:00:00Z');
  let t: TestApp;
  let scheduler: ManualScheduler;
  let operator: string;
  let server: http.Server;
  let port: number;
  const received: Record<string, Json[]> = { '/ok': [], '/down': [] };

  const ok = async (url: string, body: unknown): Promise<string> => {
    const answer = await t.call('POST', url, { token: operator, body });
    expect(answer.status, `${url}: ${JSON.stringify(answer.body)}`).to.equal(200);
    return answer.body.transactionId as string;
  };
  const settle = async (transactionId: string) => {
    await t.app.ctx.listeners.get('supply-chain')!.waitForTransaction(transactionId);
    await t.app.ctx.subscriptions.webhooks.settled();
  };
  const subscribe = async (path: string) => {
    const created = await t.call('POST', '/api/subscriptions', {
      token: operator,
      body: { url: `http://127.0.0.1:${port}${path}`, scenario: 'supply-chain', recordType: 'Batch' },
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    return created.body.id as string;
  };
  const counts = (id: string) => t.app.ctx.subscriptions.store.countsOf(id);

  before(async () => {
    port = await freePort();
    server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk));
      request.on('end', () => {
        received[request.url ?? '']?.push(JSON.parse(body));
        response.statusCode = request.url === '/down' ? 503 : 204;
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    scheduler = new ManualScheduler(START);
    t = await startTestApp({
      chaincodes: ['supply-chain'],
      scheduler,
      config: { webhooks: { maxAttempts: 1, keepDelivered: 2, deliveredMaxAgeMs: HOUR } },
    });
    operator = await t.login('operator1');
    await ok('/api/supply-chain/products/register-product', { productId: 'P-R', name: 'Dates', unit: 'kg' });
  });
  after(async () => {
    await t?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('keeps the newest delivered rows, drops old ones, keeps dead letters until cleared, and never redelivers', async () => {
    const [kept, failing] = [await subscribe('/ok'), await subscribe('/down')];
    let last = '';
    for (const batchId of ['B-R-1', 'B-R-2', 'B-R-3', 'B-R-4']) {
      last = await ok('/api/supply-chain/batches/commission', {
        batchId,
        productId: 'P-R',
        quantity: 1,
        location: 'L',
      });
      await settle(last);
    }
    expect(received['/ok'].map((e) => e.recordId)).to.deep.equal(['B-R-1', 'B-R-2', 'B-R-3', 'B-R-4']);
    // Count: only the newest two delivered rows are kept; every failed one is a dead letter (one attempt each).
    expect(counts(kept)).to.deep.equal({ PENDING: 0, DELIVERED: 2, DEAD: 0 });
    expect(counts(failing)).to.deep.equal({ PENDING: 0, DELIVERED: 0, DEAD: 4 });
    const listed = (await t.call('GET', `/api/subscriptions/${kept}/deliveries`, { token: operator })).body;
    expect(listed.recent.map((d: Json) => d.event.recordId)).to.deep.equal(['B-R-4', 'B-R-3']);

    // Age: an hour on (the scheduler's clock), the next pass drops the delivered rows; dead letters stay.
    scheduler.advance(HOUR - 1);
    t.app.ctx.subscriptions.webhooks.wake();
    await t.app.ctx.subscriptions.webhooks.settled();
    expect(counts(kept).DELIVERED).to.equal(2);
    scheduler.advance(2);
    t.app.ctx.subscriptions.webhooks.wake();
    await t.app.ctx.subscriptions.webhooks.settled();
    expect(counts(kept)).to.deep.equal({ PENDING: 0, DELIVERED: 0, DEAD: 0 });
    expect(counts(failing).DEAD).to.equal(4);

    // The owner clears one dead letter, then the rest; another user cannot.
    const dead = (await t.call('GET', `/api/subscriptions/${failing}/deliveries`, { token: operator })).body
      .deadLetters;
    const carrier = await t.login('carrier1');
    const foreign = await t.call('DELETE', `/api/subscriptions/${failing}/dead-letters`, { token: carrier });
    expect([foreign.status, foreign.body.error.code]).to.deep.equal([404, 'SUBSCRIPTION_NOT_FOUND']);
    const cleared = await t.call('DELETE', `/api/subscriptions/${failing}/dead-letters`, { token: operator });
    expect([cleared.status, cleared.body]).to.deep.equal([200, { cleared: dead.length }]);
    expect(counts(failing).DEAD).to.equal(0);

    // Every event replayed by a rebuilt read model: nothing is queued or sent again.
    const feed = t.app.ctx.subscriptions.feed;
    const lastEvent = `${last}:0`;
    await t.app.ctx.rebuildReadModel();
    await new Promise<void>((resolve) => {
      const check = () => {
        if (feed.positionOf(lastEvent) === undefined) return;
        stop();
        resolve();
      };
      const stop = feed.onNew(check);
      check();
    });
    await t.app.ctx.subscriptions.webhooks.settled();
    expect(counts(kept)).to.deep.equal({ PENDING: 0, DELIVERED: 0, DEAD: 0 });
    expect(counts(failing)).to.deep.equal({ PENDING: 0, DELIVERED: 0, DEAD: 0 });
    expect(received['/ok']).to.have.length(4);
    expect(received['/down']).to.have.length(4);

    // New events still flow to both.
    await settle(
      await ok('/api/supply-chain/batches/commission', {
        batchId: 'B-R-5',
        productId: 'P-R',
        quantity: 1,
        location: 'L',
      }),
    );
    expect(received['/ok'].map((e) => e.recordId).at(-1)).to.equal('B-R-5');
    expect(received['/down']).to.have.length(5);
  });
});
