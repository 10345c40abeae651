import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app-context';
import type { Principal } from '../../auth/principal';
import { toAppError } from '../../fabric/fabric-error';
import type { CommittedTransaction, TransactionRequest } from '../../fabric/transaction-runner';
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
 * once or waits for the commit (200). The status record follows the commit either way.
 */
export async function submitFor(
  ctx: AppContext,
  request: FastifyRequest,
  principal: Principal,
  scenario: string,
  tx: TransactionRequest,
): Promise<StoredResponse & { location?: string }> {
  const identity = ctx.identities.identityOf(principal);
  const submitted = await ctx.runner.submitAsync(identity, tx);
  const log = request.log.child({
    transactionId: submitted.transactionId,
    chaincode: tx.chaincode,
    transaction: tx.transaction,
  });
  log.info({ user: principal.username, mspId: principal.mspId }, 'transaction submitted');
  const endorsedResult = parseResult(submitted.result);
  ctx.statuses.submitted(submitted.transactionId, principal.username, scenario, tx.transaction, endorsedResult);
  // The committed answer is the endorsed one unless a conflict retry endorsed the transaction again.
  const resultOf = (committed: CommittedTransaction) =>
    committed.transactionId === submitted.transactionId ? endorsedResult : parseResult(committed.result);
  const tracked = submitted.committed.then(
    (committed) => {
      ctx.statuses.committed(submitted.transactionId, committed, resultOf(committed));
      log.info(
        {
          committedTransactionId: committed.transactionId,
          blockNumber: committed.blockNumber,
          attempts: committed.attempts,
        },
        'transaction committed',
      );
      return committed;
    },
    (err: unknown) => {
      const error = toAppError(err);
      ctx.statuses.failed(submitted.transactionId, error);
      log.warn({ code: error.code }, `transaction failed: ${error.message}`);
      throw error;
    },
  );
  tracked.catch(() => undefined);
  const statusUrl = `/api/transactions/${submitted.transactionId}`;
  if (wantsAsync(request)) {
    return {
      statusCode: 202,
      location: statusUrl,
      body: {
        transactionId: submitted.transactionId,
        status: 'SUBMITTED',
        statusUrl,
        result: endorsedResult,
      },
    };
  }
  const committed = await tracked;
  return {
    statusCode: 200,
    body: {
      transactionId: committed.transactionId,
      blockNumber: committed.blockNumber,
      attempts: committed.attempts,
      result: resultOf(committed),
    },
  };
}

/**
 * Runs `handle` at most once per `Idempotency-Key` (per user): a repeat gets the stored answer, marked with
 * `Idempotent-Replayed: true`. Errors the request itself caused are stored too; network failures are not.
 */
export async function withIdempotency(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  principal: Principal,
  handle: () => Promise<StoredResponse & { location?: string }>,
): Promise<FastifyReply> {
  const header = request.headers['idempotency-key'];
  const key = Array.isArray(header) ? header[0] : header;
  const send = (response: StoredResponse & { location?: string }) => {
    if (response.location) void reply.header('location', response.location);
    return reply.status(response.statusCode).send(response.body);
  };
  if (key === undefined) return send(await handle());
  const hash = IdempotencyStore.requestHash(request.method, request.url, request.body);
  const stored = ctx.idempotency.begin(principal.username, key, hash);
  if (stored) {
    void reply.header('idempotent-replayed', 'true');
    const body = stored.body as { statusUrl?: string };
    return send({ ...stored, location: stored.statusCode === 202 ? body.statusUrl : undefined });
  }
  let response: StoredResponse & { location?: string };
  try {
    response = await handle();
  } catch (err) {
    const error = toAppError(err);
    ctx.idempotency.finish(principal.username, key, { statusCode: error.status, body: { error: error.toJSON() } });
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
