import { expect } from 'chai';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Devnet } from '@scenechain/devnet';
import { createApp, type App } from '../../gateway-app/src/app';
import { loadConfig } from '../../gateway-app/src/config/app-config';
import { createAppLogger, logFormat } from '../../gateway-app/src/logging/app-logger';
import { PASSWORD, startScenarioDevnet, type Json } from './support/test-app';

/** A log destination that keeps every line written to it. */
function capture(): Writable & { lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return Object.assign(stream, { lines });
}

describe('app logs', function () {
  this.timeout(120_000);
  let devnet: Devnet;
  let app: App | undefined;
  before(async () => {
    devnet = await startScenarioDevnet(['supply-chain']);
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  after(async () => {
    await devnet?.stop();
    if (devnet) rmSync(devnet.dataDir, { recursive: true, force: true });
  });

  const startApp = async (level: string, format: 'json' | 'pretty', out: Writable) => {
    const config = loadConfig(
      {},
      {
        port: 0,
        demoPassword: PASSWORD,
        loadDemoData: false,
        dataDir: path.join(devnet.dataDir, `app-${level}-${format}`),
      },
    );
    app = await createApp(config, { devnet, logger: createAppLogger(level, format, out) });
    const inject = async (method: 'GET' | 'POST', url: string, body?: unknown, token?: string) =>
      app!.server.inject({
        method,
        url,
        headers: {
          ...(token && { authorization: `Bearer ${token}` }),
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        payload: typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body),
      });
    return inject;
  };

  /** A browser's visit and a few API calls: web files, probes, sign-in, a submit, refusals. */
  const visit = async (inject: Awaited<ReturnType<typeof startApp>>, productId: string) => {
    for (const url of ['/', '/js/app.js', '/styles.css', '/health', '/metrics']) await inject('GET', url);
    const login = await inject('POST', '/api/auth/login', { username: 'operator1', password: PASSWORD });
    const token = (JSON.parse(login.body) as { token: string }).token;
    const product = await inject(
      'POST',
      '/api/supply-chain/products/register-product',
      {
        productId,
        name: 'Pears',
        unit: 'kg',
      },
      token,
    );
    expect(product.statusCode, product.body).to.equal(200);
    expect((await inject('GET', '/api/supply-chain/batches/B-NONE', undefined, token)).statusCode).to.equal(404);
    expect((await inject('POST', '/api/supply-chain/products/register-product', '{bad', token)).statusCode).to.equal(
      400,
    );
    return JSON.parse(product.body) as Json;
  };

  it('JSON: one info line per API request, with what happened; web files and probes not at info', async () => {
    const out = capture();
    const inject = await startApp('info', 'json', out);
    const product = await visit(inject, 'P-LOG-1');
    const lines = out.lines.map((line) => JSON.parse(line) as Json);
    const byRequest = new Map<string, Json[]>();
    for (const line of lines.filter((l) => l.reqId))
      byRequest.set(line.reqId, [...(byRequest.get(line.reqId) ?? []), line]);
    expect(
      [...byRequest.values()].every((group) => group.length === 1),
      JSON.stringify(lines, null, 1),
    ).to.equal(true);
    const requestLines = lines.filter((l) => l.reqId).map((l) => l.msg.replace(/ \d+ms/, ' _ms'));
    expect(requestLines).to.deep.equal([
      'POST /api/auth/login 200 _ms · signed in as operator1',
      `POST /api/supply-chain/products/register-product 200 _ms operator1 · committed in block ${product.blockNumber}`,
      'GET /api/supply-chain/batches/B-NONE 404 _ms operator1 · NOT_FOUND',
      'POST /api/supply-chain/products/register-product 400 _ms operator1 · INVALID_JSON',
    ]);
    const submit = lines.find((l) => l.url === '/api/supply-chain/products/register-product' && l.status === 200);
    expect(submit).to.include({
      method: 'POST',
      username: 'operator1',
      transactionId: product.transactionId,
      level: 30,
    });
  });

  it('at debug, web files and probes have their line too', async () => {
    const out = capture();
    await visit(await startApp('debug', 'json', out), 'P-LOG-2');
    const urls = out.lines.map((line) => JSON.parse(line) as Json).filter((l) => l.status && l.level === 20);
    expect(urls.map((l) => l.url)).to.include.members(['/', '/js/app.js', '/styles.css', '/health', '/metrics']);
  });

  it('pretty: readable lines, no JSON envelope, no pid or host', async () => {
    const out = capture();
    await visit(await startApp('info', 'pretty', out), 'P-LOG-3');
    const login = out.lines.find((line) => line.includes('POST /api/auth/login 200'));
    expect(login).to.match(/^\[\d\d:\d\d:\d\d\] INFO: POST \/api\/auth\/login 200 \d+ms · signed in as operator1/);
    expect(out.lines.some((line) => line.startsWith('{'))).to.equal(false);
    expect(out.lines.join('\n')).to.not.match(/"pid"|"hostname"/);
    expect(out.lines.some((line) => line.includes('/js/app.js'))).to.equal(false);
  });

  it('is pretty on a terminal and JSON otherwise, unless LOG_FORMAT says', () => {
    expect(logFormat('auto', { isTTY: true })).to.equal('pretty');
    expect(logFormat('auto', {})).to.equal('json');
    expect(logFormat('json', { isTTY: true })).to.equal('json');
    expect(loadConfig({ LOG_FORMAT: 'json' }).logFormat).to.equal('json');
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).to.throw(/logFormat/);
  });
});
