import { common } from '@hyperledger/fabric-protos';
import { blockDataHash, blockHeaderBytes, blockHeaderHash, headerFields, type BlockHeaderFields } from '../../block';
import type { MembershipRegistry } from '../../identity';
import { decode } from '../../wire';
import { LedgerProblem } from './ledger-problem';

/** A stored block that decoded, chains to its predecessor and carries the data it hashes. */
export interface CheckedBlock {
  readonly block: common.Block;
  readonly header: BlockHeaderFields;
  readonly headerHash: Uint8Array;
  readonly envelopes: Uint8Array[];
  /** TRANSACTIONS_FILTER: one validation code per transaction. */
  readonly filter: Uint8Array;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/**
 * The checks of one stored block that need nothing but the block and its predecessor: it decodes, and re-encodes
 * to the very bytes stored (so no byte can hide in an unknown field); its number is its place; previous_hash is
 * the previous block's header hash; data_hash is the hash of its envelopes; and TRANSACTIONS_FILTER has one code
 * per envelope.
 */
export function checkBlock(number: number, bytes: Uint8Array, previousHash: Uint8Array | undefined): CheckedBlock {
  let block: common.Block;
  try {
    block = decode(common.Block, bytes);
  } catch (err) {
    throw new LedgerProblem(`stored bytes are not a common.Block: ${(err as Error).message}`, number);
  }
  if (!Buffer.from(block.serializeBinary()).equals(Buffer.from(bytes))) {
    throw new LedgerProblem('stored bytes are not the encoding of the block they decode to (altered bytes)', number);
  }
  let header: BlockHeaderFields;
  try {
    header = headerFields(block);
  } catch (err) {
    throw new LedgerProblem(`unreadable header: ${(err as Error).message}`, number);
  }
  if (header.number !== number) throw new LedgerProblem(`header says block number ${header.number}`, number);
  if (previousHash && !Buffer.from(previousHash).equals(Buffer.from(header.previousHash))) {
    throw new LedgerProblem(
      `previous_hash ${hex(header.previousHash)} is not the header hash of block ${number - 1} (${hex(previousHash)})`,
      number,
    );
  }
  const envelopes = block.getData()?.getDataList_asU8() ?? [];
  const dataHash = blockDataHash(envelopes);
  if (!Buffer.from(dataHash).equals(Buffer.from(header.dataHash))) {
    throw new LedgerProblem(
      `data_hash ${hex(header.dataHash)} does not match its ${envelopes.length} transaction(s) (${hex(dataHash)})`,
      number,
    );
  }
  const filter = block.getMetadata()?.getMetadataList_asU8()[common.BlockMetadataIndex.TRANSACTIONS_FILTER];
  if (!filter || filter.length !== envelopes.length) {
    throw new LedgerProblem(
      `TRANSACTIONS_FILTER has ${filter?.length ?? 0} codes for ${envelopes.length} transaction(s)`,
      number,
    );
  }
  return { block, header, headerHash: blockHeaderHash(header), envelopes, filter };
}

/**
 * The orderer's signature in the SIGNATURES metadata, as a peer checks a delivered block: each signature is by a
 * member of an orderer org of the channel and signs value ‖ signature header ‖ DER header. Block 0 may be
 * unsigned (configtxgen writes it so); every other block needs at least one signature.
 */
export function checkOrdererSignatures(checked: CheckedBlock, orderers: MembershipRegistry): void {
  const number = checked.header.number;
  const entry = checked.block.getMetadata()?.getMetadataList_asU8()[common.BlockMetadataIndex.SIGNATURES];
  let metadata: common.Metadata;
  try {
    metadata = decode(common.Metadata, entry ?? new Uint8Array(0));
  } catch (err) {
    throw new LedgerProblem(`SIGNATURES metadata does not decode: ${(err as Error).message}`, number);
  }
  const signatures = metadata.getSignaturesList();
  if (signatures.length === 0) {
    if (number === 0) return;
    throw new LedgerProblem('no orderer signature in the SIGNATURES metadata', number);
  }
  const headerBytes = blockHeaderBytes(checked.header);
  signatures.forEach((signature, index) => {
    const signatureHeader = signature.getSignatureHeader_asU8();
    let creator: Uint8Array;
    try {
      creator = decode(common.SignatureHeader, signatureHeader).getCreator_asU8();
    } catch (err) {
      throw new LedgerProblem(`orderer signature ${index}: bad signature header: ${(err as Error).message}`, number);
    }
    let identity;
    try {
      identity = orderers.deserialize(creator);
    } catch (err) {
      throw new LedgerProblem(
        `orderer signature ${index}: signer is not an orderer: ${(err as Error).message}`,
        number,
      );
    }
    const message = Buffer.concat([metadata.getValue_asU8(), signatureHeader, headerBytes]);
    if (!identity.verify(message, signature.getSignature_asU8())) {
      throw new LedgerProblem(
        `orderer signature ${index} (${identity.mspId}) does not verify over the block header and metadata`,
        number,
      );
    }
  });
}
