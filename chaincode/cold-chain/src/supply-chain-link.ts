import {
  ConflictError,
  decodeChaincodeError,
  ForbiddenError,
  InternalError,
  NotFoundError,
  requireDistinct,
  type Check,
  type Scene,
} from '@scenechain/scene-kit';
import type { Shipment } from './records';

/** The supply-chain chaincode on the same channel (network/topology.yaml) and its batch query. */
const SUPPLY_CHAIN = 'supply-chain';
const GET_BATCH = 'SupplyChain:getBatch';
/** Batches that may go on the road: not consumed, quarantined, recalled or already in transit. */
const SHIPPABLE = ['ACTIVE', 'PACKED'];
const utf8 = new TextDecoder();

interface Batch {
  custodian: string;
  status: string;
}

/**
 * A batch as supply-chain answers it, asked in this transaction under the submitter's identity (a read-only
 * chaincode-to-chaincode call: its reads are validated with ours, nothing is written there); undefined if absent.
 */
async function supplyChainBatch(scene: Scene, batchId: string): Promise<Batch | undefined> {
  const args = [GET_BATCH, JSON.stringify({ batchId })];
  const response = await scene.stub.invokeChaincode(SUPPLY_CHAIN, args, '').catch((thrown: Error) => {
    throw new InternalError(`the ${SUPPLY_CHAIN} chaincode could not be asked for batch ${batchId}: ${thrown.message}`);
  });
  if (response.status === 200) return (JSON.parse(utf8.decode(response.payload)) as { data: Batch }).data;
  if (decodeChaincodeError(response.message ?? '')?.code === 'NOT_FOUND') return undefined;
  throw new InternalError(`${SUPPLY_CHAIN} answered ${response.status} for batch ${batchId}: ${response.message}`);
}

/** Every batch a shipment names exists in the supply chain, is held by the shipper and may be shipped. */
export const batchesShippable: Check<Shipment> = async ({ scene, record: { batchIds, shipper } }) => {
  requireDistinct(batchIds, 'batchIds');
  for (const batchId of batchIds) {
    const batch = await supplyChainBatch(scene, batchId);
    if (!batch) return new NotFoundError(`batch ${batchId} is not in the supply chain`);
    if (batch.custodian !== shipper) {
      return new ForbiddenError(
        `batch ${batchId} is held by ${batch.custodian}; only its holder may consign it, ${shipper} may not`,
      );
    }
    if (!SHIPPABLE.includes(batch.status)) {
      return new ConflictError(
        `batch ${batchId} is ${batch.status}; only ${SHIPPABLE.join(' or ')} batches may be consigned`,
      );
    }
  }
  return undefined;
};
