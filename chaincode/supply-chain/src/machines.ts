import {
  defineStateMachine,
  ForbiddenError,
  lifecycle,
  orgNamedIn,
  type Check,
  type Guard,
} from '@scenechain/scene-kit';
import { handlers, inspectors, producers, recallers, REGULATORS, traders } from './parties';
import {
  batches,
  batchStatuses,
  pallets,
  palletStatuses,
  products,
  recalls,
  recallStatuses,
  type Batch,
  type BatchStatus,
  type Pallet,
  type Recall,
} from './records';
import { sales, saleStatuses, type Sale } from './sale-records';

/** Only the org holding an item hands it on, packs it or uses it; only the receiver it names takes it in transit. */
function custody<T extends { custodian: string; receiver?: string }>() {
  const receiver = orgNamedIn<T>('receiver', 'the receiver it was shipped to');
  return { held: { by: handlers, guards: [orgNamedIn<T>('custodian', 'its custodian')] }, receiver };
}
const batch = custody<Batch>();
const pallet = custody<Pallet>();
const taken = 'the sender, still the custodian, takes a shipment back';

/** A recall starts from the regulator, or from the owner of the batch's product. */
const regulatorOrOwner: Check<Batch> = async ({ scene, record, actor }) => {
  if ((REGULATORS as readonly string[]).includes(actor.mspId)) return undefined;
  const { data: product } = await products.mustGet(scene, { id: record.productId });
  if (product.owner === actor.mspId) return undefined;
  return new ForbiddenError(
    `only the regulator or ${product.owner}, owner of product ${product.id}, may recall Batch ${record.id}`,
  );
};
const recallable: BatchStatus[] = ['ACTIVE', 'PACKED', 'IN_TRANSIT', 'QUARANTINED', 'CONSUMED'];
const inspected = { from: ['ACTIVE', 'QUARANTINED'] as BatchStatus[], by: inspectors, event: 'BatchInspected' };
const recalled = { from: recallable, to: 'RECALLED' as const, by: recallers, event: 'BatchRecalled' };

/** The life of a batch, from commissioning to consumption or recall. */
export const batchLifecycle = defineStateMachine({
  entity: 'Batch',
  states: batchStatuses,
  transitions: {
    commission: {
      from: 'new',
      to: 'ACTIVE',
      by: producers,
      event: 'BatchCommissioned',
      description: 'a new batch of a product',
    },
    produce: {
      from: 'new',
      to: 'ACTIVE',
      by: producers,
      event: 'BatchProduced',
      description: 'an output of a transformation',
    },
    shipPart: {
      from: 'new',
      to: 'IN_TRANSIT',
      by: handlers,
      event: 'BatchShipped',
      description: 'part of a batch split off and shipped',
    },
    split: { ...batch.held, from: ['ACTIVE'], event: 'BatchSplit', description: 'a part shipped off; the rest stays' },
    pack: { ...batch.held, from: ['ACTIVE'], to: 'PACKED', event: 'BatchPacked' },
    unpack: { ...batch.held, from: ['PACKED'], to: 'ACTIVE', event: 'BatchUnpacked' },
    unpackRecalled: {
      ...batch.held,
      from: ['RECALLED'],
      event: 'BatchUnpacked',
      description: 'a recalled batch taken off its pallet stays recalled',
    },
    ship: { ...batch.held, from: ['ACTIVE'], to: 'IN_TRANSIT', event: 'BatchShipped' },
    cancelShipment: {
      ...batch.held,
      from: ['IN_TRANSIT'],
      to: 'ACTIVE',
      event: 'BatchShipmentCancelled',
      description: taken,
    },
    receive: { from: ['IN_TRANSIT'], to: 'ACTIVE', by: handlers, event: 'BatchReceived', guards: [batch.receiver] },
    receiveInPallet: {
      from: ['PACKED', 'RECALLED'],
      by: handlers,
      event: 'BatchReceived',
      description: 'custody moves with the pallet it is packed in',
    },
    consume: { ...batch.held, from: ['ACTIVE'], to: 'CONSUMED', by: producers, event: 'BatchConsumed' },
    consumePart: { ...batch.held, from: ['ACTIVE'], by: producers, event: 'BatchConsumed' },
    passInspection: { ...inspected, to: 'ACTIVE' },
    failInspection: { ...inspected, to: 'QUARANTINED' },
    recall: { ...recalled, checks: [regulatorOrOwner], description: 'the batch a recall starts from' },
    recallDownstream: { ...recalled, description: 'made or split from a recalled batch' },
  },
});

/** Batches bound to their machine; requests name one by `batchId`. */
export const batchLife = lifecycle(batches, batchLifecycle, 'batchId');

/** The life of a pallet: assembled, shipped and received as one unit, dissolved when emptied. */
export const palletLifecycle = defineStateMachine({
  entity: 'Pallet',
  states: palletStatuses,
  transitions: {
    assemble: { from: 'new', to: 'ASSEMBLED', by: handlers, event: 'PalletAssembled' },
    pack: { ...pallet.held, from: ['ASSEMBLED'], event: 'PalletPacked', description: 'more batches added' },
    unpack: { ...pallet.held, from: ['ASSEMBLED'], event: 'PalletUnpacked', description: 'some batches taken out' },
    dissolve: { ...pallet.held, from: ['ASSEMBLED'], to: 'DISSOLVED', event: 'PalletDissolved' },
    ship: { ...pallet.held, from: ['ASSEMBLED'], to: 'IN_TRANSIT', event: 'PalletShipped' },
    cancelShipment: {
      ...pallet.held,
      from: ['IN_TRANSIT'],
      to: 'ASSEMBLED',
      event: 'PalletShipmentCancelled',
      description: taken,
    },
    receive: {
      from: ['IN_TRANSIT'],
      to: 'ASSEMBLED',
      by: handlers,
      event: 'PalletReceived',
      guards: [pallet.receiver],
    },
  },
});

/** Pallets bound to their machine; requests name one by `palletId`. */
export const palletLife = lifecycle(pallets, palletLifecycle, 'palletId');

/** A recall runs until every downstream batch is marked; large ones take several transactions. */
export const recallLifecycle = defineStateMachine<
  (typeof recallStatuses)[number],
  'open' | 'progress' | 'complete',
  Recall
>({
  entity: 'Recall',
  states: recallStatuses,
  transitions: {
    open: { from: 'new', to: 'IN_PROGRESS', by: recallers, event: 'RecallOpened' },
    progress: { from: ['IN_PROGRESS'], by: recallers, event: 'RecallProgressed' },
    complete: { from: ['IN_PROGRESS'], to: 'COMPLETE', by: recallers, event: 'RecallCompleted' },
  },
});

/** Recalls bound to their machine; requests name one by `recallId`. */
export const recallLife = lifecycle(recalls, recallLifecycle, 'recallId');

const seller = orgNamedIn<Sale>('seller', 'its seller');
const buyer = orgNamedIn<Sale>('buyer', 'its buyer');
const aParty: Guard<Sale> = ({ record, actor, id }) =>
  actor.mspId === record.seller || actor.mspId === record.buyer
    ? undefined
    : new ForbiddenError(`${id ?? 'the sale'}: only its parties, ${record.seller} and ${record.buyer}, may`);

/**
 * A sale: the seller proposes on its kept terms, the buyer confirms with a copy hashing alike, the goods leave
 * under it and the buyer's receipt delivers it. Shipping and delivery follow the batch's own custody steps.
 */
export const saleLifecycle = defineStateMachine({
  entity: 'Sale',
  states: saleStatuses,
  transitions: {
    propose: { from: 'new', to: 'PROPOSED', by: traders, event: 'SaleProposed' },
    confirm: { from: ['PROPOSED'], to: 'CONFIRMED', by: traders, event: 'SaleConfirmed', guards: [buyer] },
    withdraw: {
      from: ['PROPOSED'],
      to: 'WITHDRAWN',
      by: traders,
      event: 'SaleWithdrawn',
      guards: [aParty],
      description: 'either party, before the buyer confirms',
    },
    ship: { from: ['CONFIRMED'], to: 'SHIPPED', by: handlers, event: 'SaleShipped', guards: [seller] },
    cancelShipment: {
      from: ['SHIPPED'],
      to: 'CONFIRMED',
      by: handlers,
      event: 'SaleShipmentCancelled',
      guards: [seller],
      description: taken,
    },
    deliver: { from: ['SHIPPED'], to: 'DELIVERED', by: handlers, event: 'SaleDelivered', guards: [buyer] },
  },
});

/** Sales bound to their machine; requests name one by `saleId`. */
export const saleLife = lifecycle(sales, saleLifecycle, 'saleId');
