import {
  defineScenario,
  evaluateFlow,
  getByFieldFlow,
  getFlow,
  historyFlow,
  identifier,
  listFlow,
  mspId,
  pageFields,
} from '@scenechain/scene-kit';
import { z } from 'zod';
import {
  aggregate,
  cancelBatchShipment,
  cancelPalletShipment,
  disaggregate,
  receiveBatch,
  receivePallet,
  shipBatch,
  shipPallet,
} from './custody';
import { batchLife, palletLife, recallLife, saleLife } from './machines';
import { authorities, traceabilityReaders as readers } from './parties';
import { commission, commissionMany, inspect, registerProduct, transform } from './production';
import { trace } from './provenance';
import { continueRecall, recall } from './recall';
import { recallStockSum } from './recall-stock';
import { batchStatuses, inspections, palletStatuses, products, transformations } from './records';
import { labels } from './labels';
import { saleStatuses } from './sale-records';
import { confirmSale, getOwnSaleTerms, keepSaleTerms, proposeSale, verifySaleTerms, withdrawSale } from './sales';

/** Who holds what: an org's batches or pallets, optionally in one state. */
const byCustodian = (statuses: readonly [string, ...string[]]) => ({
  custodian: mspId,
  status: z.enum(statuses).optional(),
});

/** Supply chain traceability, in the order goods move. */
export const scenario = defineScenario({
  id: 'supply-chain',
  contract: 'SupplyChain',
  title: 'Supply chain traceability',
  summary: 'Batches from production to shelf: custody hand-offs, inspections, recalls and provenance.',
  version: '1.0',
  authorities,
  labels,
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
      type: saleLife,
      title: 'Sales',
      collection: 'sales',
      get: 'getSale',
      columns: ['seller', 'buyer', 'batchId', 'quantity'],
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
    keepSaleTerms,
    proposeSale,
    confirmSale,
    withdrawSale,
    getOwnSaleTerms,
    verifySaleTerms,
    transform,
    inspect,
    recall,
    continueRecall,
    trace,
    ...recallStockSum,
    getProduct: getByFieldFlow(products, 'productId', { description: 'A product.', readers }),
    getBatch: getFlow(batchLife, { description: 'A batch.', readers }),
    getPallet: getFlow(palletLife, { description: 'A pallet.', readers }),
    getTransformation: getByFieldFlow(transformations, 'transformationId', {
      description: 'A transformation.',
      readers,
    }),
    getSale: getFlow(saleLife, { description: 'A sale: parties, batch, quantity and the hash of its terms.', readers }),
    listSalesBySeller: listFlow(saleLife, 'bySeller', {
      description: 'Sales an org made, optionally in one state.',
      readers,
      filters: { seller: mspId, status: z.enum(saleStatuses).optional() },
    }),
    listSalesByBuyer: listFlow(saleLife, 'byBuyer', {
      description: 'Sales made to an org, optionally in one state.',
      readers,
      filters: { buyer: mspId, status: z.enum(saleStatuses).optional() },
    }),
    getRecall: getFlow(recallLife, { description: 'A recall and how far it got.', readers }),
    // Not a listFlow: without an owner it lists every product by ID, not in the byOwner index's order.
    listProducts: evaluateFlow({
      description: 'Products of one brand owner, or all products, by ID.',
      request: z.strictObject({ owner: mspId.optional(), ...pageFields }),
      on: products,
      readers,
      run: (scene, { owner, ...page }) =>
        owner ? products.list(scene, 'byOwner', [owner], page) : products.listByKey(scene, [], page),
    }),
    listBatchesByCustodian: listFlow(batchLife, 'byCustodian', {
      description: 'Batches an org holds, optionally in one state.',
      readers,
      filters: byCustodian(batchStatuses),
    }),
    listBatchesByStatus: listFlow(batchLife, 'byStatus', {
      description: 'Batches in one state, e.g. every RECALLED batch.',
      readers,
      filters: { status: z.enum(batchStatuses) },
    }),
    listBatchesByProduct: listFlow(batchLife, 'byProduct', {
      description: 'Batches of one product.',
      readers,
      filters: { productId: identifier },
    }),
    listPalletsByCustodian: listFlow(palletLife, 'byCustodian', {
      description: 'Pallets an org holds, optionally in one state.',
      readers,
      filters: byCustodian(palletStatuses),
    }),
    listInspections: listFlow(inspections, 'byBatch', {
      description: 'Inspections of one batch.',
      readers,
      filters: { batchId: identifier },
    }),
    batchHistory: historyFlow(batchLife, {
      description: 'Every version of a batch, newest first, with the transaction, time, actor and transition of each.',
      readers,
    }),
    palletHistory: historyFlow(palletLife, { description: 'Every version of a pallet, newest first.', readers }),
  },
});
