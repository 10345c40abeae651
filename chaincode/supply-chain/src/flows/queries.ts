import { evaluateFlow, identifier, mspId, pageFields } from '@scenechain/scene-kit';
import { z } from 'zod';
import { batchLife } from '../lifecycle/batch-lifecycle';
import { palletLife } from '../lifecycle/pallet-lifecycle';
import { recallLife } from '../lifecycle/recall-lifecycle';
import { batches, batchStatuses } from '../model/batch';
import { inspections } from '../model/inspection';
import { pallets, palletStatuses } from '../model/pallet';
import { products } from '../model/product';
import { transformations } from '../model/transformation';
import { traceabilityReaders as readers } from '../parties';

export const getProduct = evaluateFlow({
  description: 'A product.',
  request: z.strictObject({ productId: identifier }),
  on: products,
  readers,
  run: (scene, input) => products.mustGet(scene, { id: input.productId }),
});

export const getBatch = evaluateFlow({
  description: 'A batch.',
  request: z.strictObject({ batchId: identifier }),
  on: batchLife,
  readers,
  run: (scene, input) => batchLife.read(scene, input.batchId),
});

export const getPallet = evaluateFlow({
  description: 'A pallet.',
  request: z.strictObject({ palletId: identifier }),
  on: palletLife,
  readers,
  run: (scene, input) => palletLife.read(scene, input.palletId),
});

export const getTransformation = evaluateFlow({
  description: 'A transformation.',
  request: z.strictObject({ transformationId: identifier }),
  on: transformations,
  readers,
  run: (scene, input) => transformations.mustGet(scene, { id: input.transformationId }),
});

export const getRecall = evaluateFlow({
  description: 'A recall and how far it got.',
  request: z.strictObject({ recallId: identifier }),
  on: recallLife,
  readers,
  run: (scene, input) => recallLife.read(scene, input.recallId),
});

export const listProducts = evaluateFlow({
  description: 'Products of one brand owner, or all products, by ID.',
  request: z.strictObject({ owner: mspId.optional(), ...pageFields }),
  on: products,
  readers,
  run: (scene, input) =>
    input.owner ? products.list(scene, 'byOwner', [input.owner], input) : products.listByKey(scene, [], input),
});

export const listBatchesByCustodian = evaluateFlow({
  description: 'Batches an org holds, optionally in one state.',
  request: z.strictObject({ custodian: mspId, status: z.enum(batchStatuses).optional(), ...pageFields }),
  on: batchLife,
  readers,
  run: (scene, input) =>
    batches.list(scene, 'byCustodian', input.status ? [input.custodian, input.status] : [input.custodian], input),
});

export const listBatchesByStatus = evaluateFlow({
  description: 'Batches in one state, e.g. every RECALLED batch.',
  request: z.strictObject({ status: z.enum(batchStatuses), ...pageFields }),
  on: batchLife,
  readers,
  run: (scene, input) => batches.list(scene, 'byStatus', [input.status], input),
});

export const listBatchesByProduct = evaluateFlow({
  description: 'Batches of one product.',
  request: z.strictObject({ productId: identifier, ...pageFields }),
  on: batchLife,
  readers,
  run: (scene, input) => batches.list(scene, 'byProduct', [input.productId], input),
});

export const listPalletsByCustodian = evaluateFlow({
  description: 'Pallets an org holds, optionally in one state.',
  request: z.strictObject({ custodian: mspId, status: z.enum(palletStatuses).optional(), ...pageFields }),
  on: palletLife,
  readers,
  run: (scene, input) =>
    pallets.list(scene, 'byCustodian', input.status ? [input.custodian, input.status] : [input.custodian], input),
});

export const listInspections = evaluateFlow({
  description: 'Inspections of one batch.',
  request: z.strictObject({ batchId: identifier, ...pageFields }),
  on: inspections,
  readers,
  run: (scene, input) => inspections.list(scene, 'byBatch', [input.batchId], input),
});

export const batchHistory = evaluateFlow({
  description: 'Every version of a batch, newest first, with the transaction, time, actor and transition of each.',
  request: z.strictObject({ batchId: identifier, ...pageFields }),
  on: batchLife,
  readers,
  run: (scene, input) => batches.history(scene, { id: input.batchId }, input),
});

export const palletHistory = evaluateFlow({
  description: 'Every version of a pallet, newest first.',
  request: z.strictObject({ palletId: identifier, ...pageFields }),
  on: palletLife,
  readers,
  run: (scene, input) => pallets.history(scene, { id: input.palletId }, input),
});
