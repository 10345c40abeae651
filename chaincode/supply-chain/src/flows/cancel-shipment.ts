import { identifier, transitionFlow } from '@scenechain/scene-kit';
import { z } from 'zod';
import { batchLife } from '../lifecycle/batch-lifecycle';
import { palletLife } from '../lifecycle/pallet-lifecycle';

/*
 * Custody stays with the sender until the receiver receives, so the sender can always take back a shipment
 * still in transit (a wrong receiver, a receiver that never comes): only the custodian org may.
 */

export const cancelBatchShipment = transitionFlow(batchLife, 'cancelShipment', {
  description:
    'Takes back a batch shipped but not yet received; the sender (still its custodian) only. It is ACTIVE again.',
  request: z.strictObject({ batchId: identifier }),
  change: (data) => ({ ...data, receiver: undefined }),
});

export const cancelPalletShipment = transitionFlow(palletLife, 'cancelShipment', {
  description:
    'Takes back a pallet shipped but not yet received; the sender (still its custodian) only. It is ASSEMBLED again.',
  request: z.strictObject({ palletId: identifier }),
  change: (data) => ({ ...data, receiver: undefined }),
});
