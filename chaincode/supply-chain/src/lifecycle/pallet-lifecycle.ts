import { defineStateMachine, lifecycle } from '@scenechain/scene-kit';
import { pallets, palletStatuses, type Pallet } from '../model/pallet';
import { handlers } from '../parties';
import { heldByActor, namedReceiverIsActor } from './custody-guards';

const held = heldByActor<Pallet>('Pallet');

/** The life of a pallet: assembled, shipped and received as one unit, dissolved when emptied. */
export const palletLifecycle = defineStateMachine({
  entity: 'Pallet',
  states: palletStatuses,
  transitions: {
    assemble: { from: 'new', to: 'ASSEMBLED', by: handlers, event: 'PalletAssembled' },
    pack: {
      from: ['ASSEMBLED'],
      by: handlers,
      event: 'PalletPacked',
      guards: [held],
      description: 'more batches added',
    },
    unpack: {
      from: ['ASSEMBLED'],
      by: handlers,
      event: 'PalletUnpacked',
      guards: [held],
      description: 'some batches taken out',
    },
    dissolve: { from: ['ASSEMBLED'], to: 'DISSOLVED', by: handlers, event: 'PalletDissolved', guards: [held] },
    ship: { from: ['ASSEMBLED'], to: 'IN_TRANSIT', by: handlers, event: 'PalletShipped', guards: [held] },
    cancelShipment: {
      from: ['IN_TRANSIT'],
      to: 'ASSEMBLED',
      by: handlers,
      event: 'PalletShipmentCancelled',
      guards: [held],
      description: 'the sender, still the custodian, takes a shipment back',
    },
    receive: {
      from: ['IN_TRANSIT'],
      to: 'ASSEMBLED',
      by: handlers,
      event: 'PalletReceived',
      guards: [namedReceiverIsActor<Pallet>('Pallet')],
    },
  },
});

/** Pallets bound to their machine; requests name one by `palletId`. */
export const palletLife = lifecycle(pallets, palletLifecycle, 'palletId');
