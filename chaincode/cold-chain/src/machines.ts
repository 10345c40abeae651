import { ConflictError, defineLifecycle, orgNamedIn, party, roleAuthorities, type Guard } from '@scenechain/scene-kit';
import { categories, categoryStatuses, shipments, shipmentStatuses, type Shipment } from './records';
import { batchesShippable } from './supply-chain-link';

/**
 * Inspectors count only from the market regulator (市场监督管理局, MSP ID of network/topology.yaml); operators
 * (who consign and accept goods) and carriers speak for their own org: the supply chain's custody decides whose
 * batches an org may consign, and each shipment names its carrier and consignee.
 */
export const REGULATORS = ['RegulatorMSP'];
export const authorities = roleAuthorities({
  inspector: { issuedBy: REGULATORS },
  operator: { issuedBy: 'own-org' },
  carrier: { issuedBy: 'own-org' },
});
const inspectors = [party(REGULATORS, ['inspector'])];
const operators = [party(undefined, ['operator'])];
const carriers = [party(undefined, ['carrier'])];

export const categoryLife = defineLifecycle(categories, {
  states: categoryStatuses,
  transitions: {
    define: { from: 'new', to: 'IN_FORCE', by: inspectors, event: 'LimitsSet' },
    revise: { from: ['IN_FORCE'], by: inspectors, event: 'LimitsRevised' },
  },
});

const ownCarrier = orgNamedIn<Shipment>('carrier', 'its carrier');
const carrier = { by: carriers, guards: [ownCarrier] };
/** Release and condemnation rest on an inspection made since the shipment was last held. */
const inspected =
  (result: 'PASS' | 'FAIL', action: string): Guard<Shipment> =>
  ({ record: { inspection }, id }) =>
    inspection?.result === result
      ? undefined
      : new ConflictError(
          `${id} may not be ${action}: ${inspection ? `its inspection found ${inspection.result}` : 'it has not been inspected since it was held'}; an inspection with result ${result} must come first`,
        );
const passed = inspected('PASS', 'released');
const held = { from: ['QUARANTINED' as const], by: inspectors };
const consigneeOnly = orgNamedIn<Shipment>('consignee', 'its consignee');
const delivered =
  (yes: boolean): Guard<Shipment> =>
  ({ record, id }) =>
    !!record.deliveredAt === yes ? undefined : new ConflictError(`${id} was ${yes ? 'not yet' : 'already'} delivered`);

/**
 * A shipment is CONSIGNED by the holder of its batches, IN_TRANSIT once its carrier picks it up with a logger,
 * DELIVERED by the carrier and ACCEPTED by the consignee. An excursion in anchored readings, or an inspector's
 * hold, puts it in QUARANTINED, from which only an inspector releases it (back where it was, after a passed
 * inspection) or condemns it (after a failed one).
 */
export const shipmentLife = defineLifecycle(shipments, {
  states: shipmentStatuses,
  transitions: {
    consign: { from: 'new', to: 'CONSIGNED', by: operators, checks: [batchesShippable], event: 'ShipmentConsigned' },
    pickUp: { ...carrier, from: ['CONSIGNED'], to: 'IN_TRANSIT', event: 'ShipmentPickedUp' },
    log: { ...carrier, from: ['IN_TRANSIT', 'DELIVERED', 'QUARANTINED'], event: 'ReadingsAnchored' },
    excursion: { ...carrier, from: ['IN_TRANSIT', 'DELIVERED'], to: 'QUARANTINED', event: 'ExcursionDetected' },
    deliver: { ...carrier, from: ['IN_TRANSIT'], to: 'DELIVERED', event: 'ShipmentDelivered' },
    accept: { from: ['DELIVERED'], to: 'ACCEPTED', by: operators, guards: [consigneeOnly], event: 'ShipmentAccepted' },
    quarantine: { from: ['IN_TRANSIT', 'DELIVERED'], to: 'QUARANTINED', by: inspectors, event: 'ShipmentQuarantined' },
    inspect: { ...held, event: 'ShipmentInspected' },
    resume: { ...held, to: 'IN_TRANSIT', guards: [passed, delivered(false)], event: 'ShipmentReleased' },
    release: { ...held, to: 'DELIVERED', guards: [passed, delivered(true)], event: 'ShipmentReleased' },
    condemn: { ...held, to: 'CONDEMNED', guards: [inspected('FAIL', 'condemned')], event: 'ShipmentCondemned' },
  },
});
