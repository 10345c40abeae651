import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app-context';
import { notFound } from '../../errors/app-error';
import { principalOf } from '../access';
import { errorResponses } from '../openapi-components';

/** The status resource of transactions submitted through the app (the target of a 202's Location). */
export function registerTransactionRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/transactions/:transactionId', {
    config: { auth: 'user' },
    schema: {
      tags: ['Transactions'],
      summary: 'Status of a submitted transaction',
      security: [{ bearer: [] }],
      params: { type: 'object', properties: { transactionId: { type: 'string' } }, required: ['transactionId'] },
      response: { 200: { $ref: 'TransactionStatus#' }, 401: errorResponses[401], 404: errorResponses[404] },
    },
    handler: async (request) => {
      const { transactionId } = request.params as { transactionId: string };
      const status = ctx.statuses.find(transactionId, principalOf(request).username);
      // Another user's transaction is answered as unknown: its existence is not theirs to learn.
      if (!status) throw notFound('TRANSACTION_NOT_FOUND', `no transaction ${transactionId} submitted by you`);
      const salts = ctx.salts.find(transactionId, principalOf(request).username);
      return salts ? { ...status, salts } : status;
    },
  });
}
