import { identifier, transitionFlow, type Scene } from '@scenechain/scene-kit';
import { z } from 'zod';
import { batchLife } from '../lifecycle/batch-lifecycle';
import { palletLife } from '../lifecycle/pallet-lifecycle';

/** Custody passes to the receiving org, at the location it names; the item is no longer awaited. */
function received<T extends { custodian: string; location: string }>(data: T, location: string, scene: Scene): T {
  return { ...data, custodian: scene.actor.mspId, receiver: undefined, location };
}

export const receiveBatch = transitionFlow(batchLife, 'receive', {
  description: 'Receives a batch shipped to the submitter’s org; custody passes to it (EPCIS receiving).',
  request: z.strictObject({ batchId: identifier, location: identifier }),
  change: (data, input, scene) => received(data, input.location, scene),
});

export const receivePallet = transitionFlow(palletLife, 'receive', {
  description: 'Receives a pallet shipped to the submitter’s org, with custody of every batch on it.',
  request: z.strictObject({ palletId: identifier, location: identifier }),
  change: (data, input, scene) => received(data, input.location, scene),
  after: async (scene, pallet, input) => {
    for (const batchId of pallet.data.contents) {
      await batchLife.advance(scene, batchId, 'receiveInPallet', (data) => received(data, input.location, scene));
    }
  },
});
