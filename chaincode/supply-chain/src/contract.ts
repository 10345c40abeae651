import { sceneContract } from '@scenechain/scene-kit/contract';
import { authorities } from './parties';
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

/** Supply chain traceability, in the order goods move. */
export const SupplyChainContract = sceneContract({
  name: 'SupplyChain',
  title: 'Supply chain traceability',
  version: '1.0',
  authorities,
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
