import { advance, identifier, requireAccess, submitFlow } from '@scenechain/scene-kit';
import { z } from 'zod';
import { batchLifecycle } from '../lifecycle/batch-lifecycle';
import { palletLifecycle } from '../lifecycle/pallet-lifecycle';
import { batches } from '../model/batch';
import { pallets } from '../model/pallet';
import { handlers } from '../parties';

/**
 * Custody stays with the sender until the receiver receives, so the sender can always take back a shipment
 * still in transit (a wrong receiver, a receiver that never comes): only the custodian org may.
 */
export const cancelBatchShipment = submitFlow(
  'Takes back a batch shipped but not yet received; the sender (still its custodian) only. It is ACTIVE again.',
  z.strictObject({ batchId: identifier }),
  async (scene, input) => {
    requireAccess(scene.actor, handlers, 'cancel a shipment');
    const current = await batches.mustGet(scene, { id: input.batchId });
    return advance(scene, batches, batchLifecycle, current, 'cancelShipment', (data) => ({
      ...data,
      receiver: undefined,
    }));
  },
);

export const cancelPalletShipment = submitFlow(
  'Takes back a pallet shipped but not yet received; the sender (still its custodian) only. It is ASSEMBLED again.',
  z.strictObject({ palletId: identifier }),
  async (scene, input) => {
    requireAccess(scene.actor, handlers, 'cancel a shipment');
    const current = await pallets.mustGet(scene, { id: input.palletId });
    return advance(scene, pallets, palletLifecycle, current, 'cancelShipment', (data) => ({
      ...data,
      receiver: undefined,
    }));
  },
);
