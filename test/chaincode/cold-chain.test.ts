import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { connectClient, type TestClient } from '../support/fabric-client';
import { refused } from './support/chaincode-error';
import {
  CHANNEL,
  listAll,
  scenarioClient,
  startScenarioNetwork,
  type ScenarioClient,
  type ScenarioNetwork,
} from './support/scenario-network';

interface Stored<T> {
  data: T;
  audit: { action: string; from: string | null; to: string | null };
}
interface Shipment {
  status: string;
  shipper: string;
  limits: { minC: number; maxC: number; toleranceMinutes: number };
  readings: number;
  minutesOutOfRange: number;
  lowestC?: number;
  highestC?: number;
  hold?: { reason: string };
  inspection?: { result: string; reportHash: string; inspector: string };
  condemnation?: { reason: string };
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex');
const S1 = 'S-2026-0001';
const S2 = 'S-2026-0002';
const limits = {
  categoryId: 'CHILLED-DAIRY',
  name: 'Chilled dairy',
  minC: 0,
  maxC: 4,
  toleranceMinutes: 30,
  standard: 'GB 31605-2020',
};
const consignment = (shipmentId: string, batchIds: string[]) => ({
  shipmentId,
  categoryId: 'CHILLED-DAIRY',
  batchIds,
  carrier: 'LogisticsMSP',
  consignee: 'InnovatorMSP',
  destination: 'Central kitchen, Haidian',
});
/** Readings of one hour starting at `hour` on 1 June 2026: summary and the digest of the file kept off chain. */
const readings = (shipmentId: string, hour: number, minC: number, maxC: number, minutesOutOfRange: number) => ({
  shipmentId,
  loggerId: 'LOG-0007',
  from: `2026-06-01T${String(hour).padStart(2, '0')}:00:00Z`,
  to: `2026-06-01T${String(hour + 1).padStart(2, '0')}:00:00Z`,
  count: 60,
  minC,
  maxC,
  minutesOutOfRange,
  readingsHash: digest(`${shipmentId} readings from hour ${hour}`),
});

/**
 * A cold chain as a story: the regulator sets chilled dairy's limits; the manufacturer consigns two supply-chain
 * batches it holds (checked in the supply-chain chaincode); the carrier's logger readings stay within the
 * tolerance, then exceed it and the chaincode quarantines the goods; delivery, acceptance and a release without
 * inspection are refused; an inspector inspects and releases; the consignee accepts. A second shipment, found
 * out of range after delivery, fails inspection and is condemned.
 */
describe('cold-chain chaincode: readings anchored per shipment, excursions quarantined until inspected', function () {
  this.timeout(180_000);
  let network: ScenarioNetwork;
  let supplyClient: TestClient;
  let supplyChain: ScenarioClient; // ManufacturerMSP operator1, in the supply-chain chaincode
  let regulator: ScenarioClient; // RegulatorMSP inspector1, role inspector
  let manufacturer: ScenarioClient; // ManufacturerMSP operator1, role operator: holds the batches
  let carrier: ScenarioClient; // LogisticsMSP carrier1, role carrier
  let consignee: ScenarioClient; // InnovatorMSP production1, role operator
  let forger: ScenarioClient; // ManufacturerMSP, claims role inspector (counts only from RegulatorMSP)

  before(async () => {
    network = await startScenarioNetwork(['cold-chain', 'supply-chain']);
    await network.addUser('ManufacturerMSP', 'forger', { role: 'inspector' });
    supplyClient = connectClient(network.net, 'ManufacturerMSP', 'operator1');
    supplyChain = scenarioClient(supplyClient.gateway.getNetwork(CHANNEL), 'supply-chain');
    regulator = network.as('RegulatorMSP', 'inspector1');
    manufacturer = network.as('ManufacturerMSP', 'operator1');
    carrier = network.as('LogisticsMSP', 'carrier1');
    consignee = network.as('InnovatorMSP', 'production1');
    forger = network.as('ManufacturerMSP', 'forger');
    await supplyChain.submit('registerProduct', { productId: 'MILK', name: 'Fresh milk', unit: 'l' });
    for (const batchId of ['M-1', 'M-2', 'M-3']) {
      await supplyChain.submit('commission', { batchId, productId: 'MILK', quantity: 500, location: 'DAIRY-1' });
    }
  });

  after(async () => {
    supplyClient?.close();
    await network?.stop();
  });

  it('lets only a regulator inspector set limits; a forged inspector of another org is refused', async () => {
    await refused(
      forger.submit('setLimits', limits),
      'FORBIDDEN',
      'claims role inspector, which counts only from RegulatorMSP',
    );
    await refused(manufacturer.submit('setLimits', limits), 'FORBIDDEN', 'allowed: RegulatorMSP with role inspector');
    await refused(regulator.submit('setLimits', { ...limits, minC: 5 }), 'INVALID_ARGUMENT', 'minC 5 is not below');
    const { event } = await regulator.submitWithEvent('setLimits', limits);
    expect(event.payload.events[0]).to.deep.include({ name: 'LimitsSet', id: 'CHILLED-DAIRY' });
  });

  it('consigns only batches the supply chain knows and the shipper holds', async () => {
    await refused(
      manufacturer.submit('consignShipment', consignment(S1, ['M-1', 'NO-SUCH'])),
      'NOT_FOUND',
      'batch NO-SUCH is not in the supply chain',
    );
    await refused(
      consignee.submit('consignShipment', consignment(S1, ['M-1'])),
      'FORBIDDEN',
      'batch M-1 is held by ManufacturerMSP; only its holder may consign it, InnovatorMSP may not',
    );
    const { result, event } = await manufacturer.submitWithEvent<Stored<Shipment>>(
      'consignShipment',
      consignment(S1, ['M-1', 'M-2']),
    );
    expect(result.data).to.deep.include({ status: 'CONSIGNED', shipper: 'ManufacturerMSP', readings: 0 });
    expect(result.data.limits).to.deep.equal({ minC: 0, maxC: 4, toleranceMinutes: 30 });
    expect(event.name).to.equal('ShipmentConsigned');
    await refused(
      manufacturer.submit('consignShipment', consignment('S-AGAIN', ['M-3', 'M-2'])),
      'CONFLICT',
      `batch M-2 is already on shipment ${S1}, CONSIGNED`,
    );
    // A revision binds later shipments only.
    await regulator.submit('reviseLimits', { ...limits, maxC: 5 });
    expect(
      (await manufacturer.evaluate<Stored<Shipment>>('getShipment', { shipmentId: S1 })).data.limits.maxC,
    ).to.equal(4);
    await regulator.submit('reviseLimits', limits);
  });

  it('holds the shipment when its minutes out of range exceed the tolerance', async () => {
    await refused(carrier.submit('anchorReadings', readings(S1, 8, 2, 3.5, 0)), 'ILLEGAL_TRANSITION', 'CONSIGNED');
    await carrier.submit('pickUpShipment', { shipmentId: S1, loggerId: 'LOG-0007' });
    await carrier.submit('anchorReadings', readings(S1, 8, 2, 3.5, 0));
    await refused(
      carrier.submit('anchorReadings', readings(S1, 9, 2, 3.5, 5)),
      'INVALID_ARGUMENT',
      'are within 0…4 °C, yet 5 minutes are out of range',
    );
    await refused(carrier.submit('anchorReadings', readings(S1, 8, 2, 3, 0)), 'CONFLICT', 'overlap');
    const within = await carrier.submit<Stored<Shipment>>('anchorReadings', readings(S1, 9, 2.5, 6.2, 20));
    expect(within.data).to.deep.include({ status: 'IN_TRANSIT', minutesOutOfRange: 20, readings: 2 });
    const { result, event } = await carrier.submitWithEvent<Stored<Shipment>>(
      'anchorReadings',
      readings(S1, 10, 3, 7.5, 15),
    );
    expect(result.data).to.deep.include({ status: 'QUARANTINED', minutesOutOfRange: 35, lowestC: 2, highestC: 7.5 });
    expect(result.data.hold!.reason).to.equal('S-2026-0001.000003: 3…7.5 °C ∉ 0…4 °C, 35 min > 30 min');
    expect(event.payload.events[0]).to.deep.include({
      name: 'ExcursionDetected',
      from: 'IN_TRANSIT',
      to: 'QUARANTINED',
    });
    const anchored = await listAll<Stored<{ readingsId: string; excursion: boolean }>>(carrier, 'listReadings', {
      shipmentId: S1,
    });
    expect(anchored.map((r) => [r.data.readingsId, r.data.excursion])).to.deep.equal([
      [`${S1}.000001`, false],
      [`${S1}.000002`, false],
      [`${S1}.000003`, true],
    ]);
    const verified = await consignee.evaluate('verifyReadings', {
      documentHash: readings(S1, 10, 0, 0, 0).readingsHash,
    });
    expect(verified).to.deep.include({ valid: true, recordId: `${S1}.000003`, issuer: 'LogisticsMSP' });
  });

  it('refuses delivery, acceptance and release without an inspection while quarantined', async () => {
    await refused(carrier.submit('deliverShipment', { shipmentId: S1 }), 'ILLEGAL_TRANSITION', 'QUARANTINED');
    await refused(consignee.submit('acceptShipment', { shipmentId: S1 }), 'ILLEGAL_TRANSITION', 'QUARANTINED');
    await refused(
      regulator.submit('releaseShipment', { shipmentId: S1 }),
      'CONFLICT',
      `${S1} may not be released: it has not been inspected since it was held; an inspection with result PASS must come first`,
    );
    await refused(
      carrier.submit('releaseShipment', { shipmentId: S1 }),
      'FORBIDDEN',
      'RegulatorMSP with role inspector',
    );
    expect((await carrier.evaluate<Stored<Shipment>>('getShipment', { shipmentId: S1 })).data.status).to.equal(
      'QUARANTINED',
    );
  });

  it('releases after a passed inspection, then the consignee alone accepts the delivery', async () => {
    const reportHash = digest('Inspection report QC-2026-061: samples within limits');
    await regulator.submit('inspectShipment', { shipmentId: S1, result: 'PASS', reportHash });
    const released = await regulator.submit<Stored<Shipment>>('releaseShipment', { shipmentId: S1 });
    expect(released.audit).to.deep.include({ action: 'resume', from: 'QUARANTINED', to: 'IN_TRANSIT' });
    expect(released.data.inspection).to.deep.include({
      result: 'PASS',
      reportHash,
      inspector: 'inspector1@regulator.scenechain.example',
    });
    await carrier.submit('deliverShipment', { shipmentId: S1 });
    await refused(manufacturer.submit('acceptShipment', { shipmentId: S1 }), 'FORBIDDEN', 'only its consignee');
    const accepted = await consignee.submit<Stored<Shipment>>('acceptShipment', { shipmentId: S1 });
    expect(accepted.data.status).to.equal('ACCEPTED');
  });

  it('condemns a shipment found out of range after delivery once its inspection fails', async () => {
    await manufacturer.submit('consignShipment', consignment(S2, ['M-3']));
    await carrier.submit('pickUpShipment', { shipmentId: S2, loggerId: 'LOG-0007' });
    await carrier.submit('deliverShipment', { shipmentId: S2 });
    await refused(
      carrier.submit('anchorReadings', { ...readings(S2, 12, 1, 9, 40), loggerId: 'LOG-0099' }),
      'CONFLICT',
      'is logged by LOG-0007, not LOG-0099',
    );
    const held = await carrier.submit<Stored<Shipment>>('anchorReadings', readings(S2, 12, 1, 9, 40));
    expect(held.audit).to.deep.include({ action: 'excursion', from: 'DELIVERED', to: 'QUARANTINED' });
    const reportHash = digest('Inspection report QC-2026-062: bacterial count over the limit');
    await regulator.submit('inspectShipment', { shipmentId: S2, result: 'FAIL', reportHash });
    await refused(regulator.submit('releaseShipment', { shipmentId: S2 }), 'CONFLICT', 'its inspection found FAIL');
    const condemned = await regulator.submit<Stored<Shipment>>('condemnShipment', {
      shipmentId: S2,
      reason: 'Bacterial count over GB 19645 limits',
    });
    expect(condemned.data).to.deep.include({ status: 'CONDEMNED' });
    expect(condemned.data.condemnation!.reason).to.equal('Bacterial count over GB 19645 limits');
    const quarantined = await listAll<Stored<Shipment>>(regulator, 'listShipments', { status: 'QUARANTINED' });
    expect(quarantined).to.deep.equal([]);
    // Off a finished shipment, a batch may go on another; whether it may be shipped at all is supply-chain's say.
    const again = await manufacturer.submit<Stored<Shipment>>('consignShipment', consignment('S-2026-0003', ['M-3']));
    expect(again.data.status).to.equal('CONSIGNED');
  });
});
