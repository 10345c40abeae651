import { connect } from 'node:net';
import { expect } from 'chai';
import { deployedChaincodes } from '../support/deployed-chaincodes';
import { freePort } from '../support/ports';
import { prng } from '../support/prng';
import { startTestApp, type TestApp } from './support/test-app';

/** Seed of the generator: a failing case names its seed, route and case number, so it replays exactly. */
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
/** Cases per operation. */
const CASES = Number(process.env.FUZZ_CASES ?? 30);

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];

/** Path segments and query values that have broken servers: encodings, traversal, prototype keys, sizes. */
const SEGMENTS = [
  '%00',
  'a%00b',
  '%FF%FE%FD',
  '%C0%AF',
  '%E0%A4%A',
  '%',
  '%%32%65',
  '..%2F..%2Fetc%2Fpasswd',
  '..',
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  '%F0%9F%92%A9',
  '%ED%A0%80',
  'x'.repeat(5000),
  '-1',
  '1e309',
  'NaN',
  '%20',
  "'%3B DROP TABLE users--",
  '%3Cscript%3E',
  'null',
];

const QUERIES = [
  '__proto__[isAdmin]=true',
  'constructor[prototype][isAdmin]=true',
  'a=1&a=2&a=3',
  'pageSize=-1',
  'pageSize=1e309',
  'pageSize=99999999999999999999',
  'bookmark=%FF%FE',
  'status=%00',
  'q=' + 'y'.repeat(10_000),
  '%=%',
  '&&&==',
  'x[y][z][w]=1',
  'pageSize[]=1&pageSize[]=2',
  'owner=%ED%A0%80',
];

function deepNesting(depth: number, open: string, close: string): string {
  return open.repeat(depth) + close.repeat(depth);
}

/** Bodies: invalid UTF-8, huge, deeply nested, prototype keys, NUL bytes, lone surrogates, wrong shapes. */
function body(random: Random): { payload: Buffer | string; contentType?: string } {
  const json = 'application/json';
  const choices: (() => { payload: Buffer | string; contentType?: string })[] = [
    () => ({
      payload: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0x22, 0x7d]),
      contentType: json,
    }),
    () => ({ payload: Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1]), contentType: json }),
    () => ({ payload: `{"a":"${'z'.repeat(1024 * 1024 + 10)}"}`, contentType: json }),
    () => ({ payload: deepNesting(100_000, '[', ']'), contentType: json }),
    () => ({ payload: `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`, contentType: json }),
    () => ({ payload: '{"__proto__":{"isAdmin":true,"polluted":1}}', contentType: json }),
    () => ({ payload: '{"constructor":{"prototype":{"polluted":1}}}', contentType: json }),
    () => ({ payload: '{"productId":"a\\u0000b","name":"\\u0000","unit":"kg"}', contentType: json }),
    () => ({ payload: '{"recordId":"\\ud800","reason":"\\udfff"}', contentType: json }),
    () => ({ payload: '{"quantity":1e400,"pageSize":-0}', contentType: json }),
    () => ({ payload: '[]', contentType: json }),
    () => ({ payload: 'null', contentType: json }),
    () => ({ payload: '"text"', contentType: json }),
    () => ({ payload: '12', contentType: json }),
    () => ({ payload: '', contentType: json }),
    () => ({ payload: '{"a":1,"a":2}', contentType: json }),
    () => ({ payload: '{"a":', contentType: json }),
    () => ({ payload: '\u0000\u0000\u0000', contentType: json }),
    () => ({ payload: '{"a":1}', contentType: 'text/plain' }),
    () => ({ payload: 'a=1&b=2', contentType: 'application/x-www-form-urlencoded' }),
    () => ({
      payload: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--',
      contentType: 'multipart/form-data; boundary=x',
    }),
    () => ({ payload: '{"a":1}', contentType: 'application/json; charset=latin1' }),
    () => ({ payload: '{"a":1}', contentType: 'application/json; charset=utf-16' }),
    () => ({ payload: '{"a":1}', contentType: 'application/jsonx' }),
    () => ({ payload: '{"a":1}', contentType: ';;;' }),
    () => ({ payload: Buffer.from([0x1f, 0x8b, 0x00, 0x01]), contentType: json }),
    () => ({ payload: `{"items":[${Array.from({ length: 20_000 }, () => '{"a":1}').join(',')}]}`, contentType: json }),
    () => ({ payload: '{"a":1}' }),
  ];
  return pick(random, choices)();
}

/** Header oddities (values light-my-request can still carry: no CR/LF). */
function headers(random: Random, token: string | undefined): Record<string, string> {
  // Mostly a valid token, so that the junk reaches the handlers rather than the sign-in check.
  const auth =
    token && random() < 0.75
      ? `Bearer ${token}`
      : pick(random, [
          undefined,
          'Bearer ',
          'Bearer a.b.c',
          `Bearer ${'x'.repeat(20_000)}`,
          'Basic dXNlcjpwYXNz',
          'bearer',
          'Bearer sct_' + 'f'.repeat(64),
          'Bearer \u00ff\u00fe',
        ]);
  const extra: Record<string, string> = {};
  if (auth) extra.authorization = auth;
  if (random() < 0.4) extra['idempotency-key'] = pick(random, ['', 'k'.repeat(500), '\u00ff', 'k-1', '__proto__']);
  if (random() < 0.3) extra.prefer = pick(random, ['respond-async', 'respond-async, wait=-1', '\u00ff']);
  if (random() < 0.2) extra['content-encoding'] = pick(random, ['gzip', 'br', 'identity, gzip', 'x']);
  if (random() < 0.2) extra['x-request-id'] = pick(random, ['', 'r'.repeat(10_000), '\u00ff']);
  if (random() < 0.2) extra.accept = pick(random, ['text/html', '*/*;q=x', '']);
  return extra;
}

/** An OpenAPI path (`/api/x/{id}`) with each parameter replaced by junk, plus junk query. */
function url(random: Random, template: string): string {
  const filled = template.replace(/\{[^}]+\}/g, () => pick(random, SEGMENTS));
  return random() < 0.6 ? `${filled}?${pick(random, QUERIES)}` : filled;
}

/**
 * Every operation of the OpenAPI document, attacked with seeded worst-case input: each answer must be a 4xx
 * (or a 2xx) with the error shape, never a 5xx, with the security headers, and the app must stay up.
 */
describe('gateway app: no 500 for any input (seeded fuzzing of every route)', function () {
  this.timeout(900_000);
  let t: TestApp;
  let tokens: Record<string, string>;
  let port: number;

  before(async () => {
    port = await freePort();
    t = await startTestApp({ chaincodes: deployedChaincodes(), config: { port } });
    await t.app.listen();
    tokens = {
      operator: await t.login('operator1'),
      admin: await t.login('admin-manufacturer'),
      registrar: await t.login('registrar1'),
    };
  });
  after(async () => t?.close());

  it(`answers 4xx with a code and a message (seed ${SEED}, ${CASES} cases per operation)`, async () => {
    const document = (await t.call('GET', '/openapi.json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })),
    );
    expect(operations.length).to.be.greaterThan(50);
    const random = prng(SEED);
    // One example per kind of failure (status and what was wrong), with how many calls showed it.
    const failures = new Map<string, { example: string; count: number }>();
    const fail = (kind: string, example: string) => {
      const seen = failures.get(kind) ?? { example, count: 0 };
      seen.count++;
      failures.set(kind, seen);
    };
    let calls = 0;
    for (const operation of operations) {
      for (let n = 0; n < CASES; n++) {
        const target = url(random, operation.path);
        const token = pick(random, [tokens.operator, tokens.admin, tokens.registrar]);
        const sent: { payload?: Buffer | string; contentType?: string } =
          operation.method === 'GET' ? {} : body(random);
        const extra = headers(random, token);
        const answer = await t.app.server.inject({
          method: operation.method as 'POST',
          url: target,
          headers: { ...(sent.contentType && { 'content-type': sent.contentType }), ...extra },
          payload: sent.payload,
        });
        calls++;
        const where = `${operation.method} ${operation.path} case ${n}: ${target.slice(0, 120)}`;
        const parsed = (() => {
          try {
            return JSON.parse(answer.body) as { error?: { code?: unknown; message?: unknown } };
          } catch {
            return undefined;
          }
        })();
        if (answer.statusCode >= 500)
          fail(`${answer.statusCode} ${String(parsed?.error?.code)}`, `${where} -> ${answer.body.slice(0, 300)}`);
        else if (
          answer.statusCode >= 400 &&
          (typeof parsed?.error?.code !== 'string' || typeof parsed.error.message !== 'string')
        )
          fail(`${answer.statusCode} without {error:{code,message}}`, `${where} -> ${answer.body.slice(0, 200)}`);
        if (answer.headers['x-content-type-options'] !== 'nosniff' || !answer.headers['content-security-policy'])
          fail(`${answer.statusCode} without security headers`, where);
      }
    }
    expect(Object.fromEntries(failures), `failures in ${calls} calls`).to.deep.equal({});
    const health = await t.call('GET', '/health');
    expect(health.status).to.equal(200);
    // Nothing was polluted: a fresh object has no stray properties.
    expect(({} as Record<string, unknown>).isAdmin).to.equal(undefined);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });

  /** Raw bytes on a socket: what no HTTP client library would send. */
  const raw = (request: string | Buffer) =>
    new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
      socket.on('end', () => resolve(answer));
      socket.on('error', reject);
      socket.end(request);
    });

  it('answers requests the HTTP parser refuses with a 4xx in the API error shape and the security headers', async () => {
    const requests: (string | Buffer)[] = [
      'GET /health HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n',
      Buffer.from('GET /health HTTP/1.1\r\nHost: x\r\nX-Odd: a\u0000b\r\n\r\n', 'latin1'),
      'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n{}',
      'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
      'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n{}',
      `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`,
      'GET /health HTTP/9.9\r\nHost: x\r\n\r\n',
      'G\u0000T /health HTTP/1.1\r\nHost: x\r\n\r\n',
      'GET /he alth HTTP/1.1\r\nHost: x\r\n\r\n',
      'GET /health HTTP/1.1\rHost: x\r\n\r\n',
    ];
    for (const request of requests) {
      const answer = await raw(request);
      const [head, body] = answer.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
      expect(status, `${String(request).slice(0, 60)} -> ${head}`).to.be.within(400, 499);
      expect(head.toLowerCase()).to.include('x-content-type-options: nosniff');
      expect(JSON.parse(body).error.code).to.be.a('string');
    }
    expect((await t.call('GET', '/health')).status).to.equal(200);
  });
});
