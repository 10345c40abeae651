import type { Gateway } from '@hyperledger/fabric-gateway';
import { badRequest } from '../errors/app-error';
import type { LedgerExplorer } from './ledger-explorer';

/** Newest blocks a key search reads (cached blocks cost nothing; the rest one qscc call each). */
export const KEY_SCAN_BLOCKS = 200;
/** Longest search text. */
const MAX_QUERY = 256;

/** A transaction ID: 64 hex digits (the SHA-256 of nonce and creator), answered in lower case. */
export function parseTxId(text: string): string | undefined {
  return /^[0-9a-fA-F]{64}$/.test(text) ? text.toLowerCase() : undefined;
}

/** A block number: decimal digits within JavaScript's safe integers. */
export function parseBlockNumber(text: string): number | undefined {
  if (!/^[0-9]{1,16}$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}

export interface KeyWriter {
  readonly txId: string;
  readonly blockNumber: number;
  readonly namespace: string;
  readonly key: string;
  readonly isDelete: boolean;
  readonly validationCode: string;
  readonly timestamp: string | null;
}

export type SearchAnswer =
  | { readonly kind: 'transaction'; readonly txId: string; readonly blockNumber: number }
  | { readonly kind: 'block'; readonly blockNumber: number }
  | {
      readonly kind: 'key';
      readonly key: string;
      /** Transactions in the scanned blocks that wrote a key equal to the query or with it as a composite key part. */
      readonly writers: readonly KeyWriter[];
      readonly scanned: { readonly fromBlock: number; readonly toBlock: number };
      /** False when older blocks were not read: the key may have been written there too. */
      readonly complete: boolean;
    }
  | { readonly kind: 'none'; readonly query: string };

/** Whether a ledger key is `query` or a composite key (`\0type\0attr\0...`) one of whose parts is `query`. */
function keyMatches(key: string, query: string): boolean {
  return key === query || (key.startsWith('\u0000') && key.split('\u0000').includes(query));
}

/**
 * Search by transaction ID, block number or ledger key. A key is looked up in the newest KEY_SCAN_BLOCKS blocks
 * only: no standard peer API indexes keys across chaincodes (a chaincode's own GetHistoryForKey serves one
 * record at a time), so the answer says which blocks were read.
 */
export async function searchLedger(gateway: Gateway, ledger: LedgerExplorer, rawQuery: string): Promise<SearchAnswer> {
  const query = rawQuery.trim();
  if (query.length === 0) throw badRequest('INVALID_QUERY', 'search for a transaction ID, a block number or a key');
  if (query.length > MAX_QUERY) throw badRequest('INVALID_QUERY', `search text longer than ${MAX_QUERY} characters`);
  const { height } = await ledger.chainInfo(gateway);
  const txId = parseTxId(query);
  if (txId) {
    try {
      const found = await ledger.transaction(gateway, txId);
      return { kind: 'transaction', txId, blockNumber: found.blockNumber };
    } catch (err) {
      if ((err as { code?: string }).code !== 'TRANSACTION_NOT_FOUND') throw err;
    }
  }
  const blockNumber = parseBlockNumber(query);
  if (blockNumber !== undefined && blockNumber < height) return { kind: 'block', blockNumber };
  const toBlock = height - 1;
  const fromBlock = Math.max(0, height - KEY_SCAN_BLOCKS);
  const numbers = Array.from({ length: toBlock - fromBlock + 1 }, (_, i) => toBlock - i);
  const writers: KeyWriter[] = [];
  for (const block of await ledger.blocksOf(gateway, numbers)) {
    for (const tx of block.transactions)
      for (const ns of tx.readWriteSets)
        for (const write of ns.writes)
          if (keyMatches(write.key, query))
            writers.push({
              txId: tx.txId,
              blockNumber: block.number,
              namespace: ns.namespace,
              key: write.key,
              isDelete: write.isDelete,
              validationCode: tx.validationCode,
              timestamp: tx.timestamp,
            });
  }
  if (writers.length === 0 && (txId || blockNumber !== undefined)) return { kind: 'none', query };
  return { kind: 'key', key: query, writers, scanned: { fromBlock, toBlock }, complete: fromBlock === 0 };
}
