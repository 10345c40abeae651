import type { Contract, Transaction } from '@hyperledger/fabric-gateway';
import type { ConnectionPool } from './connection-pool';
import {
  CommitFailure,
  ENDORSEMENT_MISMATCH,
  isEndorsementMismatch,
  RETRYABLE_VALIDATION_CODES,
  toAppError,
  validationCodeName,
} from './fabric-error';
import type { FabricIdentity } from './identity';

export interface TransactionRequest {
  readonly chaincode: string;
  readonly transaction: string;
  readonly args: readonly string[];
  /** Private inputs, to the endorsing peers only (the proposal's transient map; never in the block). */
  readonly transient?: Readonly<Record<string, Uint8Array>>;
  /** Orgs whose peers must endorse, when the flow names them; otherwise the gateway chooses. */
  readonly endorsingOrganizations?: readonly string[];
}

export interface CommittedTransaction {
  /** The ID of the attempt that committed (differs from the first one after a conflict retry). */
  readonly transactionId: string;
  readonly blockNumber: number;
  /** The chaincode's answer as endorsed in the committed attempt. */
  readonly result: Uint8Array;
  readonly attempts: number;
  /** IDs of the attempts that lost an MVCC or phantom-read conflict or got differing endorsements, in order. */
  readonly conflicted: readonly string[];
}

export interface SubmittedTransaction {
  readonly transactionId: string;
  /** The endorsed answer of the first attempt. */
  readonly result: Uint8Array;
  /** Settles once an attempt commits (VALID) or the retries give up; rejects with an AppError. */
  readonly committed: Promise<CommittedTransaction>;
}

/**
 * Told about every attempt just before it goes to the orderer, with its signed transaction: whoever keeps it can
 * later ask the ledger about that transaction ID, or submit the very same transaction again (a transaction ID
 * commits at most once), after a crash.
 */
export type AttemptJournal = (attempt: {
  readonly transactionId: string;
  readonly envelope: Uint8Array;
  readonly attempts: number;
}) => void;

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 50, maxDelayMs: 2_000 };

/** Hooks for metrics and logs; the runner itself only runs transactions. */
export interface RunnerObserver {
  called?(call: {
    kind: 'evaluate' | 'submit';
    chaincode: string;
    transaction: string;
    outcome: string;
    seconds: number;
  }): void;
  retried?(retry: {
    chaincode: string;
    transaction: string;
    transactionId: string;
    validationCode: string;
    attempt: number;
  }): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs chaincode transactions as a given identity: evaluate, or endorse + submit + commit status. A submit
 * that loses an MVCC_READ_CONFLICT or PHANTOM_READ_CONFLICT is endorsed again (a new transaction, since the
 * read set must be re-simulated) with exponential backoff and full jitter, a bounded number of times. So is
 * an endorsement the gateway refuses because the orgs' responses differ ("ProposalResponsePayloads do not
 * match"): a block committed between two orgs' simulations, the same race as an MVCC conflict, only caught
 * before ordering. Every failure is rethrown as an AppError carrying the chaincode's own message.
 */
export class TransactionRunner {
  constructor(
    private readonly pool: ConnectionPool,
    private readonly channel: string,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
    private readonly observer: RunnerObserver = {},
  ) {}

  private contract(identity: FabricIdentity, chaincode: string): Contract {
    return this.pool.gateway(identity).getNetwork(this.channel).getContract(chaincode);
  }

  async evaluate(identity: FabricIdentity, request: TransactionRequest): Promise<Uint8Array> {
    const started = process.hrtime.bigint();
    let outcome = 'ok';
    try {
      return await this.contract(identity, request.chaincode).evaluate(request.transaction, {
        arguments: [...request.args],
        ...(request.transient ? { transientData: { ...request.transient } } : {}),
      });
    } catch (err) {
      const error = toAppError(err);
      outcome = error.code;
      throw error;
    } finally {
      this.observer.called?.({
        kind: 'evaluate',
        chaincode: request.chaincode,
        transaction: request.transaction,
        outcome,
        seconds: secondsSince(started),
      });
    }
  }

  /** Endorses and submits; resolves once the orderer accepted the transaction, with its commit still pending. */
  async submitAsync(
    identity: FabricIdentity,
    request: TransactionRequest,
    journal?: AttemptJournal,
  ): Promise<SubmittedTransaction> {
    const started = process.hrtime.bigint();
    const report = (outcome: string) =>
      this.observer.called?.({
        kind: 'submit',
        chaincode: request.chaincode,
        transaction: request.transaction,
        outcome,
        seconds: secondsSince(started),
      });
    const progress: Progress = { attempts: 0, conflicted: [], journal };
    let first;
    try {
      first = await this.attempt(identity, request, progress);
    } catch (err) {
      const error = toAppError(err);
      report(error.code);
      throw error;
    }
    const committed = this.untilCommitted(identity, request, first, progress).then(
      (done) => {
        report('ok');
        return done;
      },
      (err: unknown) => {
        const error = toAppError(err);
        report(error.code);
        throw error;
      },
    );
    // Callers that only want the 202 may never await the commit; its failure is still reported above.
    committed.catch(() => undefined);
    return { transactionId: first.transactionId, result: first.result, committed };
  }

  async submit(
    identity: FabricIdentity,
    request: TransactionRequest,
    journal?: AttemptJournal,
  ): Promise<CommittedTransaction> {
    return (await this.submitAsync(identity, request, journal)).committed;
  }

  /** Endorses and submits, endorsing again while the orgs' endorsements differ (within the attempt budget). */
  private async attempt(identity: FabricIdentity, request: TransactionRequest, progress: Progress) {
    for (;;) {
      progress.attempts++;
      const proposal = this.contract(identity, request.chaincode).newProposal(request.transaction, {
        arguments: [...request.args],
        ...(request.transient ? { transientData: { ...request.transient } } : {}),
        ...(request.endorsingOrganizations ? { endorsingOrganizations: [...request.endorsingOrganizations] } : {}),
      });
      try {
        const submitted = await (await this.journaled(identity, await proposal.endorse(), progress)).submit();
        return {
          transactionId: submitted.getTransactionId(),
          result: submitted.getResult(),
          status: () => submitted.getStatus(),
        };
      } catch (err) {
        if (!isEndorsementMismatch(err) || progress.attempts >= this.retry.maxAttempts) throw err;
        this.noteRetry(request, proposal.getTransactionId(), ENDORSEMENT_MISMATCH, progress);
        await this.backoff(progress.attempts);
      }
    }
  }

  /** Signs the endorsed transaction here (not inside submit) so that the journal keeps what is submitted. */
  private async journaled(identity: FabricIdentity, endorsed: Transaction, progress: Progress): Promise<Transaction> {
    if (!progress.journal) return endorsed;
    const signature = await this.pool.sign(identity, endorsed.getDigest());
    const signed = this.pool.gateway(identity).newSignedTransaction(endorsed.getBytes(), signature);
    progress.journal({
      transactionId: signed.getTransactionId(),
      envelope: signed.getBytes(),
      attempts: progress.attempts,
    });
    return signed;
  }

  private async untilCommitted(
    identity: FabricIdentity,
    request: TransactionRequest,
    first: Awaited<ReturnType<TransactionRunner['attempt']>>,
    progress: Progress,
  ): Promise<CommittedTransaction> {
    let current = first;
    for (;;) {
      const status = await current.status();
      if (status.successful) {
        return {
          transactionId: current.transactionId,
          blockNumber: Number(status.blockNumber),
          result: current.result,
          attempts: progress.attempts,
          conflicted: progress.conflicted,
        };
      }
      if (!RETRYABLE_VALIDATION_CODES.has(status.code) || progress.attempts >= this.retry.maxAttempts) {
        throw new CommitFailure(current.transactionId, status.code, Number(status.blockNumber), progress.attempts);
      }
      this.noteRetry(request, current.transactionId, validationCodeName(status.code), progress);
      await this.backoff(progress.attempts);
      current = await this.attempt(identity, request, progress);
    }
  }

  private noteRetry(request: TransactionRequest, transactionId: string, reason: string, progress: Progress): void {
    progress.conflicted.push(transactionId);
    this.observer.retried?.({
      chaincode: request.chaincode,
      transaction: request.transaction,
      transactionId,
      validationCode: reason,
      attempt: progress.attempts,
    });
  }

  /** Full jitter: contenders for the same keys spread out instead of colliding again in the next block. */
  private backoff(attempt: number): Promise<unknown> {
    const ceiling = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    return sleep(Math.random() * ceiling);
  }
}

/** Attempts made for one submit so far, across conflict retries of either kind. */
interface Progress {
  attempts: number;
  conflicted: string[];
  journal?: AttemptJournal;
}

function secondsSince(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}
