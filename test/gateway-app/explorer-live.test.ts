import { expect } from 'chai';
import { freePort } from '../support/ports';
import { openSse } from './support/sse-client';
import { CHANNEL, startTestApp, type Json, type TestApp } from './support/test-app';

/**
 * The explorer's live parts through the real app on a dev network: throughput per minute from the blocks'
 * transaction timestamps, peer health cached on the app's injected clock (a stopped peer shows once the cache
 * expires), and the live block feed (Deliver) with resume after a block.
 */
describe('ledger explorer: throughput, peer health, live blocks', function () {
  this.timeout(180_000);
  let t: TestApp;
  let now = Date.now();
  let admin: string;
  let operator: string;
  let base: string;
  const committed: Json[] = [];

  const submit = async (path: string, body: unknown) => {
    const answer = await t.call('POST', path, { token: operator, body });
    expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
    committed.push(answer.body);
    return answer.body;
  };
  const commission = (batchId: string) =>
    submit('/api/supply-chain/batches/commission', { batchId, productId: 'P-LIVE', quantity: 3, location: 'PLANT' });

  before(async () => {
    t = await startTestApp({ chaincodes: ['supply-chain'], clock: () => now, config: { port: await freePort() } });
    [admin, operator] = await Promise.all([t.login('admin-regulator'), t.login('operator1')]);
    await submit('/api/supply-chain/products/register-product', { productId: 'P-LIVE', name: 'Plums', unit: 'kg' });
    for (const id of ['B-LIVE-1', 'B-LIVE-2']) await commission(id);
    base = await t.app.listen();
  });
  after(async () => t?.close());

  it('counts transactions per minute from their timestamps, over the window asked for', async () => {
    // What each minute should hold, read block by block from the ledger.
    const height = t.devnet.height(CHANNEL);
    const stamps: string[] = [];
    for (let n = 0; n < height; n++) {
      const block = (await t.call('GET', `/api/explorer/blocks/${n}`, { token: admin })).body;
      stamps.push(...block.transactions.map((x: Json) => x.timestamp).filter(Boolean));
    }
    // The app's clock reads the time now, after every submit so far.
    now = Date.now();
    const answer = await t.call('GET', '/api/explorer/throughput', { token: admin });
    expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
    const chart = answer.body;
    expect(chart.minutes).to.have.length(60);
    expect(Date.parse(chart.to) - Date.parse(chart.from)).to.equal(3600_000);
    expect(Date.parse(chart.to)).to.equal(Math.floor(now / 60_000) * 60_000 + 60_000);
    expect(chart.complete).to.equal(true);
    const expected = chart.minutes.map((m: Json) => {
      const from = Date.parse(m.start);
      return stamps.filter((s) => Date.parse(s) >= from && Date.parse(s) < from + 60_000).length;
    });
    expect(chart.minutes.map((m: Json) => m.transactions)).to.deep.equal(expected);
    // This test's own submits (and the dev network's setup) fall within the last hour.
    expect(chart.total).to.be.at.least(committed.length);
    expect(chart.minutes.every((m: Json) => m.valid <= m.transactions)).to.equal(true);

    // Two hours on, the same ledger had no transactions in the last hour.
    now += 2 * 3600_000;
    try {
      const later = (await t.call('GET', '/api/explorer/throughput?minutes=30', { token: admin })).body;
      expect([later.minutes.length, later.total, later.complete]).to.deep.equal([30, 0, true]);
      // Only the newest block read: it lies before the window, so the walk stops there.
      expect(later.scanned).to.deep.equal({ fromBlock: height - 1, toBlock: height - 1 });
    } finally {
      now -= 2 * 3600_000;
    }
    const capped = (await t.call('GET', '/api/explorer/throughput?blocks=1', { token: admin })).body;
    expect(capped.scanned).to.deep.equal({ fromBlock: height - 1, toBlock: height - 1 });
    expect(capped.complete).to.equal(false);

    for (const query of ['minutes=0', 'minutes=1441', 'minutes=x', 'blocks=501'])
      expect((await t.call('GET', `/api/explorer/throughput?${query}`, { token: admin })).status, query).to.equal(400);
    expect((await t.call('GET', '/api/explorer/throughput', { token: operator })).status).to.equal(403);
  });

  it('streams each new block as it commits, and resumes after a block', async () => {
    const stream = openSse(`${base}/api/explorer/blocks/stream`, { authorization: `Bearer ${admin}` });
    expect(await stream.status).to.equal(200);
    const tx = await commission('B-LIVE-3');
    const got = await stream.waitFor((e) => e.id === String(tx.blockNumber));
    expect(got.event).to.equal('block');
    const entry = JSON.parse(got.data);
    expect(entry).to.include({ number: tx.blockNumber, txCount: 1, valid: 1 });
    expect(entry.actions).to.deep.equal(['supply-chain · commission']);
    // Only blocks committed after the stream opened.
    expect(stream.events.every((e) => Number(e.id) > committed[committed.length - 2].blockNumber)).to.equal(true);
    await stream.close();

    const resumed = openSse(`${base}/api/explorer/blocks/stream`, {
      authorization: `Bearer ${admin}`,
      'last-event-id': String(committed[1].blockNumber),
    });
    await resumed.waitFor((e) => e.id === String(tx.blockNumber));
    expect(resumed.events.map((e) => Number(e.id))).to.deep.equal(
      Array.from({ length: tx.blockNumber - committed[1].blockNumber }, (_, i) => committed[1].blockNumber + 1 + i),
    );
    await resumed.close();

    const refused = openSse(`${base}/api/explorer/blocks/stream?after=99999`, { authorization: `Bearer ${admin}` });
    expect(await refused.status).to.equal(400);
    expect(JSON.parse(await refused.body()).error.code).to.equal('INVALID_ARGUMENT');
    expect(
      await openSse(`${base}/api/explorer/blocks/stream`, { authorization: `Bearer ${operator}` }).status,
    ).to.equal(403);
    expect(await openSse(`${base}/api/explorer/blocks/stream`).status).to.equal(401);
  });

  it("reports each peer's reachability and height against the highest, cached on the app's clock", async () => {
    const first = await t.call('GET', '/api/explorer/peers', { token: admin });
    expect(first.status, JSON.stringify(first.body)).to.equal(200);
    const height = t.devnet.height(CHANNEL);
    expect(first.body.checkedAt).to.equal(new Date(now).toISOString());
    expect(first.body.highest).to.equal(height);
    expect(first.body.peers.map((p: Json) => [p.mspId, p.status, p.height, p.behind])).to.deep.equal(
      t.app.ctx.directory.orgs.map((o) => [o.mspId, 'up', height, 0]),
    );
    const summary = (await t.call('GET', '/api/explorer/summary', { token: admin })).body;
    expect(summary.peersCheckedAt).to.equal(first.body.checkedAt);

    await t.devnet.stopPeer('LogisticsMSP');
    try {
      now += 5_000;
      // Within the cache's life: the same answer, the peers are not asked again.
      expect((await t.call('GET', '/api/explorer/peers', { token: admin })).body).to.deep.equal(first.body);
      now += 5_000;
      const later = (await t.call('GET', '/api/explorer/peers', { token: admin })).body;
      expect(later.checkedAt).to.equal(new Date(now).toISOString());
      const logistics = later.peers.find((p: Json) => p.mspId === 'LogisticsMSP');
      expect(logistics).to.include({ status: 'unreachable', height: null, behind: null });
      expect(later.peers.filter((p: Json) => p.status === 'up')).to.have.length(later.peers.length - 1);
    } finally {
      await t.devnet.startPeer('LogisticsMSP');
    }
    expect((await t.call('GET', '/api/explorer/peers', { token: operator })).status).to.equal(403);
  });
});
