import {
  ConflictError,
  identifier,
  InsufficientQuantityError,
  quantity,
  submitFlow,
  transitionFlow,
  ValidationError,
} from '@scenechain/scene-kit';
import { z } from 'zod';
import { batchLife } from '../lifecycle/batch-lifecycle';
import { palletLife } from '../lifecycle/pallet-lifecycle';
import { SUPPLY_CHAIN_ORGS } from '../parties';
import { recordLinks } from './provenance-links';

/** The org a shipment goes to: one the scenario declares (see SUPPLY_CHAIN_ORGS), never an unknown MSP ID. */
export const receiver = z.enum(SUPPLY_CHAIN_ORGS, {
  error: `not an organisation of this supply chain; one of ${SUPPLY_CHAIN_ORGS.join(', ')}`,
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
  }),
  on: batchLife,
  transition: 'ship',
  orTransitions: ['split'],
  run: async (scene, input) => {
    const current = await batchLife.read(scene, input.batchId);
    const shipped = input.quantity ?? current.data.quantity;
    const notToSelf = (custodian: string) => {
      if (input.receiver === custodian)
        throw new ConflictError(`Batch ${input.batchId} is already in the custody of ${custodian}`);
    };
    if (shipped >= current.data.quantity) {
      if (input.splitBatchId !== undefined) {
        throw new ValidationError('invalid request: splitBatchId: only for shipping part of a batch');
      }
      return batchLife.advance(scene, current, 'ship', (data) => {
        notToSelf(data.custodian);
        if (shipped > data.quantity) {
          throw new InsufficientQuantityError(
            `Batch ${data.id} holds ${data.quantity} ${data.unit}; cannot ship ${shipped}`,
          );
        }
        return { ...data, receiver: input.receiver };
      });
    }
    if (input.splitBatchId === undefined) {
      throw new ValidationError('invalid request: splitBatchId: required to ship part of a batch', [
        { path: 'splitBatchId', message: 'required when quantity is less than held' },
      ]);
    }
    const parent = await batchLife.advance(scene, current, 'split', (data) => {
      notToSelf(data.custodian);
      return { ...data, quantity: data.quantity - shipped };
    });
    const part = await batchLife.create(scene, 'shipPart', {
      ...parent.data,
      id: input.splitBatchId,
      quantity: shipped,
      status: 'IN_TRANSIT',
      receiver: input.receiver,
      origin: { kind: 'split', eventId: parent.data.id, inputs: [{ batchId: parent.data.id, quantity: shipped }] },
    });
    await recordLinks(scene, [
      {
        from: parent.data.id,
        to: part.data.id,
        fromKind: 'batch',
        toKind: 'batch',
        kind: 'split',
        quantity: shipped,
        eventId: parent.data.id,
      },
    ]);
    return part;
  },
});

export const shipPallet = transitionFlow(palletLife, 'ship', {
  description: 'Ships a pallet and every batch on it to a named receiver.',
  request: z.strictObject({ palletId: identifier, receiver }),
  change: async (data, input, scene) => {
    if (input.receiver === data.custodian)
      throw new ConflictError(`Pallet ${data.id} is already in the custody of ${data.custodian}`);
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
