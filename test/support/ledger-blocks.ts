import { createHash } from 'node:crypto';
import type { common } from '@hyperledger/fabric-protos';
import { buildBlock } from '../../network/devnet/src/block';
import type { ChannelLedger, TxCommit } from '../../network/devnet/src/ledger';

/** A stand-in orderer for ledger tests: blocks need a signature, not a verifiable one. */
export const TEST_BLOCK_SIGNER = {
  serialized: Buffer.from('orderer identity'),
  sign: (message: Uint8Array) => createHash('sha256').update(message).digest(),
};

/**
 * Builds the next block of `ledger` from the committer's outcome for each transaction, as the committer would,
 * and commits it. Envelopes are placeholders (`envelope <block>/<tx>` unless `envelopeOf` says otherwise).
 */
export async function commitTxs(
  ledger: ChannelLedger,
  txs: readonly TxCommit[],
  envelopeOf: (tx: TxCommit, number: number) => Uint8Array = (tx, number) =>
    Buffer.from(`envelope ${number}/${tx.txNum}`),
): Promise<common.Block> {
  const number = ledger.height();
  const block = buildBlock({
    number,
    previousHash: ledger.lastHeaderHash() ?? new Uint8Array(0),
    envelopes: txs.map((tx) => envelopeOf(tx, number)),
    validationCodes: txs.map((tx) => tx.validationCode),
    lastConfigIndex: 0,
    signer: TEST_BLOCK_SIGNER,
  });
  await ledger.commitBlock(block, txs);
  return block;
}
