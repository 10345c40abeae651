import { evaluateFlow, identifier, mspId, pageFields } from '@scenechain/scene-kit';
import { traceabilityReaders } from '../parties';
import { z } from 'zod';
import { batches, batchStatuses } from '../model/batch';
import { inspections } from '../model/inspection';
import { pallets, palletStatuses } from '../model/pallet';
import { products } from '../model/product';
import { recalls } from '../model/recall';
import { transformations } from '../model/transformation';

export const getProduct = evaluateFlow(
  'A product.',
  z.strictObject({ productId: identifier }),
  traceabilityReaders,
  (scene, input) => products.mustGet(scene, { id: input.productId }),
);

export const getBatch = evaluateFlow(
  'A batch.',
  z.strictObject({ batchId: identifier }),
  traceabilityReaders,
  (scene, input) => batches.mustGet(scene, { id: input.batchId }),
);

export const getPallet = evaluateFlow(
  'A pallet.',
  z.strictObject({ palletId: identifier }),
  traceabilityReaders,
  (scene, input) => pallets.mustGet(scene, { id: input.palletId }),
);

export const getTransformation = evaluateFlow(
  'A transformation.',
  z.strictObject({ transformationId: identifier }),
  traceabilityReaders,
  (scene, input) => transformations.mustGet(scene, { id: input.transformationId }),
);

export const getRecall = evaluateFlow(
  'A recall and how far it got.',
  z.strictObject({ recallId: identifier }),
  traceabilityReaders,
  (scene, input) => recalls.mustGet(scene, { id: input.recallId }),
);

export const listProducts = evaluateFlow(
  'Products of one brand owner, or all products, by ID.',
  z.strictObject({ owner: mspId.optional(), ...pageFields }),
  traceabilityReaders,
  (scene, input) =>
    input.owner ? products.list(scene, 'byOwner', [input.owner], input) : products.listByKey(scene, [], input),
);

export const listBatchesByCustodian = evaluateFlow(
  'Batches an org holds, optionally in one state.',
  z.strictObject({ custodian: mspId, status: z.enum(batchStatuses).optional(), ...pageFields }),
  traceabilityReaders,
  (scene, input) =>
    batches.list(scene, 'byCustodian', input.status ? [input.custodian, input.status] : [input.custodian], input),
);

export const listBatchesByStatus = evaluateFlow(
  'Batches in one state, e.g. every RECALLED batch.',
  z.strictObject({ status: z.enum(batchStatuses), ...pageFields }),
  traceabilityReaders,
  (scene, input) => batches.list(scene, 'byStatus', [input.status], input),
);

export const listBatchesByProduct = evaluateFlow(
  'Batches of one product.',
  z.strictObject({ productId: identifier, ...pageFields }),
  traceabilityReaders,
  (scene, input) => batches.list(scene, 'byProduct', [input.productId], input),
);

export const listPalletsByCustodian = evaluateFlow(
  'Pallets an org holds, optionally in one state.',
  z.strictObject({ custodian: mspId, status: z.enum(palletStatuses).optional(), ...pageFields }),
  traceabilityReaders,
  (scene, input) =>
    pallets.list(scene, 'byCustodian', input.status ? [input.custodian, input.status] : [input.custodian], input),
);

export const listInspections = evaluateFlow(
  'Inspections of one batch.',
  z.strictObject({ batchId: identifier, ...pageFields }),
  traceabilityReaders,
  (scene, input) => inspections.list(scene, 'byBatch', [input.batchId], input),
);

export const batchHistory = evaluateFlow(
  'Every version of a batch, newest first, with the transaction, time, actor and transition of each.',
  z.strictObject({ batchId: identifier, ...pageFields }),
  traceabilityReaders,
  (scene, input) => batches.history(scene, { id: input.batchId }, input),
);

export const palletHistory = evaluateFlow(
  'Every version of a pallet, newest first.',
  z.strictObject({ palletId: identifier, ...pageFields }),
  traceabilityReaders,
  (scene, input) => pallets.history(scene, { id: input.palletId }, input),
);
