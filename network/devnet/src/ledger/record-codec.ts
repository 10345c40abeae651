import { readUint64, writeUint64 } from './key-layout';
import type { TxLocation, TxTimestamp, Version, VersionedValue } from './types';

/**
 * State record, in one of two layouts told apart by the first byte:
 * - blockNum u64 ‖ txNum u64 ‖ value, for keys without metadata (the original layout; a height below 2^53 always
 *   starts with a zero byte);
 * - 0x01 ‖ blockNum u64 ‖ txNum u64 ‖ metadata length u32 ‖ metadata ‖ value, for keys with state metadata
 *   (key-level endorsement policies). Ledgers written before metadata existed read unchanged.
 */
const WITH_METADATA = 0x01;

export function encodeState(value: Uint8Array, version: Version, metadata?: Uint8Array): Buffer {
  if (!metadata || metadata.length === 0) {
    const record = Buffer.allocUnsafe(16 + value.length);
    writeUint64(record, 0, version.blockNum);
    writeUint64(record, 8, version.txNum);
    record.set(value, 16);
    return record;
  }
  const record = Buffer.allocUnsafe(21 + metadata.length + value.length);
  record[0] = WITH_METADATA;
  writeUint64(record, 1, version.blockNum);
  writeUint64(record, 9, version.txNum);
  record.writeUInt32BE(metadata.length, 17);
  record.set(metadata, 21);
  record.set(value, 21 + metadata.length);
  return record;
}

export function decodeState(record: Uint8Array): VersionedValue {
  if (record[0] !== WITH_METADATA) {
    return {
      version: { blockNum: readUint64(record, 0), txNum: readUint64(record, 8) },
      value: record.subarray(16),
    };
  }
  const metadataEnd = 21 + Buffer.from(record.buffer, record.byteOffset, record.byteLength).readUInt32BE(17);
  return {
    version: { blockNum: readUint64(record, 1), txNum: readUint64(record, 9) },
    value: record.subarray(metadataEnd),
    metadata: record.subarray(21, metadataEnd),
  };
}

export interface HistoryRecord {
  readonly txId: string;
  readonly isDelete: boolean;
  readonly timestamp: TxTimestamp;
  readonly value: Uint8Array;
}

/**
 * History record: isDelete u8 ‖ seconds i64 ‖ nanos u32 ‖ txId length u16 ‖ txId ‖ value. Stored beside the key
 * instead of re-reading the transaction from its block as Fabric does: history reads need no block parsing.
 */
export function encodeHistory(entry: HistoryRecord): Buffer {
  const txId = Buffer.from(entry.txId, 'utf8');
  const record = Buffer.allocUnsafe(15 + txId.length + entry.value.length);
  record.writeUInt8(entry.isDelete ? 1 : 0, 0);
  record.writeBigInt64BE(BigInt(entry.timestamp.seconds), 1);
  record.writeUInt32BE(entry.timestamp.nanos, 9);
  record.writeUInt16BE(txId.length, 13);
  txId.copy(record, 15);
  record.set(entry.value, 15 + txId.length);
  return record;
}

export function decodeHistory(record: Buffer): HistoryRecord {
  const txIdEnd = 15 + record.readUInt16BE(13);
  return {
    isDelete: record.readUInt8(0) === 1,
    timestamp: { seconds: Number(record.readBigInt64BE(1)), nanos: record.readUInt32BE(9) },
    txId: record.toString('utf8', 15, txIdEnd),
    value: record.subarray(txIdEnd),
  };
}

/** Txid index record: blockNum u64 ‖ txNum u64 ‖ validation code u8. */
export function encodeTxLocation(location: TxLocation): Buffer {
  const record = Buffer.allocUnsafe(17);
  writeUint64(record, 0, location.blockNum);
  writeUint64(record, 8, location.txNum);
  record.writeUInt8(location.validationCode, 16);
  return record;
}

export function decodeTxLocation(record: Uint8Array): TxLocation {
  return { blockNum: readUint64(record, 0), txNum: readUint64(record, 8), validationCode: record[16] };
}

/** The channel's top: written in the same batch as the block it describes. */
export interface ChannelMeta {
  readonly height: number;
  readonly lastHeaderHash?: Uint8Array;
  /** Commit hash of the top block; empty until block 1 starts the chain. */
  readonly commitHash: Uint8Array;
  /** True once any key has been given state metadata: until then commits need no metadata look-ups. */
  readonly stateMetadata?: boolean;
}

export function encodeMeta(meta: ChannelMeta): Buffer {
  const hex = (bytes?: Uint8Array) => (bytes ? Buffer.from(bytes).toString('hex') : undefined);
  return Buffer.from(
    JSON.stringify({
      height: meta.height,
      lastHeaderHash: hex(meta.lastHeaderHash),
      commitHash: hex(meta.commitHash),
      stateMetadata: meta.stateMetadata || undefined,
    }),
  );
}

export function decodeMeta(record: Uint8Array | undefined): ChannelMeta {
  if (!record) return { height: 0, commitHash: new Uint8Array(0) };
  const parsed = JSON.parse(Buffer.from(record).toString('utf8')) as {
    height: number;
    lastHeaderHash?: string;
    commitHash: string;
    stateMetadata?: boolean;
  };
  return {
    height: parsed.height,
    lastHeaderHash: parsed.lastHeaderHash === undefined ? undefined : Buffer.from(parsed.lastHeaderHash, 'hex'),
    commitHash: Buffer.from(parsed.commitHash, 'hex'),
    stateMetadata: parsed.stateMetadata === true,
  };
}
