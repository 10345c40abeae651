import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiClient } from '../../gateway-app/src/cli/api-client';
import { importShipments } from '../../gateway-app/src/cli/import-shipments';
import { scenarioOf } from './support/scenarios';

const supplyChain = scenarioOf('supply-chain');
import { CHANNEL, startTestApp, type TestApp } from './support/test-app';
import { until } from './support/until';

const sha = (c: string) => c.repeat(64);

describe('gateway app REST API: supply chain', function () {
  this.timeout(120_000);
  let t: TestApp;
  let operator: string;
  let carrier: string;
  let inspector: string;
  const height = () => t.devnet.height(CHANNEL);
  const projected = (transactionId: string) =>
    t.app.ctx.listeners.get('supply-chain')!.waitForTransaction(transactionId);

  before(async () => {
    t = await startTestApp({ chaincodes: ['supply-chain'] });
    [operator, carrier, inspector] = await Promise.all([
      t.login('operator1'),
      t.login('carrier1'),
      t.login('inspector1'),
    ]);
    const product = await t.call('POST', '/api/supply-chain/products/register-product', {
      token: operator,
      body: { productId: 'P-APPLE', name: 'Apples', unit: 'kg' },
    });
    expect(product.status, JSON.stringify(product.body)).to.equal(200);
  });
  after(async () => t?.close());

  describe('authentication', () => {
    it('refuses a wrong password, a missing token and a forged token with 401 and a code', async () => {
      expect(
        (await t.call('POST', '/api/auth/login', { body: { username: 'operator1', password: 'nope' } })).body.error
          .code,
      ).to.equal('INVALID_CREDENTIALS');
      const none = await t.call('GET', '/api/supply-chain/products/P-APPLE');
      expect([none.status, none.body.error.code]).to.deep.equal([401, 'UNAUTHENTICATED']);
      // Tokens are random secrets the app only knows by hash: a made-up one of the right shape is refused.
      for (const forged of [`scs_${'A'.repeat(43)}`, `sct_${'A'.repeat(43)}`, `${operator}x`, 'garbage']) {
        const answer = await t.call('GET', '/api/auth/me', { token: forged });
        expect([answer.status, answer.body.error.code]).to.deep.equal([401, 'TOKEN_INVALID']);
      }
      // Expired and revoked tokens: test/gateway-app/auth-security.test.ts (with an injected clock).
    });

    it('issues API tokens that act as the same identity, and nothing in a request can choose another identity', async () => {
      const issued = await t.call('POST', '/api/auth/tokens', { token: carrier, body: { label: 'script' } });
      expect(issued.status).to.equal(201);
      const me = await t.call('GET', '/api/auth/me', { token: issued.body.token });
      expect(me.body).to.include({ username: 'carrier1', mspId: 'LogisticsMSP', role: 'carrier' });
      const spoof = await t.call('POST', '/api/supply-chain/products/register-product', {
        token: carrier,
        body: { productId: 'P-SPOOF', name: 'x', unit: 'kg', actor: { mspId: 'ManufacturerMSP' } },
        headers: { 'x-fabric-user': 'operator1' },
      });
      expect([spoof.status, spoof.body.error.code]).to.deep.equal([400, 'INVALID_ARGUMENT']);
    });
  });

  describe('every route', () => {
    it('refuses an invalid request on every route with 400 before anything reaches the ledger', async () => {
      const before = height();
      for (const action of supplyChain.actions) {
        const url = `/api/supply-chain${action.path}`.replace(/:([A-Za-z]+)/g, 'X-1');
        const answer =
          action.method === 'GET'
            ? await t.call('GET', `${url}?unexpectedField=1`, { token: operator })
            : await t.call('POST', url, { token: operator, body: { unexpectedField: 1 } });
        expect([answer.status, answer.body.error?.code], `${action.method} ${url}`).to.deep.equal([
          400,
          'INVALID_ARGUMENT',
        ]);
      }
      expect(height()).to.equal(before);
    });

    it('runs the story: commission, ship, receive, inspect, pack, ship and receive a pallet, transform, recall', async () => {
      const ok = async (method: string, url: string, token: string, body?: unknown) => {
        const answer = await t.call(method, url, { token, body });
        expect(answer.status, `${method} ${url}: ${JSON.stringify(answer.body)}`).to.equal(200);
        return answer.body;
      };
      await ok('POST', '/api/supply-chain/batches/commission', operator, {
        batchId: 'B-1',
        productId: 'P-APPLE',
        quantity: 100,
        location: 'PLANT',
      });
      await ok('POST', '/api/supply-chain/batches/commission-many', operator, {
        batches: [2, 3, 4].map((n) => ({ batchId: `B-${n}`, productId: 'P-APPLE', quantity: 50, location: 'PLANT' })),
      });
      const shipped = await ok('POST', '/api/supply-chain/batches/B-1/ship-batch', operator, {
        receiver: 'LogisticsMSP',
      });
      expect(shipped.result.data).to.include({ status: 'IN_TRANSIT', receiver: 'LogisticsMSP' });
      const received = await ok('POST', '/api/supply-chain/batches/B-1/receive-batch', carrier, { location: 'HUB' });
      expect(received.result.data).to.include({ status: 'ACTIVE', custodian: 'LogisticsMSP' });
      await ok('POST', '/api/supply-chain/batches/B-2/inspect', inspector, {
        inspectionId: 'I-1',
        result: 'PASS',
        certificateHash: sha('a'),
      });
      await ok('POST', '/api/supply-chain/pallets/PAL-1/aggregate', operator, { batchIds: ['B-2', 'B-3'] });
      await ok('POST', '/api/supply-chain/pallets/PAL-1/ship-pallet', operator, { receiver: 'LogisticsMSP' });
      await ok('POST', '/api/supply-chain/pallets/PAL-1/receive-pallet', carrier, { location: 'HUB' });
      await ok('POST', '/api/supply-chain/pallets/PAL-1/disaggregate', carrier, { batchIds: ['B-3'] });
      await ok('POST', '/api/supply-chain/products/register-product', operator, {
        productId: 'P-JUICE',
        name: 'Juice',
        unit: 'l',
      });
      await ok('POST', '/api/supply-chain/transformations/transform', operator, {
        transformationId: 'T-1',
        inputs: [{ batchId: 'B-4', quantity: 40 }],
        outputs: [{ batchId: 'B-5', productId: 'P-JUICE', quantity: 30 }],
        location: 'PLANT',
      });
      const recall = await ok('POST', '/api/supply-chain/batches/B-4/recall', inspector, {
        recallId: 'R-1',
        batchId: 'B-4',
        reason: 'contamination',
      });
      expect(recall.result.data.status).to.equal('COMPLETE');
      const cont = await t.call('POST', '/api/supply-chain/recalls/R-1/continue-recall', {
        token: inspector,
        body: {},
      });
      expect([cont.status, cont.body.error.code]).to.deep.equal([409, 'ILLEGAL_TRANSITION']);

      expect((await ok('GET', '/api/supply-chain/batches/B-5', operator)).data.status).to.equal('RECALLED');
      expect(
        (await ok('GET', '/api/supply-chain/batches/list-batches-by-status?status=RECALLED', operator)).items.map(
          (i: { data: { id: string } }) => i.data.id,
        ),
      ).to.have.members(['B-4', 'B-5']);
      expect(
        (
          await ok(
            'GET',
            '/api/supply-chain/batches/list-batches-by-custodian?custodian=LogisticsMSP&pageSize=1',
            carrier,
          )
        ).bookmark,
      ).to.not.equal('');
      expect(
        (await ok('GET', '/api/supply-chain/pallets/list-pallets-by-custodian?custodian=LogisticsMSP', carrier)).items,
      ).to.have.length(1);
      expect(
        (await ok('GET', '/api/supply-chain/batches/list-batches-by-product?productId=P-APPLE', carrier)).items.length,
      ).to.be.greaterThan(3);
      expect(
        (await ok('GET', '/api/supply-chain/products/list-products?owner=ManufacturerMSP', carrier)).items,
      ).to.have.length(2);
      expect((await ok('GET', '/api/supply-chain/products/P-JUICE', carrier)).data.owner).to.equal('ManufacturerMSP');
      expect((await ok('GET', '/api/supply-chain/batches/B-1/history', carrier)).items).to.have.length(3);
      expect(
        (await ok('GET', '/api/supply-chain/inspections/list-inspections?batchId=B-2', carrier)).items,
      ).to.have.length(1);
      expect((await ok('GET', '/api/supply-chain/pallets/PAL-1', carrier)).data.contents).to.deep.equal(['B-2']);
      expect((await ok('GET', '/api/supply-chain/pallets/PAL-1/history', carrier)).items.length).to.be.greaterThan(3);
      expect((await ok('GET', '/api/supply-chain/transformations/T-1', carrier)).data.by).to.equal('ManufacturerMSP');
      expect((await ok('GET', '/api/supply-chain/recalls/R-1', carrier)).data.marked).to.equal(2);
      const trace = await ok('GET', '/api/supply-chain/trace?id=B-5&direction=upstream&maxDepth=3', carrier);
      expect(trace.items.map((n: { id: string }) => n.id)).to.deep.equal(['B-4']);
    });

    it('maps chaincode refusals: 403 forbidden, 404 not found, 409 conflicts, with the chaincode’s own message', async () => {
      const before = height();
      const forbidden = await t.call('POST', '/api/supply-chain/batches/B-1/inspect', {
        token: carrier,
        body: { inspectionId: 'I-X', result: 'FAIL', certificateHash: sha('b') },
      });
      expect([forbidden.status, forbidden.body.error.code]).to.deep.equal([403, 'FORBIDDEN']);
      expect(forbidden.body.error.message).to.match(/LogisticsMSP .* may not inspect; allowed: RegulatorMSP/);
      const otherOrg = await t.call('POST', '/api/supply-chain/batches/B-1/ship-batch', {
        token: operator,
        body: { receiver: 'RegulatorMSP' },
      });
      expect([otherOrg.status, otherOrg.body.error.code]).to.deep.equal([403, 'FORBIDDEN']);
      const missing = await t.call('GET', '/api/supply-chain/batches/NOPE', { token: operator });
      expect([missing.status, missing.body.error]).to.deep.equal([
        404,
        { code: 'NOT_FOUND', message: 'Batch NOPE does not exist', facts: { recordType: 'Batch', id: 'NOPE' } },
      ]);
      const duplicate = await t.call('POST', '/api/supply-chain/products/register-product', {
        token: operator,
        body: { productId: 'P-APPLE', name: 'Apples', unit: 'kg' },
      });
      expect([duplicate.status, duplicate.body.error.code]).to.deep.equal([409, 'ALREADY_EXISTS']);
      const illegal = await t.call('POST', '/api/supply-chain/batches/B-1/receive-batch', {
        token: carrier,
        body: { location: 'HUB' },
      });
      expect([illegal.status, illegal.body.error.code]).to.deep.equal([409, 'ILLEGAL_TRANSITION']);
      // The facts the message states arrive as data: the state B-1 is in (the carrier received it) and what may
      // happen from there, in the machine's declaration order.
      const allowed = 'split pack ship consume consumePart passInspection failInspection recall recallDownstream';
      const { transactionId, ...refusal } = illegal.body.error;
      expect(transactionId).to.match(/^[0-9a-f]{64}$/); // the endorsement refused: no transaction was ordered
      expect(refusal).to.deep.equal({
        code: 'ILLEGAL_TRANSITION',
        message: `Batch B-1 is ACTIVE; receive is allowed only from IN_TRANSIT; transitions allowed from ACTIVE: ${allowed
          .split(' ')
          .join(', ')}`,
        facts: { recordType: 'Batch', id: 'B-1', currentState: 'ACTIVE', allowedTransitions: allowed.split(' ') },
      });
      const tooMuch = await t.call('POST', '/api/supply-chain/batches/B-3/ship-batch', {
        token: carrier,
        body: { receiver: 'ManufacturerMSP', quantity: 999 },
      });
      expect(tooMuch.status).to.equal(409);
      expect(height()).to.equal(before);
    });
  });

  describe('async submits, idempotency and conflicts', () => {
    it('answers 202 with a status resource that follows the commit, visible only to its submitter', async () => {
      const accepted = await t.call('POST', '/api/supply-chain/batches/commission', {
        token: operator,
        body: { batchId: 'B-ASYNC', productId: 'P-APPLE', quantity: 5, location: 'PLANT' },
        headers: { prefer: 'respond-async' },
      });
      expect(accepted.status).to.equal(202);
      expect(accepted.headers.location).to.equal(`/api/transactions/${accepted.body.transactionId}`);
      expect(accepted.body).to.include({ status: 'SUBMITTED' });
      const committed = await until(async () => {
        const status = await t.call('GET', accepted.headers.location as string, { token: operator });
        return status.body.status === 'COMMITTED' ? status.body : undefined;
      });
      expect(committed).to.include({
        transactionId: accepted.body.transactionId,
        committedTransactionId: accepted.body.transactionId,
        attempts: 1,
      });
      expect(committed.blockNumber).to.be.a('number');
      const other = await t.call('GET', accepted.headers.location as string, { token: carrier });
      expect([other.status, other.body.error.code]).to.deep.equal([404, 'TRANSACTION_NOT_FOUND']);
    });

    it('records an async submit that fails to commit as FAILED with its code', async () => {
      // Concurrent async ships of one batch race into the same block: one commits; each other one loses its MVCC
      // check, is endorsed again and then refused by the chaincode (the batch is in transit). A ship endorsed only
      // after the first committed is refused at once (409), which is why several are sent.
      await t.call('POST', '/api/supply-chain/batches/commission', {
        token: operator,
        body: { batchId: 'B-RACE', productId: 'P-APPLE', quantity: 5, location: 'PLANT' },
      });
      const send = () =>
        t.call('POST', '/api/supply-chain/batches/B-RACE/ship-batch', {
          token: operator,
          body: { receiver: 'LogisticsMSP' },
          headers: { prefer: 'respond-async' },
        });
      const answers = await Promise.all([send(), send(), send(), send()]);
      const accepted = answers.filter((a) => a.status === 202);
      for (const refused of answers.filter((a) => a.status !== 202)) {
        expect([refused.status, refused.body.error.code]).to.deep.equal([409, 'ILLEGAL_TRANSITION']);
      }
      expect(accepted.length, 'ships accepted before the first commit').to.be.greaterThan(1);
      const finals = await Promise.all(
        accepted.map((a) =>
          until(async () => {
            const s = await t.call('GET', `/api/transactions/${a.body.transactionId}`, { token: operator });
            return s.body.status === 'SUBMITTED' ? undefined : s.body;
          }),
        ),
      );
      expect(finals.filter((f) => f.status === 'COMMITTED')).to.have.length(1);
      for (const failed of finals.filter((f) => f.status !== 'COMMITTED')) {
        expect(failed.status).to.equal('FAILED');
        expect(failed.error.code).to.be.oneOf(['ILLEGAL_TRANSITION', 'MVCC_READ_CONFLICT']);
      }
    });

    it('runs a submit once per idempotency key and refuses the key for another request', async () => {
      const request = {
        token: operator,
        body: { batchId: 'B-IDEM', productId: 'P-APPLE', quantity: 7, location: 'PLANT' },
        headers: { 'idempotency-key': 'k-1' },
      };
      const first = await t.call('POST', '/api/supply-chain/batches/commission', request);
      expect(first.status).to.equal(200);
      const before = height();
      const again = await t.call('POST', '/api/supply-chain/batches/commission', request);
      expect(again.status).to.equal(200);
      expect(again.headers['idempotent-replayed']).to.equal('true');
      expect(again.body.transactionId).to.equal(first.body.transactionId);
      expect(height()).to.equal(before);
      const reused = await t.call('POST', '/api/supply-chain/batches/commission', {
        ...request,
        body: { ...request.body, quantity: 8 },
      });
      expect([reused.status, reused.body.error.code]).to.deep.equal([422, 'IDEMPOTENCY_KEY_REUSED']);
      const otherUser = await t.call('POST', '/api/supply-chain/batches/commission', { ...request, token: carrier });
      expect(otherUser.status).to.equal(403);
    });

    it('retries MVCC read conflicts: concurrent packs onto one pallet all commit', async () => {
      const ids = ['C-1', 'C-2', 'C-3', 'C-4', 'C-5', 'C-6', 'C-7'];
      await t.call('POST', '/api/supply-chain/batches/commission-many', {
        token: operator,
        body: { batches: ids.map((batchId) => ({ batchId, productId: 'P-APPLE', quantity: 1, location: 'PLANT' })) },
      });
      await t.call('POST', '/api/supply-chain/pallets/PAL-C/aggregate', {
        token: operator,
        body: { batchIds: ['C-1'] },
      });
      const answers = await Promise.all(
        ids
          .slice(1)
          .map((id) =>
            t.call('POST', '/api/supply-chain/pallets/PAL-C/aggregate', { token: operator, body: { batchIds: [id] } }),
          ),
      );
      expect(
        answers.map((a) => a.status),
        JSON.stringify(answers.map((a) => a.body.error)),
      ).to.deep.equal(ids.slice(1).map(() => 200));
      expect(Math.max(...answers.map((a) => a.body.attempts))).to.be.greaterThan(1);
      const pallet = await t.call('GET', '/api/supply-chain/pallets/PAL-C', { token: operator });
      expect(pallet.body.data.contents).to.have.members(ids);
      const metrics = await t.call('GET', '/metrics');
      expect(metrics.body).to.match(
        /scenechain_fabric_conflict_retries_total\{chaincode="supply-chain",transaction="aggregate",validation_code="MVCC_READ_CONFLICT"\} [1-9]/,
      );
    });
  });

  describe('read model', () => {
    it('lists, filters and shows timelines from chaincode events', async () => {
      const committed = await t.call('POST', '/api/supply-chain/batches/commission', {
        token: operator,
        body: { batchId: 'B-RM', productId: 'P-APPLE', quantity: 3, location: 'DEPOT-9' },
      });
      await projected(committed.body.transactionId);
      const byLocation = await t.call('GET', '/api/supply-chain/search/Batch?location=DEPOT-9', { token: carrier });
      expect(byLocation.body.items.map((i: { id: string }) => i.id)).to.deep.equal(['B-RM']);
      const byText = await t.call('GET', '/api/supply-chain/search/Batch?q=depot-9&status=ACTIVE', { token: carrier });
      expect(byText.body.items).to.have.length(1);
      const page = await t.call('GET', '/api/supply-chain/search/Batch?pageSize=2', { token: carrier });
      const next = await t.call('GET', `/api/supply-chain/search/Batch?pageSize=2&bookmark=${page.body.bookmark}`, {
        token: carrier,
      });
      expect(next.body.items.map((i: { id: string }) => i.id)).to.not.include.members(
        page.body.items.map((i: { id: string }) => i.id),
      );
      const timeline = await t.call('GET', '/api/supply-chain/timeline/Batch/B-1', { token: carrier });
      expect(timeline.body.items.map((e: { action: string }) => e.action)).to.deep.equal([
        'commission',
        'ship',
        'receive',
      ]);
      expect((await t.call('GET', '/api/supply-chain/search/Batch?colour=red', { token: carrier })).status).to.equal(
        400,
      );
      const dashboard = await t.call('GET', '/api/supply-chain/dashboard', { token: carrier });
      expect(
        dashboard.body.counts.find(
          (c: { recordType: string; status: string }) => c.recordType === 'Batch' && c.status === 'RECALLED',
        ).count,
      ).to.equal(2);
    });
  });

  describe('administration', () => {
    it('lets an org admin register a user who then acts as their own new identity', async () => {
      const admin = await t.login('admin-manufacturer');
      const created = await t.call('POST', '/api/admin/users', {
        token: admin,
        body: { username: 'operator2', password: 'long-password', role: 'operator' },
      });
      expect(created.status, JSON.stringify(created.body)).to.equal(201);
      expect(created.body).to.include({ username: 'operator2', mspId: 'ManufacturerMSP', role: 'operator' });
      const login = await t.call('POST', '/api/auth/login', {
        body: { username: 'operator2', password: 'long-password' },
      });
      const answer = await t.call('POST', '/api/supply-chain/batches/commission', {
        token: login.body.token,
        body: { batchId: 'B-OP2', productId: 'P-APPLE', quantity: 1, location: 'PLANT' },
      });
      expect(answer.status).to.equal(200);
      expect(answer.body.result.audit.actor).to.include({ mspId: 'ManufacturerMSP', role: 'operator' });
      expect(answer.body.result.audit.actor.user).to.match(/^operator2/);
      expect(
        (await t.call('GET', '/api/admin/users', { token: admin })).body.items.map(
          (u: { username: string }) => u.username,
        ),
      ).to.include('operator2');
    });

    it('refuses non-admins and admins of another org', async () => {
      const notAdmin = await t.call('POST', '/api/admin/users', {
        token: operator,
        body: { username: 'x1', password: 'long-password' },
      });
      expect([notAdmin.status, notAdmin.body.error.code]).to.deep.equal([403, 'FORBIDDEN']);
      const admin = await t.login('admin-logistics');
      const otherOrg = await t.call('POST', '/api/admin/users', {
        token: admin,
        body: { username: 'x2', password: 'long-password', mspId: 'ManufacturerMSP' },
      });
      expect(otherOrg.status).to.equal(403);
      const taken = await t.call('POST', '/api/admin/users', {
        token: admin,
        body: { username: 'carrier1', password: 'long-password' },
      });
      expect([taken.status, taken.body.error.code]).to.deep.equal([409, 'ALREADY_EXISTS']);
    });
  });

  describe('bad input', () => {
    it('answers invalid JSON, wrong content type, oversize bodies, unknown routes and path/body contradictions with 4xx codes', async () => {
      const before = height();
      const cases: [string, Parameters<TestApp['call']>[2] & { url?: string; method?: string }, number, string][] = [
        [
          'invalid JSON',
          { payload: '{"batchId": ', headers: { 'content-type': 'application/json' } },
          400,
          'INVALID_JSON',
        ],
        [
          'wrong content type',
          { payload: 'batchId=B-9', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
          415,
          'UNSUPPORTED_MEDIA_TYPE',
        ],
        [
          'oversize body',
          {
            payload: JSON.stringify({ batchId: 'B-9', pad: 'x'.repeat(1_100_000) }),
            headers: { 'content-type': 'application/json' },
          },
          413,
          'PAYLOAD_TOO_LARGE',
        ],
        [
          'wrong types',
          { body: { batchId: 42, productId: ['P'], quantity: -1, location: '' } },
          400,
          'INVALID_ARGUMENT',
        ],
        ['a JSON array', { body: [1, 2] }, 400, 'INVALID_ARGUMENT'],
      ];
      for (const [name, options, status, code] of cases) {
        const answer = await t.call('POST', '/api/supply-chain/batches/commission', { token: operator, ...options });
        expect([answer.status, answer.body.error?.code], name).to.deep.equal([status, code]);
      }
      const contradiction = await t.call('POST', '/api/supply-chain/batches/B-1/ship-batch', {
        token: carrier,
        body: { batchId: 'B-2', receiver: 'RegulatorMSP' },
      });
      expect([contradiction.status, contradiction.body.error.code]).to.deep.equal([400, 'INVALID_ARGUMENT']);
      const unknown = await t.call('GET', '/api/supply-chain/unicorns', { token: operator });
      expect([unknown.status, unknown.body.error.code]).to.deep.equal([404, 'ROUTE_NOT_FOUND']);
      expect(height()).to.equal(before);
      expect((await t.call('GET', '/health')).status).to.equal(200);
    });
  });

  describe('documentation and operations', () => {
    it('publishes an OpenAPI document covering every scenario route, and Swagger UI', async () => {
      const doc = await t.call('GET', '/openapi.json');
      expect(doc.body.openapi).to.match(/^3\./);
      for (const action of supplyChain.actions) {
        const url = `/api/supply-chain${action.path}`.replace(/:([A-Za-z]+)/g, '{$1}');
        const operation = doc.body.paths[url]?.[action.method.toLowerCase()];
        expect(operation, url).to.be.an('object');
        if (action.method === 'POST')
          expect(operation.requestBody.content['application/json'].schema.type).to.equal('object');
      }
      expect(doc.body.components.schemas.Error).to.be.an('object');
      expect(doc.body.components.schemas.Error.properties.error.properties.facts)
        .to.have.property('description')
        .that.includes('allowedTransitions');
      const ui = await t.call('GET', '/docs/');
      expect(ui.status).to.equal(200);
      expect(ui.body).to.include('swagger');
    });

    it('serves health and Prometheus metrics', async () => {
      const health = await t.call('GET', '/health');
      expect(health.body).to.include({ status: 'ok', network: 'devnet' });
      expect(health.body.listeners[0]).to.include({ scenario: 'supply-chain', connected: true });
      const metrics = await t.call('GET', '/metrics');
      expect(metrics.headers['content-type']).to.match(/text\/plain/);
      expect(metrics.body).to.include(
        'scenechain_http_requests_total{method="POST",route="/api/supply-chain/batches/commission",status="200"}',
      );
      expect(metrics.body).to.match(
        /scenechain_fabric_call_duration_seconds_count\{kind="submit",chaincode="supply-chain",transaction="commission",outcome="ok"\} \d+/,
      );
    });
  });

  describe('CLI batch import', () => {
    it('ships the batches of a CSV file, reports bad rows, and skips finished rows when run again', async () => {
      const url = await t.app.listen();
      await t.call('POST', '/api/supply-chain/batches/commission-many', {
        token: operator,
        body: {
          batches: ['S-1', 'S-2', 'S-3'].map((batchId) => ({
            batchId,
            productId: 'P-APPLE',
            quantity: 10,
            location: 'PLANT',
          })),
        },
      });
      const dir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-import-'));
      try {
        const csv = path.join(dir, 'shipments.csv');
        writeFileSync(
          csv,
          'batchId,receiver,quantity,splitBatchId\nS-1,LogisticsMSP,,\nS-2,LogisticsMSP,4,S-2a\nS-404,LogisticsMSP,,\nS-3,RegulatorMSP,,\n',
        );
        const client = new ApiClient(url, operator);
        const first = await importShipments({ client, scenario: supplyChain, csvFile: csv, concurrency: 4 });
        expect(first).to.include({ rows: 4, alreadyDone: 0, shippedNow: 3 });
        expect(first.failed).to.deep.equal([{ row: 4, code: 'NOT_FOUND', message: 'Batch S-404 does not exist' }]);
        expect((await t.call('GET', '/api/supply-chain/batches/S-2a', { token: carrier })).body.data).to.include({
          quantity: 4,
          status: 'IN_TRANSIT',
        });
        const again = await importShipments({ client, scenario: supplyChain, csvFile: csv });
        expect(again).to.include({ alreadyDone: 3, shippedNow: 0 });
        expect(again.failed).to.have.length(1);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('a peer that goes away', () => {
    it('answers 503 while the user’s peer is down and recovers when it returns', async () => {
      await t.devnet.stopPeer('ManufacturerMSP');
      try {
        const down = await t.call('GET', '/api/supply-chain/batches/B-1', { token: operator });
        expect([down.status, down.body.error.code]).to.deep.equal([503, 'NETWORK_UNAVAILABLE']);
        const submit = await t.call('POST', '/api/supply-chain/batches/commission', {
          token: operator,
          body: { batchId: 'B-DOWN', productId: 'P-APPLE', quantity: 1, location: 'X' },
        });
        expect(submit.status).to.equal(503);
        const health = await t.call('GET', '/health');
        expect(health.body.status).to.equal('degraded');
        expect((await t.call('GET', '/api/supply-chain/batches/B-1', { token: carrier })).status).to.equal(200);
      } finally {
        await t.devnet.startPeer('ManufacturerMSP');
      }
      const back = await until(async () => {
        const answer = await t.call('GET', '/api/supply-chain/batches/B-1', { token: operator });
        return answer.status === 200 ? answer : undefined;
      }, 20_000);
      expect(back.body.data.id).to.equal('B-1');
      const submit = await t.call('POST', '/api/supply-chain/batches/commission', {
        token: operator,
        body: { batchId: 'B-UP', productId: 'P-APPLE', quantity: 1, location: 'X' },
      });
      expect(submit.status).to.equal(200);
    });
  });
});
