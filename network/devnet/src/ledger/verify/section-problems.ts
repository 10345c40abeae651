import { readUint64 } from '../key-layout';
import { decodeMeta, decodeState, decodeTxLocation } from '../record-codec';
import type { Version } from '../types';
import { LedgerProblem } from './ledger-problem';
import type { Difference } from './section-differences';
import { codeName } from './tx-revalidation';

/** Splits `<text>\0` at `offset`. */
function term(key: Buffer, offset: number): [string, number] {
  const end = key.indexOf(0, offset);
  return end < 0 ? [key.toString('utf8', offset), key.length] : [key.toString('utf8', offset, end), end + 1];
}

const at = (version: Version): string => `block ${version.blockNum} tx ${version.txNum}`;
const sides = (difference: Difference): string =>
  difference.stored === undefined
    ? 'is missing from the ledger'
    : difference.replayed === undefined
      ? 'is in the ledger but no block accounts for it'
      : 'differs from what the blocks give';

/** A world state key (`<ns>\0<key>`) on which stored state and the replay of the valid write sets disagree. */
export function stateProblem(difference: Difference, prefixLength: number): LedgerProblem {
  const [namespace, offset] = term(difference.key, prefixLength);
  const key = difference.key.toString('utf8', offset);
  const stored = difference.stored && decodeState(difference.stored).version;
  const replayed = difference.replayed && decodeState(difference.replayed).version;
  const version = replayed ?? stored!;
  let detail: string;
  if (stored && replayed) {
    detail = `stored value (version ${at(stored)}) is not the one ${at(replayed)} wrote`;
  } else if (stored) {
    detail = `stored with version ${at(stored)}, but no valid transaction left it in state`;
  } else {
    detail = `written by ${at(replayed!)}, but missing from the stored state`;
  }
  return new LedgerProblem(
    `world state ${namespace}/${JSON.stringify(key)}: ${detail}`,
    version.blockNum,
    version.txNum,
  );
}

/** A history entry (`<ns>\0<len u32><key><block u64><tx u64>`). */
export function historyProblem(difference: Difference, prefixLength: number): LedgerProblem {
  const [namespace, offset] = term(difference.key, prefixLength);
  const length = difference.key.readUInt32BE(offset);
  const key = difference.key.toString('utf8', offset + 4, offset + 4 + length);
  const blockNum = readUint64(difference.key, offset + 4 + length);
  const txNum = readUint64(difference.key, offset + 12 + length);
  return new LedgerProblem(
    `history index entry of ${namespace}/${JSON.stringify(key)} ${sides(difference)}`,
    blockNum,
    txNum,
  );
}

/** A txid index entry (`<txid>` → block, tx, code). */
export function txIndexProblem(difference: Difference, prefixLength: number): LedgerProblem {
  const txId = difference.key.toString('utf8', prefixLength);
  const describe = (record?: Buffer): string => {
    if (!record) return 'none';
    const location = decodeTxLocation(record);
    return `${at(location)} ${codeName(location.validationCode)}`;
  };
  const location = decodeTxLocation((difference.replayed ?? difference.stored)!);
  return new LedgerProblem(
    `txid index entry of ${txId} ${sides(difference)} (stored: ${describe(difference.stored)}; blocks: ${describe(difference.replayed)})`,
    location.blockNum,
    location.txNum,
  );
}

/** A block-hash index entry (header hash → block number). */
export function blockHashProblem(difference: Difference, prefixLength: number): LedgerProblem {
  const hash = difference.key.subarray(prefixLength).toString('hex');
  const value = (difference.replayed ?? difference.stored)!;
  const number = value.length === 8 ? readUint64(value, 0) : undefined;
  return new LedgerProblem(`block-hash index entry ${hash} ${sides(difference)}`, number);
}

/** A block key beyond the channel's recorded height. */
export function blockProblem(difference: Difference, prefixLength: number, height: number): LedgerProblem {
  const number = difference.key.length === prefixLength + 8 ? readUint64(difference.key, prefixLength) : undefined;
  return new LedgerProblem(`stored beyond the channel's recorded height ${height}`, number);
}

/** The channel's top record (height, last header hash, commit hash). */
export function metaProblem(difference: Difference): LedgerProblem {
  const describe = (record?: Buffer): string => {
    if (!record) return 'none';
    try {
      const meta = decodeMeta(record);
      const hex = (bytes?: Uint8Array) => (bytes ? Buffer.from(bytes).toString('hex').slice(0, 16) : '-');
      return `height ${meta.height}, last header hash ${hex(meta.lastHeaderHash)}…, commit hash ${hex(meta.commitHash)}…`;
    } catch {
      return 'unreadable';
    }
  };
  return new LedgerProblem(
    `the channel's top record does not match its blocks (stored: ${describe(difference.stored)}; blocks: ${describe(difference.replayed)})`,
  );
}

/**
 * A hashed private state key (`<ns>\0<coll>\0<keyHash>`). A key the replay has but the ledger lacks may have expired
 * (blockToLive is not recorded in the ledger): that is returned as undefined, to be counted, not reported.
 */
export function hashedProblem(difference: Difference, prefixLength: number): LedgerProblem | undefined {
  if (difference.stored === undefined) return undefined;
  const [namespace, offset] = term(difference.key, prefixLength);
  const [collection, hashAt] = term(difference.key, offset);
  const keyHash = difference.key.subarray(hashAt).toString('hex');
  const stored = decodeState(difference.stored).version;
  const replayed = difference.replayed && decodeState(difference.replayed).version;
  const detail = replayed
    ? `stored value hash (version ${at(stored)}) is not the one ${at(replayed)} wrote`
    : `stored with version ${at(stored)}, but no valid transaction left it in the hashed state`;
  const version = replayed ?? stored;
  return new LedgerProblem(
    `hashed private state ${namespace}/${collection}/${keyHash}: ${detail}`,
    version.blockNum,
    version.txNum,
  );
}
