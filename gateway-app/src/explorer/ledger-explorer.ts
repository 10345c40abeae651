import { GatewayError, type Gateway } from '@hyperledger/fabric-gateway';
import { common, peer } from '@hyperledger/fabric-protos';
import { AppError, notFound } from '../errors/app-error';
import { toAppError } from '../fabric/fabric-error';
import { decodeBlock, type DecodedBlock } from './block-decode';
import { bytesOf, MalformedLedgerData, parseProto } from '../fabric/proto-read';
import { decodeTransaction, type TransactionDetail } from './tx-decode';

/** Decoded blocks kept in memory (blocks never change once committed). */
const CACHED_BLOCKS = 256;
/** Blocks fetched from the peer at once. */
const FETCH_CONCURRENCY = 8;
/** qscc's wording (Fabric's and the dev network's) for a transaction ID the peer's ledger does not hold. */
const NOT_ON_LEDGER = /no such transaction ID/;

export interface ChainInfo {
  readonly height: number;
  readonly currentBlockHash: string;
}

export interface LocatedTransaction {
  readonly blockNumber: number;
  readonly transaction: TransactionDetail;
}

function malformed(err: MalformedLedgerData): AppError {
  return new AppError(502, 'MALFORMED_LEDGER_DATA', `the peer answered bytes the explorer cannot read: ${err.message}`);
}

/**
 * Reads the channel's ledger through standard peer APIs only (the qscc system chaincode through the Fabric
 * gateway), so it works the same on the dev network and on a real Fabric network. Every call runs as the
 * caller's gateway (their own identity, through their org's peer) and is bounded by the pool's evaluate deadline.
 */
export class LedgerExplorer {
  private readonly blocks = new Map<number, DecodedBlock>();

  constructor(readonly channel: string) {}

  private async qscc(gateway: Gateway, fn: string, ...args: string[]): Promise<Uint8Array> {
    try {
      return await gateway
        .getNetwork(this.channel)
        .getContract('qscc')
        .evaluateTransaction(fn, this.channel, ...args);
    } catch (err) {
      throw toAppError(err);
    }
  }

  async chainInfo(gateway: Gateway): Promise<ChainInfo> {
    const bytes = await this.qscc(gateway, 'GetChainInfo');
    try {
      const info = parseProto('chain info', bytes, common.BlockchainInfo);
      return {
        height: info.getHeight(),
        currentBlockHash: Buffer.from(bytesOf(info.getCurrentblockhash())).toString('hex'),
      };
    } catch (err) {
      if (err instanceof MalformedLedgerData) throw malformed(err);
      throw err;
    }
  }

  /** Block `number`, which the caller has checked is below the height. */
  async block(gateway: Gateway, number: number): Promise<DecodedBlock> {
    const cached = this.blocks.get(number);
    if (cached) {
      // Refreshed as most recently used.
      this.blocks.delete(number);
      this.blocks.set(number, cached);
      return cached;
    }
    const bytes = await this.qscc(gateway, 'GetBlockByNumber', String(number));
    let block: DecodedBlock;
    try {
      block = decodeBlock(bytes);
    } catch (err) {
      if (err instanceof MalformedLedgerData) throw malformed(err);
      throw err;
    }
    if (block.number !== number)
      throw new AppError(502, 'MALFORMED_LEDGER_DATA', `asked for block ${number}, the peer answered ${block.number}`);
    this.remember(block);
    return block;
  }

  /** Blocks `numbers`, fetched a few at a time, in the order given. */
  async blocksOf(gateway: Gateway, numbers: readonly number[]): Promise<DecodedBlock[]> {
    const found: DecodedBlock[] = [];
    for (let i = 0; i < numbers.length; i += FETCH_CONCURRENCY)
      found.push(...(await Promise.all(numbers.slice(i, i + FETCH_CONCURRENCY).map((n) => this.block(gateway, n)))));
    return found;
  }

  /** Keeps a decoded block (from qscc or a block event) for the block pages. */
  remember(block: DecodedBlock): void {
    this.blocks.set(block.number, block);
    if (this.blocks.size > CACHED_BLOCKS) this.blocks.delete(this.blocks.keys().next().value!);
  }

  /** A committed transaction by ID (qscc GetTransactionByID and GetBlockByTxID): 404 TRANSACTION_NOT_FOUND. */
  async transaction(gateway: Gateway, txId: string): Promise<LocatedTransaction> {
    let processedBytes: Uint8Array;
    let blockBytes: Uint8Array;
    try {
      const contract = gateway.getNetwork(this.channel).getContract('qscc');
      [processedBytes, blockBytes] = await Promise.all([
        contract.evaluateTransaction('GetTransactionByID', this.channel, txId),
        contract.evaluateTransaction('GetBlockByTxID', this.channel, txId),
      ]);
    } catch (err) {
      if (
        err instanceof GatewayError &&
        [err.message, ...err.details.map((d) => d.message)].some((m) => NOT_ON_LEDGER.test(m))
      )
        throw notFound('TRANSACTION_NOT_FOUND', `the ledger has no transaction ${txId}`);
      throw toAppError(err);
    }
    try {
      const processed = parseProto('processed transaction', processedBytes, peer.ProcessedTransaction);
      const envelope = processed.getTransactionenvelope();
      if (!envelope) throw new MalformedLedgerData('processed transaction: no envelope');
      const transaction = decodeTransaction(envelope.serializeBinary(), processed.getValidationcode());
      // Only the header is needed for the block's number; the whole block is cached for the block page.
      const block = decodeBlock(blockBytes);
      this.remember(block);
      return { blockNumber: block.number, transaction };
    } catch (err) {
      if (err instanceof MalformedLedgerData) throw malformed(err);
      throw err;
    }
  }
}
