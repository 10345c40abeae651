import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app-context';
import type { Principal } from '../../auth/principal';
import { conflict, type AppError } from '../../errors/app-error';
import { CommitFailure, toAppError } from '../../fabric/fabric-error';
import type { CommittedTransaction, TransactionRequest } from '../../fabric/transaction-runner';
import { noteRequest } from '../../logging/request-log';
import { IdempotencyStore, type StoredResponse } from '../idempotency-store';

const utf8 = new TextDecoder();

/** A chaincode answer as JSON (the kit answers canonical JSON); text that is not JSON is passed as a string. */
export function parseResult(bytes: Uint8Array): unknown {
  const text = utf8.decode(bytes);
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** `Prefer: respond-async` (RFC 7240) asks for 202 Accepted instead of waiting for the commit. */
export function wantsAsync(request: FastifyRequest): boolean {
  const prefer = request.headers.prefer;
  return typeof prefer === 'string' && /\brespond-async\b/i.test(prefer);
}

/**
 * Submits a transaction for a user: records its status, then either answers 202 with the status resource at
 * once or waits for the commit (200). The status record follows the commit either way. Each attempt's signed
 * transaction is journaled before it is submitted, and the outcome is recorded together with the entry's end
 * (and its Idempotency-Key's answer), so a crash at any point leaves something SubmissionRecovery can settle.
 */
export async function submitFor(
  ctx: AppContext,
  request: FastifyRequest,
  principal: Principal,
  scenario: string,
  tx: TransactionRequest,
  entryId: number = ctx.journal.open(principal.username, null),
  /** Salts the app generated for the user's private values: kept for the user and answered with the result. */
  salts?: Readonly<Record<string, string>>,
): Promise<StoredResponse & { location?: string }> {
  const { journal } = ctx;
  journal.describe(entryId, scenario, tx.transaction);
  const respondAsync = wantsAsync(request);
  const answerKey = (response: StoredResponse) => {
    const key = journal.get(entryId)?.idempotencyKey;
    if (key) ctx.idempotency.finish(principal.username, key, response);
  };
  const identity = ctx.identities.identityOf(principal);
  let submitted;
  try {
    submitted = await ctx.runner.submitAsync(identity, tx, (attempt) => {
      journal.attempt(entryId, attempt.transactionId, attempt.envelope, attempt.attempts);
      request.log.debug({ transactionId: attempt.transactionId, attempt: attempt.attempts }, 'transaction journaled');
    });
  } catch (err) {
    throw settleFailure(ctx, request, entryId, err, answerKey, () => undefined);
  }
  const log = request.log.child({
    transactionId: submitted.transactionId,
    chaincode: tx.chaincode,
    transaction: tx.transaction,
  });
  log.debug({ user: principal.username, mspId: principal.mspId }, 'transaction submitted');
  const endorsedResult = parseResult(submitted.result);
  ctx.statuses.submitted(submitted.transactionId, principal.username, scenario, tx.transaction, endorsedResult);
  if (salts) ctx.salts.keep(submitted.transactionId, principal.username, salts);
  const kept = salts ? { salts } : {};
  // The committed answer is the endorsed one unless a conflict retry endorsed the transaction again.
  const resultOf = (committed: CommittedTransaction) =>
    committed.transactionId === submitted.transactionId ? endorsedResult : parseResult(committed.result);
  const answerOf = (committed: CommittedTransaction): StoredResponse => ({
    statusCode: 200,
    body: {
      transactionId: committed.transactionId,
      blockNumber: committed.blockNumber,
      attempts: committed.attempts,
      result: resultOf(committed),
      ...kept,
    },
  });
  const tracked = submitted.committed.then(
    (committed) => {
      journal.settle(entryId, () => {
        ctx.statuses.committed(submitted.transactionId, committed, resultOf(committed));
        if (!respondAsync) answerKey(answerOf(committed));
      });
      const facts = {
        committedTransactionId: committed.transactionId,
        blockNumber: committed.blockNumber,
        attempts: committed.attempts,
      };
      // A waiting request says it on its own line; an accepted (202) one has answered already, so a line of its own.
      if (respondAsync) log.info(facts, 'transaction committed');
      else {
        noteRequest(
          request,
          { transactionId: committed.transactionId, blockNumber: committed.blockNumber },
          `committed in block ${committed.blockNumber}`,
        );
        log.debug(facts, 'transaction committed');
      }
      return committed;
    },
    (err: unknown) => {
      const error = settleFailure(ctx, request, entryId, err, respondAsync ? () => undefined : answerKey, (e) =>
        ctx.statuses.failed(submitted.transactionId, e),
      );
      log[respondAsync ? 'warn' : 'debug']({ code: error.code }, `transaction failed: ${error.message}`);
      throw error;
    },
  );
  tracked.catch(() => undefined);
  const statusUrl = `/api/transactions/${submitted.transactionId}`;
  if (respondAsync) {
    return {
      statusCode: 202,
      location: statusUrl,
      body: {
        transactionId: submitted.transactionId,
        status: 'SUBMITTED',
        statusUrl,
        result: endorsedResult,
        ...kept,
      },
    };
  }
  return answerOf(await tracked);
}

/**
 * Ends a failed submission's journal entry when the failure is a verdict (nothing reached the orderer, or the
 * ledger invalidated the latest attempt); otherwise (the network failed after an attempt went out) the outcome
 * is unknown, so the entry is handed to recovery, which asks the ledger, and its key stays claimed till then.
 */
function settleFailure(
  ctx: AppContext,
  request: FastifyRequest,
  entryId: number,
  err: unknown,
  answerKey: (response: StoredResponse) => void,
  recordStatus: (error: AppError) => void,
): AppError {
  const error = toAppError(err);
  const entry = ctx.journal.get(entryId);
  if (!entry) return error;
  const verdict = !entry.envelope || (err instanceof CommitFailure && err.transactionId === entry.transactionId);
  if (verdict) {
    ctx.journal.settle(entryId, () => {
      recordStatus(error);
      answerKey({ statusCode: error.status, body: { error: error.toJSON() } });
    });
    return error;
  }
  ctx.journal.handOver(entryId);
  ctx.recovery.recover(entry).catch((recoveryError: unknown) => {
    request.log.warn(
      { entry: entryId, code: toAppError(recoveryError).code },
      'submission outcome unknown; left for recovery',
    );
  });
  return error;
}

/**
 * Runs `handle` at most once per `Idempotency-Key` (per user): a repeat gets the stored answer, marked with
 * `Idempotent-Replayed: true`. Errors the request itself caused are stored too; failures that say nothing about
 * the request are not. A key left running by a process that died is first settled from the ledger.
 */
export async function withIdempotency(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  principal: Principal,
  handle: (entryId?: number) => Promise<StoredResponse & { location?: string }>,
): Promise<FastifyReply> {
  const header = request.headers['idempotency-key'];
  const key = Array.isArray(header) ? header[0] : header;
  const send = (response: StoredResponse & { location?: string }) => {
    if (response.location) void reply.header('location', response.location);
    return reply.status(response.statusCode).send(response.body);
  };
  if (key === undefined) return send(await handle());
  const hash = IdempotencyStore.requestHash(request.method, request.url, request.body);
  let claim = ctx.idempotency.begin(principal.username, key, hash);
  if (claim.kind === 'orphaned') {
    if (claim.entry) await ctx.recovery.recover(claim.entry);
    else ctx.recovery.releaseKey(principal.username, key);
    claim = ctx.idempotency.begin(principal.username, key, hash);
    if (claim.kind === 'orphaned')
      throw conflict('IDEMPOTENCY_IN_PROGRESS', 'a request with this Idempotency-Key is still being recovered');
  }
  if (claim.kind === 'stored') {
    void reply.header('idempotent-replayed', 'true');
    const body = claim.response.body as { statusUrl?: string };
    return send({ ...claim.response, location: claim.response.statusCode === 202 ? body.statusUrl : undefined });
  }
  const { entryId } = claim;
  request.log.debug({ entry: entryId }, 'idempotency key claimed');
  let response: StoredResponse & { location?: string };
  try {
    response = await handle(entryId);
  } catch (err) {
    const error = toAppError(err);
    const entry = ctx.journal.get(entryId);
    // An entry handed to recovery keeps its key claimed: the outcome is not known yet.
    if (!entry || !ctx.journal.isOrphan(entry)) {
      ctx.journal.settle(entryId, () =>
        ctx.idempotency.finish(principal.username, key, { statusCode: error.status, body: { error: error.toJSON() } }),
      );
    }
    throw error;
  }
  ctx.idempotency.finish(principal.username, key, response);
  return send(response);
}

export const idempotencyHeaders = {
  type: 'object',
  properties: {
    'idempotency-key': {
      type: 'string',
      description: 'Makes a retried submit safe: the same key and body answer the first result again',
    },
    prefer: {
      type: 'string',
      description: '`respond-async` answers 202 with a status resource instead of waiting for the commit',
    },
  },
} as const;

export { IdempotencyStore };
