import { aggregate, disaggregate } from '@scenechain/supply-chain/dist/flows/aggregate';
import { commission, commissionMany } from '@scenechain/supply-chain/dist/flows/commission';
import { inspect } from '@scenechain/supply-chain/dist/flows/inspect';
import * as queries from '@scenechain/supply-chain/dist/flows/queries';
import { receiveBatch, receivePallet } from '@scenechain/supply-chain/dist/flows/receive';
import { continueRecall, recall } from '@scenechain/supply-chain/dist/flows/recall';
import { registerProduct } from '@scenechain/supply-chain/dist/flows/register-product';
import { shipBatch, shipPallet } from '@scenechain/supply-chain/dist/flows/ship';
import { trace } from '@scenechain/supply-chain/dist/flows/trace';
import { transform } from '@scenechain/supply-chain/dist/flows/transform';
import { handlers, inspectors, producers, recallers } from '@scenechain/supply-chain/dist/parties';
import type { ScenarioSpec } from './scenario';

/** Supply-chain traceability: products, batches, pallets, transformations, inspections and recalls. */
export const supplyChain: ScenarioSpec = {
  id: 'supply-chain',
  chaincode: 'supply-chain',
  title: 'Supply chain',
  summary: 'Batches from production to shelf: custody hand-offs, inspections, recalls and provenance.',
  records: [
    { type: 'Batch', title: 'Batches', keyField: 'batchId', get: 'getBatch', history: 'batchHistory', columns: ['productId', 'quantity', 'custodian', 'location', 'receiver'] },
    { type: 'Pallet', title: 'Pallets', keyField: 'palletId', get: 'getPallet', history: 'palletHistory', columns: ['custodian', 'location', 'batches', 'receiver'] },
    { type: 'Product', title: 'Products', keyField: 'productId', get: 'getProduct', columns: ['owner'] },
    { type: 'Inspection', title: 'Inspections', keyField: 'inspectionId', columns: ['batchId', 'result'] },
    { type: 'Transformation', title: 'Transformations', keyField: 'transformationId', get: 'getTransformation', columns: ['inputs', 'outputs', 'location'] },
    { type: 'Recall', title: 'Recalls', keyField: 'recallId', get: 'getRecall', columns: ['rootBatchId', 'marked', 'pending'] },
  ],
  actions: [
    { transaction: 'registerProduct', flow: registerProduct, method: 'POST', path: '/products', summary: 'Register a product', tag: 'Products', allowed: producers },
    { transaction: 'listProducts', flow: queries.listProducts, method: 'GET', path: '/products', summary: 'List products', tag: 'Products' },
    { transaction: 'getProduct', flow: queries.getProduct, method: 'GET', path: '/products/:productId', summary: 'Read a product', tag: 'Products' },
    { transaction: 'listBatchesByProduct', flow: queries.listBatchesByProduct, method: 'GET', path: '/products/:productId/batches', summary: 'Batches of a product', tag: 'Batches' },
    { transaction: 'commission', flow: commission, method: 'POST', path: '/batches', summary: 'Commission a batch', tag: 'Batches', allowed: producers },
    { transaction: 'commissionMany', flow: commissionMany, method: 'POST', path: '/batches/bulk', summary: 'Commission many batches', tag: 'Batches', allowed: producers },
    { transaction: 'listBatchesByStatus', flow: queries.listBatchesByStatus, method: 'GET', path: '/batches', summary: 'Batches in one state', tag: 'Batches' },
    { transaction: 'getBatch', flow: queries.getBatch, method: 'GET', path: '/batches/:batchId', summary: 'Read a batch', tag: 'Batches' },
    { transaction: 'batchHistory', flow: queries.batchHistory, method: 'GET', path: '/batches/:batchId/history', summary: 'History of a batch', tag: 'Batches' },
    { transaction: 'shipBatch', flow: shipBatch, method: 'POST', path: '/batches/:batchId/ship', summary: 'Ship a batch', tag: 'Batches', allowed: handlers },
    { transaction: 'receiveBatch', flow: receiveBatch, method: 'POST', path: '/batches/:batchId/receive', summary: 'Receive a batch', tag: 'Batches', allowed: handlers },
    { transaction: 'inspect', flow: inspect, method: 'POST', path: '/batches/:batchId/inspections', summary: 'Record an inspection', tag: 'Batches', allowed: inspectors },
    { transaction: 'listInspections', flow: queries.listInspections, method: 'GET', path: '/batches/:batchId/inspections', summary: 'Inspections of a batch', tag: 'Batches' },
    { transaction: 'listBatchesByCustodian', flow: queries.listBatchesByCustodian, method: 'GET', path: '/orgs/:custodian/batches', summary: 'Batches an org holds', tag: 'Batches' },
    { transaction: 'listPalletsByCustodian', flow: queries.listPalletsByCustodian, method: 'GET', path: '/orgs/:custodian/pallets', summary: 'Pallets an org holds', tag: 'Pallets' },
    { transaction: 'aggregate', flow: aggregate, method: 'POST', path: '/pallets/:palletId/pack', summary: 'Pack batches on a pallet', tag: 'Pallets', allowed: handlers },
    { transaction: 'disaggregate', flow: disaggregate, method: 'POST', path: '/pallets/:palletId/unpack', summary: 'Unpack a pallet', tag: 'Pallets', allowed: handlers },
    { transaction: 'shipPallet', flow: shipPallet, method: 'POST', path: '/pallets/:palletId/ship', summary: 'Ship a pallet', tag: 'Pallets', allowed: handlers },
    { transaction: 'receivePallet', flow: receivePallet, method: 'POST', path: '/pallets/:palletId/receive', summary: 'Receive a pallet', tag: 'Pallets', allowed: handlers },
    { transaction: 'getPallet', flow: queries.getPallet, method: 'GET', path: '/pallets/:palletId', summary: 'Read a pallet', tag: 'Pallets' },
    { transaction: 'palletHistory', flow: queries.palletHistory, method: 'GET', path: '/pallets/:palletId/history', summary: 'History of a pallet', tag: 'Pallets' },
    { transaction: 'transform', flow: transform, method: 'POST', path: '/transformations', summary: 'Transform batches', tag: 'Transformations', allowed: producers },
    { transaction: 'getTransformation', flow: queries.getTransformation, method: 'GET', path: '/transformations/:transformationId', summary: 'Read a transformation', tag: 'Transformations' },
    { transaction: 'recall', flow: recall, method: 'POST', path: '/recalls', summary: 'Recall a batch', tag: 'Recalls', allowed: recallers },
    { transaction: 'continueRecall', flow: continueRecall, method: 'POST', path: '/recalls/:recallId/continue', summary: 'Continue a recall', tag: 'Recalls', allowed: recallers },
    { transaction: 'getRecall', flow: queries.getRecall, method: 'GET', path: '/recalls/:recallId', summary: 'Read a recall', tag: 'Recalls' },
    { transaction: 'trace', flow: trace, method: 'GET', path: '/items/:id/trace', summary: 'Trace provenance', tag: 'Provenance' },
  ],
};
