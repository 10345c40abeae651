import type { Gateway } from '@hyperledger/fabric-gateway';
import type { LedgerExplorer } from './ledger-explorer';

const MINUTE_MS = 60_000;
/** Blocks read per step, newest first (each one qscc call unless cached). */
const STEP = 8;

export interface ThroughputMinute {
  /** The minute's start (ISO, UTC). */
  readonly start: string;
  /** Transactions whose channel header timestamp falls in this minute. */
  readonly transactions: number;
  /** Of those, the ones the committer marked VALID. */
  readonly valid: number;
}

export interface Throughput {
  /** The window: `minutes` whole minutes ending with the minute of `now`. */
  readonly from: string;
  readonly to: string;
  readonly minutes: readonly ThroughputMinute[];
  readonly total: number;
  /** Blocks read, newest first; null when the ledger has none. */
  readonly scanned: { readonly fromBlock: number; readonly toBlock: number } | null;
  /** False when `maxBlocks` ran out before a block older than the window (the oldest minutes may be short). */
  readonly complete: boolean;
}

/**
 * Transactions per minute over the last `minutes` minutes before `now`, from the channel header timestamp of
 * each transaction (a block has no time of its own). Reads blocks from the newest down until one lies wholly
 * before the window, or `maxBlocks` were read: qscc only, so it works on any Fabric peer.
 */
export async function throughput(
  gateway: Gateway,
  ledger: LedgerExplorer,
  options: { readonly now: number; readonly minutes: number; readonly maxBlocks: number },
): Promise<Throughput> {
  const { now, minutes, maxBlocks } = options;
  const end = Math.floor(now / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
  const start = end - minutes * MINUTE_MS;
  const counts = Array.from({ length: minutes }, () => ({ transactions: 0, valid: 0 }));
  const { height } = await ledger.chainInfo(gateway);
  let next = height - 1;
  let complete = false;
  while (!complete && next >= 0 && height - 1 - next < maxBlocks) {
    const numbers: number[] = [];
    for (let n = next; n >= 0 && numbers.length < STEP && height - 1 - n < maxBlocks; n--) numbers.push(n);
    for (const block of await ledger.blocksOf(gateway, numbers)) {
      next = block.number - 1;
      let newest = -Infinity;
      for (const tx of block.transactions) {
        const at = tx.timestamp ? Date.parse(tx.timestamp) : NaN;
        if (Number.isNaN(at)) continue;
        newest = Math.max(newest, at);
        if (at < start || at >= end) continue;
        const bucket = counts[Math.floor((at - start) / MINUTE_MS)];
        bucket.transactions++;
        if (tx.validationCode === 'VALID') bucket.valid++;
      }
      // Clients stamp their own proposals, so order is loose; a whole block before the window ends the walk.
      if (newest < start && newest !== -Infinity) {
        complete = true;
        break;
      }
    }
  }
  if (next < 0) complete = true;
  return {
    from: new Date(start).toISOString(),
    to: new Date(end).toISOString(),
    minutes: counts.map((c, i) => ({ start: new Date(start + i * MINUTE_MS).toISOString(), ...c })),
    total: counts.reduce((sum, c) => sum + c.transactions, 0),
    scanned: height > 0 ? { fromBlock: next + 1, toBlock: height - 1 } : null,
    complete,
  };
}
