import { common, peer, type ledger } from '@hyperledger/fabric-protos';
import { toFilteredBlock } from './filtered-block';

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
  return delimited(RESPONSE_FIELD.block, [block]);
}

/** DeliverResponse{filtered_block}. */
export function filteredBlockResponse(block: Uint8Array): Uint8Array {
  const response = new peer.DeliverResponse();
  response.setFilteredBlock(toFilteredBlock(common.Block.deserializeBinary(block)));
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
  const inner = [delimitedHeader(BLOCK_FIELD, block.length), block, withMap.serializeBinary()];
  return delimited(RESPONSE_FIELD.blockAndPrivateData, inner);
}

/** A length-delimited field holding the concatenation of `parts`. */
function delimited(field: number, parts: readonly Uint8Array[]): Uint8Array {
  const length = parts.reduce((sum, part) => sum + part.length, 0);
  return Buffer.concat([delimitedHeader(field, length), ...parts]);
}

function delimitedHeader(field: number, length: number): Buffer {
  return Buffer.from([...varint(field * 8 + 2), ...varint(length)]);
}

function varint(value: number): number[] {
  const bytes: number[] = [];
  while (value >= 0x80) {
    bytes.push((value % 0x80) | 0x80);
    value = Math.floor(value / 0x80);
  }
  bytes.push(value);
  return bytes;
}
