import { expect } from 'chai';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CHANNEL, PASSWORD, startTestApp, type Json, type TestApp } from './support/test-app';

/** Time the app sees: tests move it forward instead of sleeping. */
let now = Date.parse('2030-01-01T00:00:00Z');
const clock = () => now;
const advance = (seconds: number) => {
  now += seconds * 1000;
};

describe('gateway app: sign-in throttling, token lifecycle, registration and identity folders', function () {
  this.timeout(180_000);
  let t: TestApp;
  let admin: string;
  const height = () => t.devnet.height(CHANNEL);
  const manufacturerDir = () => path.join(t.dataDir, 'crypto', 'peerOrganizations', 'manufacturer.scenechain.example');
  const walletDir = () => path.join(t.dataDir, 'gateway-app', 'wallet');

  /** A sign-in as if from `address`. */
  const loginFrom = async (
    address: string,
    username: string,
    password: string,
    headers: Record<string, string> = {},
  ) => {
    const response = await t.app.server.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: address,
      headers: { 'content-type': 'application/json', ...headers },
      payload: JSON.stringify({ username, password }),
    });
    return { status: response.statusCode, headers: response.headers, body: JSON.parse(response.body) as Json };
  };
  const usernames = async () =>
    (await t.call('GET', '/api/admin/users', { token: admin })).body.items.map((u: { username: string }) => u.username);

  before(async () => {
    t = await startTestApp({ chaincodes: ['supply-chain'], clock });
    admin = await t.login('admin-manufacturer');
    const product = await t.call('POST', '/api/supply-chain/products/register-product', {
      token: await t.login('operator1'),
      body: { productId: 'P-AUTH', name: 'Pears', unit: 'kg' },
    });
    expect(product.status, JSON.stringify(product.body)).to.equal(200);
  });
  after(async () => t?.close());
  // Tests move the clock by hours: sign the admin in afresh each time.
  beforeEach(async () => {
    if (t) admin = await t.login('admin-manufacturer');
  });

  describe('sign-in throttling', () => {
    it('locks a username after 5 failures: 429 with Retry-After even for the right password, until the window passes', async () => {
      for (let i = 0; i < 5; i++) {
        const wrong = await loginFrom('10.1.0.1', 'carrier1', `wrong-${i}`);
        expect([wrong.status, wrong.body.error.code]).to.deep.equal([401, 'INVALID_CREDENTIALS']);
      }
      // From another address too: the lock is on the username.
      const locked = await loginFrom('10.1.0.2', 'carrier1', PASSWORD);
      expect(locked.status).to.equal(429);
      expect(locked.headers['retry-after']).to.equal('900');
      expect(locked.body.error).to.include({ code: 'LOGIN_THROTTLED', retryAfterSeconds: 900 });
      expect(locked.body.error.message).to.match(/too many failed sign-ins for this username/);
      advance(899);
      const stillLocked = await loginFrom('10.1.0.2', 'carrier1', PASSWORD);
      expect([stillLocked.status, stillLocked.headers['retry-after']]).to.deep.equal([429, '1']);
      advance(1);
      const ok = await loginFrom('10.1.0.2', 'carrier1', PASSWORD);
      expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
      // The success cleared the count: 4 more failures do not lock.
      for (let i = 0; i < 4; i++) expect((await loginFrom('10.1.0.3', 'carrier1', 'nope')).status).to.equal(401);
      expect((await loginFrom('10.1.0.3', 'carrier1', PASSWORD)).status).to.equal(200);
    });

    it('counts attempts still being checked, so a parallel burst gets at most 5 password checks', async () => {
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, i) => loginFrom(`10.2.0.${i}`, 'inspector1', `guess-${i}`)),
      );
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((s) => s === 401)).to.have.length(5);
      expect(statuses.filter((s) => s === 429)).to.have.length(35);
      expect((await loginFrom('10.2.1.1', 'inspector1', PASSWORD)).status).to.equal(429);
      advance(900);
      expect((await loginFrom('10.2.1.1', 'inspector1', PASSWORD)).status).to.equal(200);
    });

    it('locks an address spraying many usernames (known or not), while other addresses still sign in', async () => {
      for (let i = 0; i < 20; i++)
        expect((await loginFrom('10.3.0.1', `sprayed-${i}`, 'password1')).status).to.equal(401);
      const locked = await loginFrom('10.3.0.1', 'operator1', PASSWORD);
      expect([locked.status, locked.body.error.code]).to.deep.equal([429, 'LOGIN_THROTTLED']);
      expect(locked.body.error.message).to.match(/from this address/);
      // A forwarding header chosen by the client does not change its address.
      expect((await loginFrom('10.3.0.1', 'operator1', PASSWORD, { 'x-forwarded-for': '10.3.0.99' })).status).to.equal(
        429,
      );
      expect((await loginFrom('10.3.0.2', 'operator1', PASSWORD)).status).to.equal(200);
      // IPv6 addresses count by /64: rotating within one's own /64 does not escape.
      for (let i = 0; i < 20; i++)
        expect((await loginFrom(`2001:db8:1:2::${(i + 1).toString(16)}`, `v6-${i}`, 'password1')).status).to.equal(401);
      expect((await loginFrom('2001:db8:1:2:ffff::9', 'operator1', PASSWORD)).status).to.equal(429);
      expect((await loginFrom('2001:db8:1:3::1', 'operator1', PASSWORD)).status).to.equal(200);
      advance(900);
      expect((await loginFrom('10.3.0.1', 'operator1', PASSWORD)).status).to.equal(200);
    });
  });

  describe('sessions and API tokens', () => {
    it('expires a session after its lifetime (8 h) and an API token after the lifetime it asked for: 401 TOKEN_EXPIRED', async () => {
      const session = await t.login('operator1');
      const api = await t.call('POST', '/api/auth/tokens', {
        token: session,
        body: { label: 'nightly', expiresInSeconds: 3600 * 24 * 365 * 10 },
      });
      expect(api.status).to.equal(201);
      expect(Date.parse(api.body.expiresAt) - now).to.equal(90 * 24 * 3600 * 1000, 'capped at the configured 90 days');
      const short = await t.call('POST', '/api/auth/tokens', {
        token: session,
        body: { label: 'hour', expiresInSeconds: 3600 },
      });
      advance(3600);
      const expiredApi = await t.call('GET', '/api/auth/me', { token: short.body.token });
      expect([expiredApi.status, expiredApi.body.error.code]).to.deep.equal([401, 'TOKEN_EXPIRED']);
      expect((await t.call('GET', '/api/auth/me', { token: session })).status).to.equal(200);
      advance(7 * 3600);
      const before = await height();
      const expired = await t.call('POST', '/api/supply-chain/batches/commission', {
        token: session,
        body: { batchId: 'B-EXPIRED', productId: 'P-AUTH', quantity: 1, location: 'PLANT' },
      });
      expect([expired.status, expired.body.error.code]).to.deep.equal([401, 'TOKEN_EXPIRED']);
      expect(await height()).to.equal(before);
      expect((await t.call('GET', '/api/auth/me', { token: api.body.token })).status).to.equal(200);
    });

    it('signs out (revokes the presented token) and revokes a chosen token: 401 TOKEN_REVOKED, ledger unchanged', async () => {
      const first = await t.login('operator1');
      const second = await t.login('operator1');
      const script = (await t.call('POST', '/api/auth/tokens', { token: first, body: { label: 'script' } })).body;
      const listed = await t.call('GET', '/api/auth/tokens', { token: first });
      expect(listed.status).to.equal(200);
      const items = listed.body.items as { id: string; kind: string; label: string; current: boolean }[];
      expect(items.filter((i) => i.current)).to.have.length(1);
      expect(items.some((i) => i.id === script.id && i.kind === 'api' && i.label === 'script')).to.equal(true);
      expect(JSON.stringify(listed.body)).not.to.include(script.token);

      expect((await t.call('POST', '/api/auth/logout', { token: second })).status).to.equal(204);
      const before = await height();
      const after = await t.call('POST', '/api/supply-chain/batches/commission', {
        token: second,
        body: { batchId: 'B-REVOKED', productId: 'P-AUTH', quantity: 1, location: 'PLANT' },
      });
      expect([after.status, after.body.error.code]).to.deep.equal([401, 'TOKEN_REVOKED']);
      expect(await height()).to.equal(before);
      expect((await t.call('POST', '/api/auth/logout', { token: second })).body.error.code).to.equal('TOKEN_REVOKED');

      // Another user cannot revoke operator1's token, nor learn that the id exists.
      const carrier = await t.login('carrier1');
      const foreign = await t.call('DELETE', `/api/auth/tokens/${script.id}`, { token: carrier });
      expect([foreign.status, foreign.body.error.code]).to.deep.equal([404, 'TOKEN_NOT_FOUND']);
      expect((await t.call('GET', '/api/auth/me', { token: script.token })).status).to.equal(200);

      expect((await t.call('DELETE', `/api/auth/tokens/${script.id}`, { token: first })).status).to.equal(204);
      const revoked = await t.call('GET', '/api/auth/me', { token: script.token });
      expect([revoked.status, revoked.body.error.code]).to.deep.equal([401, 'TOKEN_REVOKED']);
      expect(
        (await t.call('GET', '/api/auth/tokens', { token: first })).body.items.map((i: Json) => i.id),
      ).not.to.include(script.id);
      expect((await t.call('GET', '/api/auth/me', { token: first })).status).to.equal(200);
    });

    it('changes the password only with the current one, and signs out every other session', async () => {
      const created = await t.call('POST', '/api/admin/users', {
        token: admin,
        body: { username: 'clerk-pw', password: 'first-password', role: 'operator' },
      });
      expect(created.status, JSON.stringify(created.body)).to.equal(201);
      const signIn = async (password: string) =>
        t.call('POST', '/api/auth/login', { body: { username: 'clerk-pw', password } });
      const here = (await signIn('first-password')).body.token as string;
      const elsewhere = (await signIn('first-password')).body.token as string;
      const script = (await t.call('POST', '/api/auth/tokens', { token: here, body: { label: 'script' } })).body.token;

      const wrong = await t.call('POST', '/api/auth/password', {
        token: here,
        body: { currentPassword: 'not-it', newPassword: 'second-password' },
      });
      expect([wrong.status, wrong.body.error.code]).to.deep.equal([403, 'WRONG_PASSWORD']);
      expect((await signIn('first-password')).status).to.equal(200);
      const short = await t.call('POST', '/api/auth/password', {
        token: here,
        body: { currentPassword: 'first-password', newPassword: 'short' },
      });
      expect([short.status, short.body.error.code]).to.deep.equal([400, 'INVALID_ARGUMENT']);

      const changed = await t.call('POST', '/api/auth/password', {
        token: here,
        body: { currentPassword: 'first-password', newPassword: 'second-password' },
      });
      expect(changed.status, JSON.stringify(changed.body)).to.equal(200);
      expect(changed.body.revoked).to.equal(2, 'elsewhere and the sign-in after the wrong attempt');
      const other = await t.call('GET', '/api/auth/me', { token: elsewhere });
      expect([other.status, other.body.error.code]).to.deep.equal([401, 'TOKEN_REVOKED']);
      expect((await t.call('GET', '/api/auth/me', { token: here })).status).to.equal(200);
      expect((await t.call('GET', '/api/auth/me', { token: script })).status).to.equal(200, 'API tokens stay');
      expect((await signIn('first-password')).status).to.equal(401);
      expect((await signIn('second-password')).status).to.equal(200);
    });

    it('throttles wrong current passwords on password change like sign-ins', async () => {
      const token = await t.login('ip-manager1');
      for (let i = 0; i < 5; i++) {
        const wrong = await t.call('POST', '/api/auth/password', {
          token,
          body: { currentPassword: `guess-${i}`, newPassword: 'new-password-1' },
        });
        expect(wrong.status).to.equal(403);
      }
      const locked = await t.call('POST', '/api/auth/password', {
        token,
        body: { currentPassword: PASSWORD, newPassword: 'new-password-1' },
      });
      expect([locked.status, locked.body.error.code, locked.headers['retry-after']]).to.deep.equal([
        429,
        'LOGIN_THROTTLED',
        '900',
      ]);
      advance(900);
      expect((await t.login('ip-manager1')).length).to.be.greaterThan(10, 'the password did not change');
    });

    it('documents the new routes in OpenAPI', async () => {
      const doc = (await t.call('GET', '/openapi.json')).body;
      expect(doc.paths).to.include.keys(
        '/api/auth/logout',
        '/api/auth/tokens',
        '/api/auth/tokens/{id}',
        '/api/auth/password',
      );
      expect(doc.paths['/api/auth/login'].post.responses).to.have.property('429');
      expect(doc.paths['/api/auth/tokens/{id}'].delete.responses).to.have.property('404');
    });
  });

  describe('registration', () => {
    it('answers 409 for Admin and other names of existing logins or identities, in any letter case', async () => {
      // An identity the org's CA issued that no login acts as: a new login must not take it over.
      await t.devnet.addUser('ManufacturerMSP', 'outsider1', { role: 'operator' });
      const before = await usernames();
      for (const [username, code] of [
        ['Admin', 'IDENTITY_EXISTS'],
        ['admin', 'IDENTITY_EXISTS'],
        ['User1', 'IDENTITY_EXISTS'],
        ['INSPECTOR1', 'ALREADY_EXISTS'],
        ['outsider1', 'IDENTITY_EXISTS'],
        ['Operator1', 'ALREADY_EXISTS'],
        ['ADMIN-MANUFACTURER', 'ALREADY_EXISTS'],
      ]) {
        const answer = await t.call('POST', '/api/admin/users', {
          token: admin,
          body: { username, password: 'long-password', role: 'operator' },
        });
        expect([answer.status, answer.body.error?.code], `${username}: ${JSON.stringify(answer.body)}`).to.deep.equal([
          409,
          code,
        ]);
      }
      // Nobody signs in as the org's admin identity through a new login.
      expect(
        (await t.call('POST', '/api/auth/login', { body: { username: 'Admin', password: 'long-password' } })).status,
      ).to.equal(401);
      expect(await usernames()).to.deep.equal(before);
    });

    it('answers 4xx, never 500, for odd names and bodies on every account route', async () => {
      const before = await usernames();
      const odd: unknown[] = [
        { username: '', password: 'long-password' },
        { username: 'a'.repeat(10_000), password: 'long-password' },
        { username: 'clerk\u0000x', password: 'long-password' },
        { username: '张三', password: 'long-password' },
        { username: 'e\u0301', password: 'long-password' },
        { username: 'okname', password: 'long\u0000password' },
        { username: 'okname', password: 'x'.repeat(100_000) },
        { username: 'okname', password: 'long-password', role: 'Op erator' },
        { username: 'okname', password: 'long-password', mspId: '\u0000' },
        { username: 'okname', password: 'long-password', mspDir: '' },
        { username: 'okname', password: 'long-password', mspDir: 'x'.repeat(5_000) },
        { username: ['a'], password: 'long-password' },
        { username: null, password: 'long-password' },
        [],
        'text',
      ];
      for (const body of odd) {
        const answer = await t.call('POST', '/api/admin/users', { token: admin, body });
        expect(answer.status, JSON.stringify(body).slice(0, 80)).to.be.within(400, 499);
        expect(answer.body.error.code).to.be.a('string');
      }
      const operator = await t.login('operator1');
      const logins: unknown[] = [
        { username: 'operator1\u0000', password: PASSWORD },
        { username: '\u{1F600}'.repeat(50), password: 'x' },
        { username: 'a'.repeat(101), password: 'x' },
        { username: 'operator1', password: '' },
        { username: 1, password: 2 },
      ];
      for (const body of logins) {
        const answer = await loginFrom('10.9.0.1', (body as Json).username, (body as Json).password);
        expect(answer.status, JSON.stringify(body).slice(0, 80)).to.be.within(400, 429);
      }
      for (const [method, url, body] of [
        ['DELETE', `/api/auth/tokens/${'x'.repeat(5000)}`, undefined],
        ['DELETE', '/api/auth/tokens/%00', undefined],
        ['POST', '/api/auth/tokens', { label: '', expiresInSeconds: 1 }],
        ['POST', '/api/auth/tokens', { label: 'x', expiresInSeconds: 1.5 }],
        ['POST', '/api/auth/password', { currentPassword: PASSWORD, newPassword: PASSWORD }],
        ['POST', '/api/auth/password', { currentPassword: PASSWORD, newPassword: 'n'.repeat(201) }],
      ] as const) {
        const answer = await t.call(method, url, { token: operator, body });
        expect(answer.status, `${method} ${url.slice(0, 40)}`).to.be.within(400, 499);
      }
      expect(await usernames()).to.deep.equal(before);
      expect((await t.call('GET', '/api/auth/me', { token: operator })).status).to.equal(200);
    });
  });

  describe('identity folders', () => {
    it('binds a login to an MSP folder in the app wallet, which then acts as that identity', async () => {
      const issued = await t.devnet.addUser('ManufacturerMSP', 'wallet-src', { role: 'operator' });
      const mspDir = path.dirname(path.dirname(issued.certPath));
      cpSync(mspDir, path.join(walletDir(), 'clerk-wallet'), { recursive: true });
      const created = await t.call('POST', '/api/admin/users', {
        token: admin,
        body: { username: 'clerk-wallet', password: 'long-password', role: 'operator', mspDir: 'clerk-wallet' },
      });
      expect(created.status, JSON.stringify(created.body)).to.equal(201);
      const token = (
        await t.call('POST', '/api/auth/login', { body: { username: 'clerk-wallet', password: 'long-password' } })
      ).body.token;
      const batch = await t.call('POST', '/api/supply-chain/batches/commission', {
        token,
        body: { batchId: 'B-WALLET', productId: 'P-AUTH', quantity: 1, location: 'PLANT' },
      });
      expect(batch.status, JSON.stringify(batch.body)).to.equal(200);
      expect(batch.body.result.audit.actor.user).to.match(/^wallet-src/);
    });

    it('counts the role the certificate carries, not the one typed when the folder was registered', async () => {
      const issued = await t.devnet.addUser('ManufacturerMSP', 'no-role-src', {});
      cpSync(path.dirname(path.dirname(issued.certPath)), path.join(walletDir(), 'no-role'), { recursive: true });
      const created = await t.call('POST', '/api/admin/users', {
        token: admin,
        body: { username: 'claims-operator', password: 'long-password', role: 'operator', mspDir: 'no-role' },
      });
      expect(created.status, JSON.stringify(created.body)).to.equal(201);
      const claimant = (
        await t.call('POST', '/api/auth/login', { body: { username: 'claims-operator', password: 'long-password' } })
      ).body.token;
      const operator = await t.login('operator1');
      const commissioned = await t.call('POST', '/api/supply-chain/batches/commission', {
        token: operator,
        body: { batchId: 'B-CLAIM', productId: 'P-AUTH', quantity: 1, location: 'PLANT' },
      });
      expect(commissioned.status, JSON.stringify(commissioned.body)).to.equal(200);
      const offered = async (token: string) =>
        (await t.call('GET', '/api/supply-chain/batches/B-CLAIM', { token })).body.actions.map(
          (a: Json) => a.transaction,
        );
      expect(await offered(operator)).to.include('shipBatch');
      expect(await offered(claimant)).to.deep.equal([]);
      const catalog = (await t.call('GET', '/api/scenarios', { token: claimant })).body.items[0];
      expect(catalog.actions.find((a: Json) => a.transaction === 'commission').allowed).to.equal(false);
      // The chaincode agrees: the certificate has no role.
      const refused = await t.call('POST', '/api/supply-chain/batches/B-CLAIM/ship-batch', {
        token: claimant,
        body: { receiver: 'LogisticsMSP' },
      });
      expect([refused.status, refused.body.error?.code], JSON.stringify(refused.body)).to.deep.equal([
        403,
        'FORBIDDEN',
      ]);
    });

    it('refuses identity folders outside the wallet (.., absolute, symlinks) and peer identities, creating nothing', async () => {
      const peerMsp = path.join(manufacturerDir(), 'peers', 'peer0.manufacturer.scenechain.example', 'msp');
      const adminMsp = path.join(manufacturerDir(), 'users', 'Admin@manufacturer.scenechain.example', 'msp');
      mkdirSync(walletDir(), { recursive: true });
      symlinkSync(peerMsp, path.join(walletDir(), 'peer-link'));
      // A folder in the wallet whose signcerts and keystore point outside it.
      mkdirSync(path.join(walletDir(), 'half-link'));
      symlinkSync(path.join(adminMsp, 'signcerts'), path.join(walletDir(), 'half-link', 'signcerts'));
      symlinkSync(path.join(adminMsp, 'keystore'), path.join(walletDir(), 'half-link', 'keystore'));
      // A copy of the peer's own MSP folder put into the wallet.
      cpSync(peerMsp, path.join(walletDir(), 'peer-copy'), { recursive: true });
      // A certificate with a key that is not its own.
      mkdirSync(path.join(walletDir(), 'mismatch', 'signcerts'), { recursive: true });
      mkdirSync(path.join(walletDir(), 'mismatch', 'keystore'), { recursive: true });
      cpSync(
        path.join(manufacturerDir(), 'users', 'User1@manufacturer.scenechain.example', 'msp', 'signcerts'),
        path.join(walletDir(), 'mismatch', 'signcerts'),
        { recursive: true },
      );
      writeFileSync(
        path.join(walletDir(), 'mismatch', 'keystore', 'priv_sk'),
        readFileSync(path.join(adminMsp, 'keystore', 'priv_sk')),
      );
      const relativeEscape = path.relative(walletDir(), peerMsp);
      const before = await usernames();
      const height0 = await height();
      const cases: [string, number, string][] = [
        [relativeEscape, 400, 'INVALID_IDENTITY_PATH'],
        ['clerk-wallet/../../../crypto', 400, 'INVALID_IDENTITY_PATH'],
        [peerMsp, 403, 'IDENTITY_OUTSIDE_WALLET'],
        [adminMsp, 403, 'IDENTITY_OUTSIDE_WALLET'],
        ['/etc', 403, 'IDENTITY_OUTSIDE_WALLET'],
        ['peer-link', 403, 'IDENTITY_OUTSIDE_WALLET'],
        ['half-link', 403, 'IDENTITY_OUTSIDE_WALLET'],
        ['peer-copy', 403, 'NOT_A_USER_IDENTITY'],
        ['mismatch', 400, 'INVALID_IDENTITY_PATH'],
        ['.', 403, 'IDENTITY_OUTSIDE_WALLET'],
        ['nowhere', 400, 'INVALID_IDENTITY_PATH'],
        ['clerk-wallet\u0000', 400, 'INVALID_IDENTITY_PATH'],
      ];
      for (const [mspDir, status, code] of cases) {
        const answer = await t.call('POST', '/api/admin/users', {
          token: admin,
          body: { username: 'intruder', password: 'long-password', mspDir },
        });
        expect([answer.status, answer.body.error?.code], `${mspDir}: ${JSON.stringify(answer.body)}`).to.deep.equal([
          status,
          code,
        ]);
      }
      expect(await usernames()).to.deep.equal(before);
      expect(
        (await t.call('POST', '/api/auth/login', { body: { username: 'intruder', password: 'long-password' } })).status,
      ).to.equal(401);
      expect(await height()).to.equal(height0);
    });
  });
});
