import { EventEmitter } from 'node:events';
import type { ChannelLedger } from '../ledger';
import type { ValidatedTx } from './tx-validator';

export interface TxStatus {
  code: number;
  blockNum: number;
}

export interface CommittedBlock {
  number: number;
  txs: readonly ValidatedTx[];
  /** Seconds spent validating and committing the block, and of that writing it to the ledger. */
  timing?: { processingSeconds: number; storageCommitSeconds: number };
}

/**
 * Tells waiting clients when their transaction committed, and streams committed blocks to listeners
 * (chaincode events). Waiting on a transaction already in the ledger answers at once.
 */
export class CommitNotifier {
  readonly #ledger: ChannelLedger;
  readonly #waiters = new Map<string, Array<(status: TxStatus) => void>>();
  readonly #blocks = new EventEmitter();

  constructor(channelLedger: ChannelLedger) {
    this.#ledger = channelLedger;
    this.#blocks.setMaxListeners(0);
  }

  /** Resolves with the transaction's validation code and block once committed; rejects on abort. */
  async waitForTx(txId: string, signal?: AbortSignal): Promise<TxStatus> {
    const committed = await this.#ledger.getTx(txId);
    if (committed) return { code: committed.validationCode, blockNum: committed.blockNum };
    return new Promise<TxStatus>((resolve, reject) => {
      const waiter = (status: TxStatus): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve(status);
      };
      const onAbort = (): void => {
        const waiters = this.#waiters.get(txId)?.filter((entry) => entry !== waiter) ?? [];
        if (waiters.length > 0) this.#waiters.set(txId, waiters);
        else this.#waiters.delete(txId);
        reject(signal?.reason instanceof Error ? signal.reason : new Error('cancelled'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.set(txId, [...(this.#waiters.get(txId) ?? []), waiter]);
      // A commit may have landed between the ledger look-up and registering.
      void this.#ledger.getTx(txId).then((late) => {
        if (late) this.#resolve(txId, { code: late.validationCode, blockNum: late.blockNum });
      });
    });
  }

  /** Called by the committer after a block is durably committed. */
  blockCommitted(block: CommittedBlock): void {
    for (const tx of block.txs) this.#resolve(tx.txId, { code: tx.code, blockNum: block.number });
    this.#blocks.emit('block', block);
  }

  onBlock(listener: (block: CommittedBlock) => void): () => void {
    this.#blocks.on('block', listener);
    return () => this.#blocks.off('block', listener);
  }

  #resolve(txId: string, status: TxStatus): void {
    const waiters = this.#waiters.get(txId);
    if (!waiters) return;
    this.#waiters.delete(txId);
    for (const waiter of waiters) waiter(status);
  }
}
