/**
 * `@scenechain/supply-chain`: the scenario descriptor and the parties other packages use. Loads no contract API;
 * the chaincode process loads `./chaincode` (package.json `main`).
 */
import { defineScenario } from '@scenechain/scene-kit';
import { aggregate, disaggregate } from './flows/aggregate';
import { cancelBatchShipment, cancelPalletShipment } from './flows/cancel-shipment';
import { commission, commissionMany } from './flows/commission';
import { inspect } from './flows/inspect';
import * as queries from './flows/queries';
import { receiveBatch, receivePallet } from './flows/receive';
import { continueRecall, recall } from './flows/recall';
import { registerProduct } from './flows/register-product';
import { shipBatch, shipPallet } from './flows/ship';
import { trace } from './flows/trace';
import { transform } from './flows/transform';
import { batchLife } from './lifecycle/batch-lifecycle';
import { palletLife } from './lifecycle/pallet-lifecycle';
import { recallLife } from './lifecycle/recall-lifecycle';
import { inspections } from './model/inspection';
import { products } from './model/product';
import { transformations } from './model/transformation';
import { authorities } from './parties';

export * from './parties';
export { batchLifecycle } from './lifecycle/batch-lifecycle';
export { palletLifecycle } from './lifecycle/pallet-lifecycle';
export { recallLifecycle } from './lifecycle/recall-lifecycle';

/** Supply chain traceability, in the order goods move. */
export const scenario = defineScenario({
  id: 'supply-chain',
  contract: 'SupplyChain',
  title: 'Supply chain traceability',
  summary: 'Batches from production to shelf: custody hand-offs, inspections, recalls and provenance.',
  version: '1.0',
  authorities,
  records: [
    {
      type: batchLife,
      title: 'Batches',
      collection: 'batches',
      get: 'getBatch',
      history: 'batchHistory',
      columns: ['productId', 'quantity', 'custodian', 'location', 'receiver'],
    },
    {
      type: palletLife,
      title: 'Pallets',
      collection: 'pallets',
      get: 'getPallet',
      history: 'palletHistory',
      columns: ['custodian', 'location', 'batches', 'receiver'],
    },
    {
      type: products,
      title: 'Products',
      collection: 'products',
      keyField: 'productId',
      get: 'getProduct',
      columns: ['owner'],
    },
    {
      type: inspections,
      title: 'Inspections',
      collection: 'inspections',
      keyField: 'inspectionId',
      columns: ['batchId', 'result'],
    },
    {
      type: transformations,
      title: 'Transformations',
      collection: 'transformations',
      keyField: 'transformationId',
      get: 'getTransformation',
      columns: ['inputs', 'outputs', 'location'],
    },
    {
      type: recallLife,
      title: 'Recalls',
      collection: 'recalls',
      get: 'getRecall',
      columns: ['rootBatchId', 'marked', 'pending'],
    },
  ],
  flows: {
    registerProduct,
    commission,
    commissionMany,
    aggregate,
    disaggregate,
    shipBatch,
    shipPallet,
    cancelBatchShipment,
    cancelPalletShipment,
    receiveBatch,
    receivePallet,
    transform,
    inspect,
    recall,
    continueRecall,
    trace,
    ...queries,
  },
});
