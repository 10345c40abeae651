import { expect } from 'chai';
import pino from 'pino';
import { DEMO_HELD_SHIPMENT, DEMO_READINGS_FILES } from '../../gateway-app/src/demo/cold-chain-demo';
import { loadDemoData } from '../../gateway-app/src/demo/demo-data';
import { sha256Hex } from '../../gateway-app/src/demo/demo-documents';
import { scenarioOf } from './support/scenarios';
import { startTestApp, type Json, type TestApp } from './support/test-app';

const transactions = (answer: Json): string[] => answer.body.actions.map((a: { transaction: string }) => a.transaction);
const HELD = `/api/cold-chain/shipments/${DEMO_HELD_SHIPMENT}`;

/**
 * The cold chain served with no scenario code in the app: routes, OpenAPI, record actions and the demo story (on
 * top of the supply-chain story, whose batches it ships) come from the descriptor; the quarantined demo shipment
 * is released only by an inspector, only after an inspection.
 */
describe('gateway app: cold chain from the scenario descriptor alone, quarantine and release over REST', function () {
  this.timeout(180_000);
  let t: TestApp;
  let inspector: string;
  let carrier: string;
  let consignee: string;

  before(async () => {
    t = await startTestApp({ chaincodes: ['cold-chain', 'supply-chain'] });
    [inspector, carrier, consignee] = await Promise.all(
      ['inspector1', 'carrier1', 'production1'].map((user) => t.login(user)),
    );
    const { ctx } = t.app;
    const stories = [scenarioOf('supply-chain'), scenarioOf('cold-chain')];
    await loadDemoData(ctx.runner, ctx.directory, stories, pino({ level: 'silent' }));
  });
  after(async () => t?.close());

  it('serves every flow at its derived path in the OpenAPI, and verifies a logger file by digest', async () => {
    const doc = (await t.call('GET', '/openapi.json')).body;
    for (const action of scenarioOf('cold-chain').actions) {
      const path = `/api/cold-chain${action.path.replace(/:(\w+)/g, '{$1}')}`;
      expect(doc.paths[path]?.[action.method.toLowerCase()]?.operationId, path).to.equal(
        `cold-chain.${action.transaction}`,
      );
    }
    expect(doc.paths['/api/cold-chain/shipments/{shipmentId}/release-shipment'].post).to.be.an('object');
    const catalog = (await t.call('GET', '/api/scenarios', { token: inspector })).body;
    const item = catalog.items.find((i: Json) => i.id === 'cold-chain');
    expect(item.labels['zh-CN']).to.deep.include({ title: '冷链食品安全' });
    const verified = await t.call('POST', '/api/public/verify', {
      body: { documentHash: sha256Hex(DEMO_READINGS_FILES.heldNoon) },
    });
    expect(verified.body).to.include({ valid: true, scenario: 'cold-chain', recordId: `${DEMO_HELD_SHIPMENT}.000002` });
  });

  it('shows the demo shipment held by its excursion, offering the inspector only an inspection', async () => {
    const held = await t.call('GET', HELD, { token: consignee });
    expect(held.status, JSON.stringify(held.body)).to.equal(200);
    expect(held.body.data).to.deep.include({ status: 'QUARANTINED', minutesOutOfRange: 45, highestC: 9.5 });
    expect(transactions(held)).to.deep.equal([]);
    expect(transactions(await t.call('GET', HELD, { token: inspector }))).to.deep.equal(['inspectShipment']);
    expect(transactions(await t.call('GET', HELD, { token: carrier }))).to.deep.equal(['anchorReadings']);
  });

  it('refuses delivery, a release by the carrier and a release before inspection; releases after one', async () => {
    const deliver = await t.call('POST', `${HELD}/deliver-shipment`, { token: carrier, body: {} });
    expect([deliver.status, deliver.body.error.code]).to.deep.equal([409, 'ILLEGAL_TRANSITION']);
    const byCarrier = await t.call('POST', `${HELD}/release-shipment`, { token: carrier, body: {} });
    expect([byCarrier.status, byCarrier.body.error.code]).to.deep.equal([403, 'FORBIDDEN']);
    const early = await t.call('POST', `${HELD}/release-shipment`, { token: inspector, body: {} });
    expect([early.status, early.body.error.code]).to.deep.equal([409, 'CONFLICT']);
    expect(early.body.error.message).to.include('has not been inspected since it was held');

    const reportHash = sha256Hex('Inspection report QC-2025-118: apples sound, core temperature 3.2 °C');
    const inspected = await t.call('POST', `${HELD}/inspect-shipment`, {
      token: inspector,
      body: { result: 'PASS', reportHash },
    });
    expect(inspected.status, JSON.stringify(inspected.body)).to.equal(200);
    expect(transactions(await t.call('GET', HELD, { token: inspector }))).to.deep.equal([
      'inspectShipment',
      'releaseShipment',
    ]);
    const released = await t.call('POST', `${HELD}/release-shipment`, { token: inspector, body: {} });
    expect(released.status, JSON.stringify(released.body)).to.equal(200);
    expect(released.body.result.data).to.deep.include({ status: 'IN_TRANSIT' });
    expect(transactions(await t.call('GET', HELD, { token: carrier }))).to.deep.equal([
      'anchorReadings',
      'deliverShipment',
    ]);
    const anchored = await t.call('POST', `${HELD}/anchor-readings`, {
      token: carrier,
      body: {
        ...{ loggerId: 'LOG-0012', from: '2025-11-04T12:00:00Z', to: '2025-11-04T14:00:00Z', count: 120 },
        ...{ minC: 2.4, maxC: 3.8, minutesOutOfRange: 0, readingsHash: sha256Hex('LOG-0012 afternoon') },
      },
    });
    expect(anchored.status, JSON.stringify(anchored.body)).to.equal(200);
    expect(anchored.body.result.data).to.deep.include({ status: 'IN_TRANSIT', readings: 3, minutesOutOfRange: 45 });
  });
});
