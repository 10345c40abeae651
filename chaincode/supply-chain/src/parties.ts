import { channelMembers, party, roleAuthorities, type AccessRule, type ReadRule } from '@scenechain/scene-kit';

/**
 * Who takes part in the supply chain, by MSP ID and certificate role. The MSP IDs are those of
 * network/topology.yaml; a deployment with other org names changes them here, in one place.
 */
export const ENTERPRISES = ['ManufacturerMSP', 'InnovatorMSP'] as const;
export const REGULATORS = ['RegulatorMSP'] as const;
export const LOGISTICS = ['LogisticsMSP'] as const;

/**
 * Every org that takes part in the supply chain and may be named as the receiver of a shipment. Chaincode
 * cannot cheaply read the channel's member list, so the scenario declares it; a shipment to any other org
 * (which nobody could ever receive) is refused.
 */
export const SUPPLY_CHAIN_ORGS = [...ENTERPRISES, ...LOGISTICS, ...REGULATORS] as const;

/** Staff who run production and stock at an enterprise. */
export const OPERATOR = 'operator';
/** Drivers and depot staff of a logistics provider. */
export const CARRIER = 'carrier';
/** Regulator or accredited lab staff. */
export const INSPECTOR = 'inspector';

/**
 * Which org vouches for each role: inspectors only from a regulator; operators and carriers are each org's own
 * staff (custody, not the role, decides which goods they may handle).
 */
export const authorities = roleAuthorities({
  [OPERATOR]: { issuedBy: 'own-org' },
  [CARRIER]: { issuedBy: 'own-org' },
  [INSPECTOR]: { issuedBy: REGULATORS },
});

/** Registers products and commissions or transforms batches: an enterprise operator. */
export const producers: AccessRule = [party(ENTERPRISES, [OPERATOR])];

/**
 * Handles goods in custody (pack, ship, receive): an operator or a carrier of any org. Which org may act on a
 * given item is decided by custody (the custodian ships, only the named receiver receives), not by org name.
 */
export const handlers: AccessRule = [party(undefined, [OPERATOR, CARRIER])];

/**
 * Agrees sales: an operator of any org. Custody decides who may sell a batch (its custodian) and the sale names
 * who may confirm it (its buyer).
 */
export const traders: AccessRule = [party(undefined, [OPERATOR])];

/** Inspects batches and records results: regulator inspectors. */
export const inspectors: AccessRule = [party(REGULATORS, [INSPECTOR])];

/** Recalls batches: regulator inspectors, or enterprise operators for their own products (checked by the recall transition). */
export const recallers: AccessRule = [party(REGULATORS, [INSPECTOR]), party(ENTERPRISES, [OPERATOR])];

/**
 * Who reads the supply chain's records (products, batches, pallets, inspections, recalls, provenance): every
 * channel member. Traceability is the point: a downstream buyer, a carrier or a regulator must be able to
 * follow any batch and see any recall; the records hold no personal data.
 */
export const traceabilityReaders: ReadRule = channelMembers;
