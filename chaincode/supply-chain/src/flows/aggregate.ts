import { ConflictError, identifier, requireDistinct, submitFlow, ValidationError } from '@scenechain/scene-kit';
import { z } from 'zod';
import { batchLife } from '../lifecycle/batch-lifecycle';
import { palletLife } from '../lifecycle/pallet-lifecycle';
import { MAX_PALLET_CONTENTS, pallets } from '../model/pallet';
import { recordLinks } from './provenance-links';

export const aggregate = submitFlow({
  description: 'Packs batches onto a pallet (EPCIS AggregationEvent ADD); assembles the pallet if it is new.',
  request: z.strictObject({ palletId: identifier, batchIds: z.array(identifier).min(1).max(MAX_PALLET_CONTENTS) }),
  on: palletLife,
  transition: 'pack',
  orTransitions: ['assemble'],
  run: async (scene, input) => {
    requireDistinct(input.batchIds, 'batchIds');
    const first = await batchLife.read(scene, input.batchIds[0]);
    const existing = await pallets.get(scene, { id: input.palletId });
    const pallet = existing
      ? await palletLife.advance(scene, existing, 'pack', (data) => {
          const contents = [...data.contents, ...input.batchIds];
          if (contents.length > MAX_PALLET_CONTENTS) {
            throw new ConflictError(
              `Pallet ${data.id} would hold ${contents.length} batches; the limit is ${MAX_PALLET_CONTENTS}`,
            );
          }
          return { ...data, contents };
        })
      : await palletLife.create(scene, 'assemble', {
          id: input.palletId,
          status: 'ASSEMBLED',
          custodian: scene.actor.mspId,
          location: first.data.location,
          contents: input.batchIds,
          assembledAt: scene.now.iso,
        });
    for (const batchId of input.batchIds) {
      await batchLife.advance(scene, batchId, 'pack', (data) => {
        if (data.location !== pallet.data.location) {
          throw new ConflictError(
            `Batch ${data.id} is at ${data.location}, Pallet ${pallet.data.id} at ${pallet.data.location}`,
          );
        }
        return { ...data, palletId: pallet.data.id };
      });
    }
    await recordLinks(
      scene,
      input.batchIds.map((batchId) => ({
        from: batchId,
        to: pallet.data.id,
        fromKind: 'batch' as const,
        toKind: 'pallet' as const,
        kind: 'aggregate' as const,
        quantity: 0,
        eventId: pallet.data.id,
      })),
    );
    return pallet;
  },
});

export const disaggregate = submitFlow({
  description:
    'Unpacks batches from a pallet (EPCIS AggregationEvent DELETE); all of them if none are named. An emptied pallet is dissolved.',
  request: z.strictObject({
    palletId: identifier,
    batchIds: z.array(identifier).min(1).max(MAX_PALLET_CONTENTS).optional(),
  }),
  on: palletLife,
  transition: 'unpack',
  orTransitions: ['dissolve'],
  run: async (scene, input) => {
    const current = await palletLife.read(scene, input.palletId);
    const removed = input.batchIds ?? current.data.contents;
    requireDistinct(removed, 'batchIds');
    for (const batchId of removed) {
      if (!current.data.contents.includes(batchId)) {
        throw new ValidationError(`invalid request: Batch ${batchId} is not on Pallet ${current.data.id}`);
      }
    }
    const remaining = current.data.contents.filter((batchId) => !removed.includes(batchId));
    const pallet = await palletLife.advance(scene, current, remaining.length ? 'unpack' : 'dissolve', (data) => ({
      ...data,
      contents: remaining,
    }));
    for (const batchId of removed) {
      const batch = await batchLife.read(scene, batchId);
      const transition = batch.data.status === 'RECALLED' ? 'unpackRecalled' : 'unpack';
      await batchLife.advance(scene, batch, transition, (data) => ({ ...data, palletId: undefined }));
    }
    return pallet;
  },
});
