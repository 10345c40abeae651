import { common } from '@hyperledger/fabric-protos';
import { bytesOf, MalformedLedgerData, parseProto } from '../fabric/proto-read';
import { decodeTransaction, summaryOf, type TransactionDetail, type TransactionSummary } from './tx-decode';

/** Validation code Fabric's committer gives a transaction it has not validated (no filter entry). */
const NOT_VALIDATED = 254;

export interface BlockHeaderFacts {
  readonly number: number;
  /** Hex SHA-256 of the block's data, as its header states it. */
  readonly dataHash: string;
  readonly previousHash: string;
  readonly txCount: number;
  /** The first transaction's timestamp (a block carries no time of its own), null for an empty block. */
  readonly time: string | null;
}

export interface DecodedBlock extends BlockHeaderFacts {
  readonly transactions: readonly TransactionDetail[];
}

export interface BlockView extends BlockHeaderFacts {
  readonly transactions: readonly (TransactionSummary & { readonly index: number })[];
}

/**
 * Decodes a block as qscc's GetBlockByNumber returns it (common.Block). Throws MalformedLedgerData when the block
 * itself is unreadable; a damaged transaction inside a readable block is reported on that transaction only.
 */
export function decodeBlock(bytes: Uint8Array): DecodedBlock {
  const block = parseProto('block', bytes, common.Block);
  const header = block.getHeader();
  if (!header) throw new MalformedLedgerData('block: no header');
  const envelopes = block.getData()?.getDataList() ?? [];
  const metadata = block.getMetadata()?.getMetadataList() ?? [];
  const filter = metadata[common.BlockMetadataIndex.TRANSACTIONS_FILTER];
  const codes = filter === undefined ? new Uint8Array() : bytesOf(filter);
  const transactions = envelopes.map((envelope, i) =>
    decodeTransaction(bytesOf(envelope), i < codes.length ? codes[i] : NOT_VALIDATED),
  );
  return {
    number: header.getNumber(),
    dataHash: Buffer.from(bytesOf(header.getDataHash())).toString('hex'),
    previousHash: Buffer.from(bytesOf(header.getPreviousHash())).toString('hex'),
    txCount: envelopes.length,
    time: transactions.find((t) => t.timestamp)?.timestamp ?? null,
    transactions,
  };
}

/** A decoded block as its page shows it: header facts and each transaction's summary. */
export function blockView(block: DecodedBlock): BlockView {
  return { ...headerOf(block), transactions: block.transactions.map((t, index) => ({ index, ...summaryOf(t) })) };
}

export function headerOf(block: DecodedBlock): BlockHeaderFacts {
  const { number, dataHash, previousHash, txCount, time } = block;
  return { number, dataHash, previousHash, txCount, time };
}
