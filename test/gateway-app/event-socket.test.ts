import { expect } from 'chai';
import WebSocket from 'ws';
import { sha256Hex } from '../../gateway-app/src/demo/demo-documents';
import { freePort } from '../support/ports';
import { startTestApp, type Json, type TestApp } from './support/test-app';

/** A WebSocket client of `/api/events/ws` that keeps every message and can wait for one. */
function connect(base: string, token: string | undefined, query = '') {
  const socket = new WebSocket(`${base.replace(/^http/, 'ws')}/api/events/ws${query}`, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
  const messages: Json[] = [];
  const waiters = new Set<() => void>();
  let closed: { code: number; reason: string } | undefined;
  socket.on('message', (data) => {
    messages.push(JSON.parse(String(data)));
    for (const wake of [...waiters]) wake();
  });
  socket.on('close', (code, reason) => {
    closed = { code, reason: String(reason) };
    for (const wake of [...waiters]) wake();
  });
  /** Settles once a message meets `check` (rejects if the socket closes first). */
  const waitFor = (check: (m: Json) => boolean): Promise<Json> =>
    new Promise((resolve, reject) => {
      const wake = () => {
        const found = messages.find(check);
        if (found) {
          waiters.delete(wake);
          resolve(found);
        } else if (closed) {
          waiters.delete(wake);
          reject(new Error(`closed first: ${JSON.stringify(closed)}`));
        }
      };
      waiters.add(wake);
      wake();
    });
  return {
    socket,
    messages,
    events: () => messages.filter((m) => m.type === 'event').map((m) => m.event),
    /** Resolves when open and ready (the server's first message), or with the refusing HTTP status. */
    opened: new Promise<number>((resolve, reject) => {
      socket.once('unexpected-response', (request, response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk));
        response.on('end', () => {
          messages.push(JSON.parse(body));
          // With this listener, ending the refused request is the client's part (ws).
          request.destroy();
          resolve(response.statusCode ?? 0);
        });
      });
      socket.once('open', () => waitFor((m) => m.type === 'ready').then(() => resolve(101), reject));
      socket.once('error', (err) => {
        if (!String(err.message).includes('Unexpected server response')) reject(err);
      });
    }),
    waitFor,
    closedWith: () =>
      new Promise<{ code: number; reason: string }>((resolve) => {
        if (closed) return resolve(closed);
        socket.once('close', (code, reason) => resolve({ code, reason: String(reason) }));
      }),
    close: () => socket.close(),
  };
}

/**
 * Business events over a WebSocket through the real app on a dev network: the same sign-in, filters, access rules
 * and checkpoints as the server-sent event stream; bad frames and bad sign-ins are refused without harm to the
 * server or other connections.
 */
describe('gateway app: events over WebSocket', function () {
  this.timeout(180_000);
  let t: TestApp;
  let base: string;
  let operator: string;
  let registrar: string;
  let citizen: string;

  const ok = async (url: string, token: string, body: unknown): Promise<string> => {
    const answer = await t.call('POST', url, { token, body });
    expect(answer.status, `${url}: ${JSON.stringify(answer.body)}`).to.equal(200);
    return answer.body.transactionId as string;
  };
  const commission = (batchId: string) =>
    ok('/api/supply-chain/batches/commission', operator, { batchId, productId: 'P-WS', quantity: 1, location: 'L' });

  before(async () => {
    t = await startTestApp({ chaincodes: ['supply-chain', 'gov-records'], config: { port: await freePort() } });
    [operator, registrar, citizen] = await Promise.all([
      t.login('operator1'),
      t.login('registrar1'),
      t.login('citizen1'),
    ]);
    await ok('/api/supply-chain/products/register-product', operator, { productId: 'P-WS', name: 'Figs', unit: 'kg' });
    base = await t.app.listen();
  });
  after(async () => t?.close());

  it('refuses bad sign-ins, filters and checkpoints before the upgrade', async () => {
    const refusals: [string | undefined, string, number, string][] = [
      [undefined, '', 401, 'UNAUTHENTICATED'],
      ['not-a-token', '', 401, 'TOKEN_INVALID'],
      [operator, '?scenario=nope', 400, 'INVALID_ARGUMENT'],
      [operator, '?colour=red', 400, 'INVALID_ARGUMENT'],
      [operator, '?lastEventId=x:1', 400, 'UNKNOWN_EVENT_ID'],
      [citizen, '?recordType=RegistryRecord', 403, 'FORBIDDEN'],
    ];
    for (const [token, query, status, code] of refusals) {
      const client = connect(base, token, query);
      expect(await client.opened, `${query} ${token}`).to.equal(status);
      expect(client.messages[0].error.code).to.equal(code);
    }
    // A plain GET is no WebSocket.
    expect((await t.call('GET', '/api/events/ws', { token: operator })).status).to.equal(404);
  });

  it('sends each user only the events they may read', async () => {
    const [ofCitizen, ofRegistrar] = [connect(base, citizen), connect(base, registrar, '?scenario=gov-records')];
    expect([await ofCitizen.opened, await ofRegistrar.opened]).to.deep.equal([101, 101]);
    const issued = await ok('/api/gov-records/records/issue', registrar, {
      recordId: 'PT-WS',
      type: 'PROPERTY_TITLE',
      subjectId: 'SUBJ-0001',
      documentHash: sha256Hex('title PT-WS'),
    });
    const batch = await commission('B-WS-0');
    const record = await ofRegistrar.waitFor((m) => m.type === 'event' && m.event.transactionId === issued);
    expect(record.event).to.include({ recordType: 'RegistryRecord', recordId: 'PT-WS' });
    // The citizen's socket skipped the record's event and went on to the batch's.
    await ofCitizen.waitFor((m) => m.type === 'event' && m.event.transactionId === batch);
    expect(ofCitizen.events().map((e: Json) => e.transactionId)).to.deep.equal([batch]);
    expect(ofRegistrar.events().map((e: Json) => e.transactionId)).to.deep.equal([issued]);
    ofCitizen.close();
    ofRegistrar.close();
  });

  it('resumes after a reconnect from the checkpoint the client gives, without duplicates', async () => {
    const first = connect(base, operator, '?scenario=supply-chain&recordType=Batch');
    expect(await first.opened).to.equal(101);
    const seen = [await commission('B-WS-1'), await commission('B-WS-2')];
    await first.waitFor((m) => m.type === 'event' && m.event.transactionId === seen[1]);
    const checkpoint = first.events().at(-1).id as string;
    first.close();
    expect((await first.closedWith()).code).to.equal(1005);

    const missed = [await commission('B-WS-3'), await commission('B-WS-4')];
    const again = connect(base, operator, `?scenario=supply-chain&recordType=Batch&lastEventId=${checkpoint}`);
    expect(await again.opened).to.equal(101);
    await again.waitFor((m) => m.type === 'event' && m.event.transactionId === missed[1]);
    expect(again.events().map((e: Json) => [e.recordId, e.transactionId])).to.deep.equal([
      ['B-WS-3', missed[0]],
      ['B-WS-4', missed[1]],
    ]);
    // The same checkpoint as a Last-Event-ID header.
    const byHeader = new WebSocket(`${base.replace(/^http/, 'ws')}/api/events/ws?recordId=B-WS-4`, {
      headers: { authorization: `Bearer ${operator}`, 'last-event-id': checkpoint },
    });
    const firstEvent = await new Promise<Json>((resolve) =>
      byHeader.on('message', (data) => {
        const message = JSON.parse(String(data));
        if (message.type === 'event') resolve(message.event);
      }),
    );
    expect(firstEvent.transactionId).to.equal(missed[1]);
    byHeader.close();
    again.close();
  });

  it('answers pings, and closes only the socket that sends a bad frame', async () => {
    const bystander = connect(base, operator, '?recordId=B-WS-5');
    expect(await bystander.opened).to.equal(101);
    for (const [frame, code] of [
      ['not json', 1008],
      ['{"type":"subscribe"}', 1008],
      ['null', 1008],
      [Buffer.from([1, 2, 3]), 1003],
      ['x'.repeat(8192), 1009],
    ] as const) {
      const client = connect(base, operator);
      expect(await client.opened).to.equal(101);
      client.socket.send(frame);
      const closed = await client.closedWith();
      expect(closed.code, String(frame).slice(0, 20)).to.equal(code);
      if (code !== 1009) expect(client.messages.at(-1)).to.include({ type: 'error', code: 'BAD_FRAME' });
    }
    bystander.socket.send(JSON.stringify({ type: 'ping' }));
    await bystander.waitFor((m) => m.type === 'pong');
    const tx = await commission('B-WS-5');
    const got = await bystander.waitFor((m) => m.type === 'event');
    expect(got.event.transactionId).to.equal(tx);
    bystander.close();
    // The server still serves HTTP.
    expect((await t.call('GET', '/api/subscriptions', { token: operator })).status).to.equal(200);
  });
});
