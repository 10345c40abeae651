import type { SigningIdentity } from '../identity';
import { buildBlock } from '../block';
import type { ChannelLedger } from '../ledger';
import type { TxCommit } from '../ledger';
import type { CommitNotifier } from './commit-notifier';
import { privateWritesOf } from './private-data-coordinator';
import { validateBlock, type ValidatedTx, type ValidationContext } from './tx-validator';

/**
 * Turns a batch of ordered envelopes into the next block: validates every transaction, records the
 * validation codes in the block's transactions filter, signs the block as the orderer, commits it to the
 * ledger in one atomic write and then tells waiting clients and event streams.
 */
export class Committer {
  constructor(
    private readonly context: ValidationContext,
    private readonly channelLedger: ChannelLedger,
    private readonly ordererIdentity: SigningIdentity,
    private readonly notifier: CommitNotifier,
  ) {}

  async commit(envelopes: readonly Uint8Array[]): Promise<number> {
    const number = this.channelLedger.height();
    const previousHash = this.channelLedger.lastHeaderHash();
    if (!previousHash) throw new Error(`channel ${this.context.channelId} has no genesis block`);
    const started = performance.now();
    const txs = await validateBlock(number, envelopes, this.context);
    const block = buildBlock({
      number,
      previousHash,
      envelopes: [...envelopes],
      validationCodes: txs.map((tx) => tx.code),
      lastConfigIndex: 0,
      signer: this.ordererIdentity,
    });
    const privateData = this.context.privateData;
    const storageStarted = performance.now();
    await this.channelLedger.commitBlock(
      block,
      txs.map((tx, txNum) => ({
        ...txCommitOf(tx, txNum),
        ...(privateData ? { privateWrites: privateWritesOf(tx, privateData) } : {}),
      })),
    );
    if (privateData) {
      // Committed or invalid, a transaction's plaintext leaves the transient store with its block.
      for (const tx of txs) privateData.transientStore.remove(tx.txId);
      privateData.transientStore.purgeBelow(number + 1);
    }
    const done = performance.now();
    const timing = { processingSeconds: (done - started) / 1000, storageCommitSeconds: (done - storageStarted) / 1000 };
    this.notifier.blockCommitted({ number, txs, timing });
    return number;
  }
}

/** What the ledger records of a validated transaction (its public and hashed private writes, not the plaintext). */
export function txCommitOf(tx: ValidatedTx, txNum: number): TxCommit {
  return {
    txId: tx.txId,
    txNum,
    validationCode: tx.code,
    timestamp: tx.timestamp,
    writes: tx.writes,
    metadataWrites: tx.metadataWrites,
    ...(tx.hashedWrites ? { hashedWrites: tx.hashedWrites } : {}),
  };
}
