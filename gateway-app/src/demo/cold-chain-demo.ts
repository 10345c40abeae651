import type { Story } from './demo-data';
import { sha256Hex } from './demo-documents';

const inspector = { mspId: 'RegulatorMSP', user: 'inspector1' };
const operator = { mspId: 'ManufacturerMSP', user: 'operator1' };
const carrier = { mspId: 'LogisticsMSP', user: 'carrier1' };
const consignee = { mspId: 'InnovatorMSP', user: 'production1' };

export const DEMO_HELD_SHIPMENT = 'S-2025-0002';

/** Logger files of the demo shipments (kept off chain), so the public verify page finds them by digest. */
export const DEMO_READINGS_FILES = {
  firstMorning: 'LOG-0007 2025-11-03 08:00-10:00, 120 readings: 1.8 to 3.6 °C\n',
  firstNoon: 'LOG-0007 2025-11-03 10:00-12:00, 120 readings: 2.1 to 3.9 °C\n',
  heldMorning: 'LOG-0012 2025-11-04 08:00-10:00, 120 readings: 2.0 to 3.5 °C\n',
  heldNoon: 'LOG-0012 2025-11-04 10:00-12:00, 120 readings: 3.1 to 9.5 °C, 45 minutes above 4 °C\n',
} as const;

const consign = (shipmentId: string, batchIds: string[]) => ({
  as: operator,
  transaction: 'consignShipment',
  request: {
    ...{ shipmentId, categoryId: 'CHILLED', batchIds, carrier: 'LogisticsMSP', consignee: 'InnovatorMSP' },
    destination: 'Central kitchen, Haidian District, Beijing',
  },
});
/** Two hours of readings from `at`: lowest and highest °C and minutes out of range, as the file says. */
const anchor = (shipmentId: string, loggerId: string, at: string, summary: number[], file: string) => {
  const [minC, maxC, minutesOutOfRange] = summary;
  const from = new Date(at);
  const to = new Date(from.getTime() + 2 * 3600_000).toISOString();
  return {
    as: carrier,
    transaction: 'anchorReadings',
    request: {
      shipmentId,
      loggerId,
      from: at,
      to,
      count: 120,
      minC,
      maxC,
      minutesOutOfRange,
      readingsHash: sha256Hex(file),
    },
  };
};
const limits = (categoryId: string, name: string, minC: number, maxC: number, toleranceMinutes: number) => ({
  as: inspector,
  transaction: 'setLimits',
  request: { categoryId, name, minC, maxC, toleranceMinutes, standard: 'GB 31605-2020' },
});

/**
 * The regulator sets chilled and frozen limits. The manufacturer consigns the apples the supply-chain story left
 * with it: one shipment stays within 0–4 °C and is accepted; the other's noon readings spend 45 minutes above
 * 4 °C, beyond the 30 minutes tolerated, so it waits in quarantine for an inspector.
 */
export const coldChainStory: Story = {
  probe: { as: inspector, transaction: 'getCategory', request: { categoryId: 'CHILLED' } },
  after: ['supply-chain'],
  steps: [
    limits('CHILLED', 'Chilled food', 0, 4, 30),
    limits('FROZEN', 'Frozen food', -60, -18, 15),
    consign('S-2025-0001', ['B-APPLE-0003']),
    { as: carrier, transaction: 'pickUpShipment', request: { shipmentId: 'S-2025-0001', loggerId: 'LOG-0007' } },
    anchor('S-2025-0001', 'LOG-0007', '2025-11-03T08:00:00.000Z', [1.8, 3.6, 0], DEMO_READINGS_FILES.firstMorning),
    anchor('S-2025-0001', 'LOG-0007', '2025-11-03T10:00:00.000Z', [2.1, 3.9, 0], DEMO_READINGS_FILES.firstNoon),
    { as: carrier, transaction: 'deliverShipment', request: { shipmentId: 'S-2025-0001' } },
    { as: consignee, transaction: 'acceptShipment', request: { shipmentId: 'S-2025-0001' } },
    consign(DEMO_HELD_SHIPMENT, ['B-APPLE-0001', 'B-APPLE-0002']),
    { as: carrier, transaction: 'pickUpShipment', request: { shipmentId: DEMO_HELD_SHIPMENT, loggerId: 'LOG-0012' } },
    anchor(DEMO_HELD_SHIPMENT, 'LOG-0012', '2025-11-04T08:00:00.000Z', [2, 3.5, 0], DEMO_READINGS_FILES.heldMorning),
    anchor(DEMO_HELD_SHIPMENT, 'LOG-0012', '2025-11-04T10:00:00.000Z', [3.1, 9.5, 45], DEMO_READINGS_FILES.heldNoon),
  ],
};
