import { common, peer, type ledger } from '@hyperledger/fabric-protos';
import { delimitedField } from '../wire/hand-framed';
import { toFilteredBlock } from './filtered-block';
import { decode } from '../wire';

type StatusCode = common.StatusMap[keyof common.StatusMap];

/** peer.DeliverResponse field numbers (events.proto). */
const RESPONSE_FIELD = { block: 2, blockAndPrivateData: 4 } as const;
/** peer.BlockAndPrivateData.block */
const BLOCK_FIELD = 1;

/** DeliverResponse{status}. */
export function statusResponse(status: StatusCode): Uint8Array {
  const response = new peer.DeliverResponse();
  response.setStatus(status);
  return response.serializeBinary();
}

/** DeliverResponse{block}, carrying the block's stored bytes unchanged. */
export function blockResponse(block: Uint8Array): Uint8Array {
  return delimitedField(RESPONSE_FIELD.block, [block]);
}

/** DeliverResponse{filtered_block}. */
export function filteredBlockResponse(block: Uint8Array): Uint8Array {
  const response = new peer.DeliverResponse();
  response.setFilteredBlock(toFilteredBlock(decode(common.Block, block)));
  return response.serializeBinary();
}

/** DeliverResponse{block_and_private_data{block, private_data_map}}, the block as stored. */
export function blockAndPrivateDataResponse(
  block: Uint8Array,
  privateData: ReadonlyMap<number, ledger.rwset.TxPvtReadWriteSet>,
): Uint8Array {
  const withMap = new peer.BlockAndPrivateData();
  const map = withMap.getPrivateDataMapMap();
  for (const [txNum, rwset] of [...privateData].sort(([a], [b]) => a - b)) map.set(txNum, rwset);
  const inner = [delimitedField(BLOCK_FIELD, [block]), withMap.serializeBinary()];
  return delimitedField(RESPONSE_FIELD.blockAndPrivateData, inner);
}
