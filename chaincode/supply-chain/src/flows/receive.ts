import { advance, identifier, requireAccess, submitFlow } from '@scenechain/scene-kit';
import { z } from 'zod';
import { batchLifecycle } from '../lifecycle/batch-lifecycle';
import { palletLifecycle } from '../lifecycle/pallet-lifecycle';
import { batches } from '../model/batch';
import { pallets } from '../model/pallet';
import { handlers } from '../parties';

export const receiveBatch = submitFlow(
  'Receives a batch shipped to the submitter’s org; custody passes to it (EPCIS receiving).',
  z.strictObject({ batchId: identifier, location: identifier }),
  async (scene, input) => {
    requireAccess(scene.actor, handlers, 'receive a batch');
    const current = await batches.mustGet(scene, { id: input.batchId });
    return advance(scene, batches, batchLifecycle, current, 'receive', (data) => ({
      ...data,
      custodian: scene.actor.mspId,
      receiver: undefined,
      location: input.location,
    }));
  },
);

export const receivePallet = submitFlow(
  'Receives a pallet shipped to the submitter’s org, with custody of every batch on it.',
  z.strictObject({ palletId: identifier, location: identifier }),
  async (scene, input) => {
    requireAccess(scene.actor, handlers, 'receive a pallet');
    const current = await pallets.mustGet(scene, { id: input.palletId });
    const pallet = await advance(scene, pallets, palletLifecycle, current, 'receive', (data) => ({
      ...data,
      custodian: scene.actor.mspId,
      receiver: undefined,
      location: input.location,
    }));
    for (const batchId of pallet.data.contents) {
      const batch = await batches.mustGet(scene, { id: batchId });
      await advance(scene, batches, batchLifecycle, batch, 'receiveInPallet', (data) => ({
        ...data,
        custodian: scene.actor.mspId,
        location: input.location,
      }));
    }
    return pallet;
  },
);
