import type { Logger } from 'pino';
import { AppError } from '../errors/app-error';
import { CommitFailure, toAppError } from '../fabric/fabric-error';
import type { ConnectionPool } from '../fabric/connection-pool';
import type { FabricIdentity } from '../fabric/identity';
import { ledgerOutcome, resubmit, type LedgerOutcome } from '../fabric/ledger-status';
import { peer } from '@hyperledger/fabric-protos';
import type { IdempotencyStore } from './idempotency-store';
import { parseResult } from './routes/submission';
import type { JournalEntry, SubmissionJournal } from './submission-journal';
import type { TransactionStatusStore } from './transaction-status-store';

export interface RecoveryDeps {
  readonly journal: SubmissionJournal;
  readonly idempotency: IdempotencyStore;
  readonly statuses: TransactionStatusStore;
  readonly pool: ConnectionPool;
  readonly channel: string;
  /** Any channel member: qscc and commit status answer channel Readers. */
  readonly reader: FabricIdentity;
  readonly logger: Logger;
}

/**
 * Settles submissions a dead process (or a network failure mid-way) left open, from the ledger's word:
 * - no signed transaction was kept: nothing reached the orderer, so its Idempotency-Key is released;
 * - the ledger has the transaction: VALID answers what the request would have (the key replays it), any other
 *   code releases the key and marks the status FAILED;
 * - the ledger does not have it: the very same signed transaction is submitted again and its commit awaited
 *   (a transaction ID commits at most once, so this cannot apply the request twice), then as above.
 * Failures to reach the network leave the entry for the next request with its key or the next start.
 */
export class SubmissionRecovery {
  private readonly running = new Map<number, Promise<void>>();

  constructor(private readonly deps: RecoveryDeps) {}

  /** Settles every entry no live request runs (at start-up); failures are logged and left for later. */
  async recoverAll(): Promise<number> {
    let settled = 0;
    for (const entry of this.deps.journal.orphans()) {
      try {
        await this.recover(entry);
        settled++;
      } catch (err) {
        const error = toAppError(err);
        this.deps.logger.warn(
          { entry: entry.id, transactionId: entry.transactionId, code: error.code },
          `submission left for later recovery: ${error.message}`,
        );
      }
    }
    return settled;
  }

  /** Settles one entry (once, however many callers wait for it). */
  recover(entry: JournalEntry): Promise<void> {
    let running = this.running.get(entry.id);
    if (!running) {
      running = this.settle(entry).finally(() => this.running.delete(entry.id));
      this.running.set(entry.id, running);
    }
    return running;
  }

  /** Releases a key whose request was running in a dead process and left no journal entry. */
  releaseKey(username: string, key: string): void {
    this.deps.idempotency.release(username, key);
  }

  private async settle(entry: JournalEntry): Promise<void> {
    const { journal, idempotency, statuses, logger } = this.deps;
    const log = logger.child({ component: 'recovery', entry: entry.id, transactionId: entry.transactionId });
    if (!journal.get(entry.id)) return; // settled meanwhile
    const key = entry.idempotencyKey;
    if (!entry.envelope || !entry.transactionId) {
      journal.settle(entry.id, () => key !== null && idempotency.release(entry.username, key));
      log.info('submission never reached the orderer: released');
      return;
    }
    const gateway = this.deps.pool.gateway(this.deps.reader);
    let outcome: LedgerOutcome | undefined = await ledgerOutcome(gateway, this.deps.channel, entry.transactionId);
    let refused: string | undefined;
    if (!outcome) {
      try {
        outcome = await resubmit(gateway, entry.envelope);
        log.info('submitted again the transaction kept before the crash');
      } catch (err) {
        const error = toAppError(err);
        if (error.status >= 500) throw error;
        refused = error.message;
      }
    }
    const firstId = entry.firstTransactionId ?? entry.transactionId;
    const result = parseResult(gateway.newTransaction(entry.envelope).getResult());
    const recordStatus = () => {
      if (entry.scenario && entry.transactionName)
        statuses.submitted(firstId, entry.username, entry.scenario, entry.transactionName, result);
    };
    if (outcome?.validationCode === peer.TxValidationCode.VALID) {
      const committed = {
        transactionId: entry.transactionId,
        blockNumber: outcome.blockNumber,
        attempts: entry.attempts,
      };
      journal.settle(entry.id, () => {
        recordStatus();
        statuses.committed(firstId, { ...committed, result: new Uint8Array(), conflicted: [] }, result);
        if (key !== null) idempotency.finish(entry.username, key, { statusCode: 200, body: { ...committed, result } });
      });
      log.info({ blockNumber: outcome.blockNumber }, 'submission recovered: committed');
      return;
    }
    const error = outcome
      ? toAppError(new CommitFailure(entry.transactionId, outcome.validationCode, outcome.blockNumber, entry.attempts))
      : new AppError(502, 'SUBMIT_REFUSED', `the orderer refused the transaction: ${refused}`);
    journal.settle(entry.id, () => {
      recordStatus();
      statuses.failed(firstId, error);
      if (key !== null) idempotency.release(entry.username, key);
    });
    log.info({ code: error.code }, 'submission recovered: not committed, released');
  }
}
