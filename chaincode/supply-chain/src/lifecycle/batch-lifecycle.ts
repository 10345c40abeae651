import { defineStateMachine } from '@scenechain/scene-kit';
import type { Batch, BatchStatus } from '../model/batch';
import { batchStatuses } from '../model/batch';
import { handlers, inspectors, producers, recallers } from '../parties';
import { heldByActor, namedReceiverIsActor } from './custody-guards';

const held = heldByActor<Batch>('Batch');
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
