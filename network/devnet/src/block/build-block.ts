import { common } from '@hyperledger/fabric-protos';
import { blockDataHash } from './data-hash';
import type { BlockHeaderFields } from './header-hash';
import { lastConfigMetadata, ordererBlockMetadataValue, signaturesMetadata } from './metadata';
import type { BlockSigner } from './signer';
import { transactionsFilter } from './transactions-filter';

/** What a block holds apart from its signature. */
export interface BlockContents {
  readonly number: number;
  /** Header hash of the previous block; empty for block 0. */
  readonly previousHash: Uint8Array;
  /** Serialized common.Envelope bytes, in order. */
  readonly envelopes: readonly Uint8Array[];
  /** One peer.TxValidationCode per envelope: the committing peer's TRANSACTIONS_FILTER. */
  readonly validationCodes: readonly number[];
  /** Number of the newest config block at or before this one. */
  readonly lastConfigIndex: number;
  /** Consensus-specific bytes for OrdererBlockMetadata.consenter_metadata; leave out for solo-style ordering. */
  readonly consenterMetadata?: Uint8Array;
}

export interface BuildBlockInput extends BlockContents {
  /** The orderer identity that signs the block. */
  readonly signer: BlockSigner;
}

/** Number of metadata entries a Fabric block carries (common.BlockMetadataIndex has five). */
export const METADATA_ENTRIES = 5;

/**
 * A block as a Fabric 2.5 orderer writes it and a committing peer annotates it: header with data hash, orderer
 * signature in SIGNATURES, LAST_CONFIG, and the validation codes in TRANSACTIONS_FILTER. COMMIT_HASH stays empty:
 * like Fabric's kvledger, the ledger fills it at commit time because it depends on the state updates.
 */
export function buildBlock(input: BuildBlockInput): common.Block {
  return assembleBlock(input, input.signer);
}

/** {@link buildBlock} with an optional signer: unsigned blocks exist only as configtxgen's block 0. */
export function assembleBlock(contents: BlockContents, signer: BlockSigner | undefined): common.Block {
  if (contents.validationCodes.length !== contents.envelopes.length) {
    throw new RangeError(
      `block ${contents.number}: ${contents.validationCodes.length} validation codes for ${contents.envelopes.length} envelopes`,
    );
  }
  const header = new common.BlockHeader();
  header.setNumber(contents.number);
  header.setPreviousHash(contents.previousHash);
  header.setDataHash(blockDataHash(contents.envelopes));
  const data = new common.BlockData();
  data.setDataList([...contents.envelopes]);

  const entries: Uint8Array[] = Array.from({ length: METADATA_ENTRIES }, () => new Uint8Array(0));
  const value = ordererBlockMetadataValue(contents.lastConfigIndex, contents.consenterMetadata);
  entries[common.BlockMetadataIndex.SIGNATURES] = signaturesMetadata(fieldsOf(header), value, signer);
  entries[common.BlockMetadataIndex.LAST_CONFIG] = lastConfigMetadata(contents.lastConfigIndex);
  entries[common.BlockMetadataIndex.TRANSACTIONS_FILTER] = transactionsFilter(contents.validationCodes);
  const metadata = new common.BlockMetadata();
  metadata.setMetadataList(entries);

  const block = new common.Block();
  block.setHeader(header);
  block.setData(data);
  block.setMetadata(metadata);
  return block;
}

function fieldsOf(header: common.BlockHeader): BlockHeaderFields {
  return {
    number: header.getNumber(),
    previousHash: header.getPreviousHash_asU8(),
    dataHash: header.getDataHash_asU8(),
  };
}

/** The hashed header fields of a built or parsed block. */
export function headerFields(block: common.Block): BlockHeaderFields {
  const header = block.getHeader();
  if (!header) throw new TypeError('block has no header');
  return fieldsOf(header);
}
