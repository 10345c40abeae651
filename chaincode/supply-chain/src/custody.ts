import {
  ConflictError,
  identifier,
  InsufficientQuantityError,
  quantity,
  requireDistinct,
  submitFlow,
  transitionFlow,
  ValidationError,
  type Scene,
} from '@scenechain/scene-kit';
import { z } from 'zod';
import { batchLife, palletLife } from './machines';
import { SUPPLY_CHAIN_ORGS } from './parties';
import { recordLinks } from './provenance';
import { MAX_PALLET_CONTENTS, pallets } from './records';
import { deliveredUnderSale, saleShipmentTakenBack, shipUnderSale } from './sales';

/*
 * Custody stays with the sender until the receiver receives, so the sender can always take back a shipment
 * still in transit (a wrong receiver, a receiver that never comes): only the custodian org may.
 */

/** The org a shipment goes to: one the scenario declares (see SUPPLY_CHAIN_ORGS), never an unknown MSP ID. */
const receiver = z.enum(SUPPLY_CHAIN_ORGS, {
  error: `not an organisation of this supply chain; one of ${SUPPLY_CHAIN_ORGS.join(', ')}`,
});

/** Refuses a shipment to the org already holding the item. */
function notToSelf(item: { custodian: string }, to: string, what: string): void {
  if (to === item.custodian) throw new ConflictError(`${what} is already in the custody of ${item.custodian}`);
}

/** Custody passes to the receiving org, at the location it names; the item is no longer awaited. */
function received<T extends { custodian: string; location: string }>(data: T, location: string, scene: Scene): T {
  return { ...data, custodian: scene.actor.mspId, receiver: undefined, location };
}

export const aggregate = submitFlow({
  description: 'Packs batches onto a pallet (EPCIS AggregationEvent ADD); assembles the pallet if it is new.',
  request: z.strictObject({ palletId: identifier, batchIds: z.array(identifier).min(1).max(MAX_PALLET_CONTENTS) }),
  on: palletLife,
  transition: 'pack',
  orTransitions: ['assemble'],
  run: async (scene, { palletId, batchIds }) => {
    requireDistinct(batchIds, 'batchIds');
    const first = await batchLife.read(scene, batchIds[0]);
    const existing = await pallets.get(scene, { id: palletId });
    const pallet = existing
      ? await palletLife.advance(scene, existing, 'pack', (data) => {
          const contents = [...data.contents, ...batchIds];
          if (contents.length > MAX_PALLET_CONTENTS) {
            throw new ConflictError(
              `Pallet ${data.id} would hold ${contents.length} batches; the limit is ${MAX_PALLET_CONTENTS}`,
            );
          }
          return { ...data, contents };
        })
      : await palletLife.create(scene, 'assemble', {
          id: palletId,
          status: 'ASSEMBLED',
          custodian: scene.actor.mspId,
          location: first.data.location,
          contents: batchIds,
          assembledAt: scene.now.iso,
        });
    const { location } = pallet.data;
    for (const batchId of batchIds) {
      await batchLife.advance(scene, batchId, 'pack', (data) => {
        if (data.location !== location) {
          throw new ConflictError(`Batch ${data.id} is at ${data.location}, Pallet ${palletId} at ${location}`);
        }
        return { ...data, palletId };
      });
    }
    const edges = batchIds.map((from) => ({ from, to: palletId, quantity: 0 }));
    await recordLinks(scene, 'aggregate', palletId, edges);
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
    const stray = removed.find((batchId) => !current.data.contents.includes(batchId));
    if (stray) throw new ValidationError(`invalid request: Batch ${stray} is not on Pallet ${current.data.id}`);
    const contents = current.data.contents.filter((batchId) => !removed.includes(batchId));
    const emptied = contents.length === 0;
    const pallet = await palletLife.advance(scene, current, emptied ? 'dissolve' : 'unpack', (data) => ({
      ...data,
      contents,
    }));
    for (const batchId of removed) {
      const batch = await batchLife.read(scene, batchId);
      const transition = batch.data.status === 'RECALLED' ? 'unpackRecalled' : 'unpack';
      await batchLife.advance(scene, batch, transition, (data) => ({ ...data, palletId: undefined }));
    }
    return pallet;
  },
});

export const shipBatch = submitFlow({
  description:
    'Ships a batch, or part of it split off as a new batch, to a named receiver (EPCIS shipping). Custody stays with the sender until the receiver receives.',
  request: z.strictObject({
    batchId: identifier,
    receiver,
    /** Defaults to the whole batch. Less than held splits the shipped part off as `splitBatchId`. */
    quantity: quantity.optional(),
    splitBatchId: identifier.optional(),
    /** A confirmed sale this shipment fulfils (see sales.ts): the batch and quantity sold, to its buyer or a carrier. */
    saleId: identifier.optional(),
  }),
  on: batchLife,
  transition: 'ship',
  orTransitions: ['split'],
  run: async (scene, input) => {
    const current = await batchLife.read(scene, input.batchId);
    const shipped = input.quantity ?? current.data.quantity;
    const what = `Batch ${input.batchId}`;
    const { saleId, receiver: to } = input;
    const underSale = async (shippedBatchId: string) => {
      if (saleId)
        await shipUnderSale(scene, saleId, { batch: current.data, quantity: shipped, receiver: to, shippedBatchId });
    };
    if (shipped >= current.data.quantity) {
      if (input.splitBatchId !== undefined) {
        throw new ValidationError('invalid request: splitBatchId: only for shipping part of a batch');
      }
      const moved = await batchLife.advance(scene, current, 'ship', (data) => {
        notToSelf(data, input.receiver, what);
        if (shipped > data.quantity) {
          throw new InsufficientQuantityError(`${what} holds ${data.quantity} ${data.unit}; cannot ship ${shipped}`);
        }
        return { ...data, receiver: input.receiver, ...(saleId ? { saleId } : {}) };
      });
      await underSale(moved.data.id);
      return moved;
    }
    if (input.splitBatchId === undefined) {
      throw new ValidationError('invalid request: splitBatchId: required to ship part of a batch', [
        { path: 'splitBatchId', message: 'required when quantity is less than held' },
      ]);
    }
    const parent = await batchLife.advance(scene, current, 'split', (data) => {
      notToSelf(data, input.receiver, what);
      return { ...data, quantity: data.quantity - shipped };
    });
    const from = parent.data.id;
    const part = await batchLife.create(scene, 'shipPart', {
      ...parent.data,
      id: input.splitBatchId,
      quantity: shipped,
      status: 'IN_TRANSIT',
      receiver: input.receiver,
      origin: { kind: 'split', eventId: from, inputs: [{ batchId: from, quantity: shipped }] },
      ...(saleId ? { saleId } : {}),
    });
    await recordLinks(scene, 'split', from, [{ from, to: part.data.id, quantity: shipped }]);
    await underSale(part.data.id);
    return part;
  },
});

export const shipPallet = transitionFlow(palletLife, 'ship', {
  description: 'Ships a pallet and every batch on it to a named receiver.',
  request: z.strictObject({ palletId: identifier, receiver }),
  change: async (data, input, scene) => {
    notToSelf(data, input.receiver, `Pallet ${data.id}`);
    if (data.contents.length === 0) throw new ConflictError(`Pallet ${data.id} is empty`);
    for (const batchId of data.contents) {
      const { data: batch } = await batchLife.read(scene, batchId);
      if (batch.status !== 'PACKED') {
        throw new ConflictError(`Pallet ${data.id} holds Batch ${batch.id}, which is ${batch.status}; unpack it first`);
      }
    }
    return { ...data, receiver: input.receiver };
  },
});

export const cancelBatchShipment = transitionFlow(batchLife, 'cancelShipment', {
  description:
    'Takes back a batch shipped but not yet received; the sender (still its custodian) only. It is ACTIVE again, and a sale it was shipped under CONFIRMED again.',
  change: async (data, _input, scene) => ({ ...(await saleShipmentTakenBack(scene, data)), receiver: undefined }),
});

export const cancelPalletShipment = transitionFlow(palletLife, 'cancelShipment', {
  description:
    'Takes back a pallet shipped but not yet received; the sender (still its custodian) only. It is ASSEMBLED again.',
  change: (data) => ({ ...data, receiver: undefined }),
});

export const receiveBatch = transitionFlow(batchLife, 'receive', {
  description:
    'Receives a batch shipped to the submitter’s org; custody passes to it (EPCIS receiving). A buyer receiving goods sold to it delivers the sale.',
  request: z.strictObject({ batchId: identifier, location: identifier }),
  change: async (data, input, scene) => {
    await deliveredUnderSale(scene, data);
    return received(data, input.location, scene);
  },
});

export const receivePallet = transitionFlow(palletLife, 'receive', {
  description: 'Receives a pallet shipped to the submitter’s org, with custody of every batch on it.',
  request: z.strictObject({ palletId: identifier, location: identifier }),
  change: (data, input, scene) => received(data, input.location, scene),
  after: async (scene, pallet, input) => {
    for (const batchId of pallet.data.contents) {
      await batchLife.advance(scene, batchId, 'receiveInPallet', async (data) => {
        await deliveredUnderSale(scene, data);
        return received(data, input.location, scene);
      });
    }
  },
});
