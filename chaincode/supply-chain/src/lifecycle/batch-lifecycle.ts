import { defineStateMachine, ForbiddenError, lifecycle, type Check } from '@scenechain/scene-kit';
import { batches, batchStatuses, type Batch, type BatchStatus } from '../model/batch';
import { products } from '../model/product';
import { handlers, inspectors, producers, recallers, REGULATORS } from '../parties';
import { heldByActor, namedReceiverIsActor } from './custody-guards';

const held = heldByActor<Batch>('Batch');
/** A recall starts from the regulator, or from the owner of the batch's product. */
const regulatorOrOwner: Check<Batch> = async ({ scene, record, actor }) => {
  if ((REGULATORS as readonly string[]).includes(actor.mspId)) return undefined;
  const { data: product } = await products.mustGet(scene, { id: record.productId });
  return product.owner === actor.mspId
    ? undefined
    : new ForbiddenError(
        `only the regulator or ${product.owner}, owner of product ${product.id}, may recall Batch ${record.id}`,
      );
};
const recallable: BatchStatus[] = ['ACTIVE', 'PACKED', 'IN_TRANSIT', 'QUARANTINED', 'CONSUMED'];

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
    split: {
      from: ['ACTIVE'],
      by: handlers,
      event: 'BatchSplit',
      guards: [held],
      description: 'a part shipped off; the rest stays',
    },
    pack: { from: ['ACTIVE'], to: 'PACKED', by: handlers, event: 'BatchPacked', guards: [held] },
    unpack: { from: ['PACKED'], to: 'ACTIVE', by: handlers, event: 'BatchUnpacked', guards: [held] },
    unpackRecalled: {
      from: ['RECALLED'],
      by: handlers,
      event: 'BatchUnpacked',
      guards: [held],
      description: 'a recalled batch taken off its pallet stays recalled',
    },
    ship: { from: ['ACTIVE'], to: 'IN_TRANSIT', by: handlers, event: 'BatchShipped', guards: [held] },
    cancelShipment: {
      from: ['IN_TRANSIT'],
      to: 'ACTIVE',
      by: handlers,
      event: 'BatchShipmentCancelled',
      guards: [held],
      description: 'the sender, still the custodian, takes a shipment back',
    },
    receive: {
      from: ['IN_TRANSIT'],
      to: 'ACTIVE',
      by: handlers,
      event: 'BatchReceived',
      guards: [namedReceiverIsActor<Batch>('Batch')],
    },
    receiveInPallet: {
      from: ['PACKED', 'RECALLED'],
      by: handlers,
      event: 'BatchReceived',
      description: 'custody moves with the pallet it is packed in',
    },
    consume: { from: ['ACTIVE'], to: 'CONSUMED', by: producers, event: 'BatchConsumed', guards: [held] },
    consumePart: { from: ['ACTIVE'], by: producers, event: 'BatchConsumed', guards: [held] },
    passInspection: { from: ['ACTIVE', 'QUARANTINED'], to: 'ACTIVE', by: inspectors, event: 'BatchInspected' },
    failInspection: { from: ['ACTIVE', 'QUARANTINED'], to: 'QUARANTINED', by: inspectors, event: 'BatchInspected' },
    recall: {
      from: recallable,
      to: 'RECALLED',
      by: recallers,
      event: 'BatchRecalled',
      checks: [regulatorOrOwner],
      description: 'the batch a recall starts from',
    },
    recallDownstream: {
      from: recallable,
      to: 'RECALLED',
      by: recallers,
      event: 'BatchRecalled',
      description: 'made or split from a recalled batch',
    },
  },
});

/** Batches bound to their machine; requests name one by `batchId`. */
export const batchLife = lifecycle(batches, batchLifecycle, 'batchId');
