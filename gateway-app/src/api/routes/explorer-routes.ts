import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app-context';
import { AppError, badRequest, forbidden, notFound } from '../../errors/app-error';
import { blockView, headerOf } from '../../explorer/block-decode';
import { AUDITOR_ROLE, mayBrowseLedger, tookPart } from '../../explorer/explorer-access';
import { LedgerExplorer } from '../../explorer/ledger-explorer';
import { parseBlockNumber, parseTxId, searchLedger } from '../../explorer/ledger-search';
import { networkSummary } from '../../explorer/network-view';
import { principalOf } from '../access';
import { errorResponses } from '../openapi-components';

/** Most blocks one list request reads. */
export const MAX_BLOCKS_PER_PAGE = 50;
const DEFAULT_BLOCKS_PER_PAGE = 20;

const WHO = `Org admins and users whose certificate has role=${AUDITOR_ROLE}`;
const responses = (extra: Record<number, string>) => ({
  401: errorResponses[401],
  403: { description: `Not an org admin or ${AUDITOR_ROLE} (FORBIDDEN)`, $ref: 'Error#' },
  ...Object.fromEntries(
    Object.entries(extra).map(([status, description]) => [status, { description, $ref: 'Error#' }]),
  ),
});

function optionalInt(name: string, text: unknown, min: number, max: number): number | undefined {
  if (text === undefined || text === '') return undefined;
  const n = typeof text === 'string' ? parseBlockNumber(text) : undefined;
  if (n === undefined || n < min || n > max)
    throw badRequest('INVALID_ARGUMENT', `${name} must be a whole number from ${min} to ${max}`, {
      issues: [{ path: name, message: `a whole number from ${min} to ${max}` }],
    });
  return n;
}

/**
 * The ledger explorer and network view: qscc and `_lifecycle` through the caller's own gateway. Whole-ledger
 * views are for org admins and auditors; a transaction is also open to the orgs that created or endorsed it.
 */
export function registerExplorerRoutes(app: FastifyInstance, ctx: AppContext): void {
  const ledger = new LedgerExplorer(ctx.directory.channel);
  const gatewayOf = (request: FastifyRequest) => ctx.pool.gateway(ctx.identities.identityOf(principalOf(request)));
  const requireBrowser = (request: FastifyRequest) => {
    const principal = principalOf(request);
    if (!mayBrowseLedger(principal, ctx.identities))
      throw forbidden(`${principal.username} may not browse the ledger: org admins and ${AUDITOR_ROLE}s only`);
  };
  const schema = (summary: string, extra: Record<number, string> = {}, params?: string) => ({
    tags: ['Explorer'],
    summary,
    description: `Readable by: ${WHO}.`,
    security: [{ bearer: [] }],
    ...(params && {
      params: { type: 'object', properties: { [params]: { type: 'string' } }, required: [params] },
    }),
    response: responses(extra),
  });
  const blockNumberOf = async (request: FastifyRequest, text: string) => {
    const number = parseBlockNumber(text);
    if (number === undefined)
      throw badRequest('INVALID_BLOCK_NUMBER', `${JSON.stringify(text.slice(0, 40))} is not a block number`);
    const { height } = await ledger.chainInfo(gatewayOf(request));
    if (number >= height) throw notFound('BLOCK_NOT_FOUND', `no block ${number}: the ledger has ${height} blocks`);
    return number;
  };

  app.get('/api/explorer/summary', {
    config: { auth: 'user' },
    schema: schema('Channel, height, orgs, peers with health, chaincode definitions'),
    handler: async (request) => {
      requireBrowser(request);
      return networkSummary({ gateway: gatewayOf(request), pool: ctx.pool, directory: ctx.directory, ledger });
    },
  });

  app.get('/api/explorer/blocks', {
    config: { auth: 'user' },
    schema: {
      ...schema('Blocks, newest first', { 400: 'Bad before or limit (INVALID_ARGUMENT)' }),
      querystring: {
        type: 'object',
        properties: {
          before: { type: 'string', description: 'Only blocks below this number (default: the height)' },
          limit: { type: 'string', description: `At most this many (1 to ${MAX_BLOCKS_PER_PAGE}, default 20)` },
        },
      },
    },
    handler: async (request) => {
      requireBrowser(request);
      const query = request.query as Record<string, unknown>;
      const before = optionalInt('before', query.before, 0, Number.MAX_SAFE_INTEGER);
      const limit = optionalInt('limit', query.limit, 1, MAX_BLOCKS_PER_PAGE) ?? DEFAULT_BLOCKS_PER_PAGE;
      const gateway = gatewayOf(request);
      const { height } = await ledger.chainInfo(gateway);
      const top = Math.min(before ?? height, height);
      const numbers = Array.from({ length: Math.min(limit, top) }, (_, i) => top - 1 - i);
      const items = (await ledger.blocksOf(gateway, numbers)).map(headerOf);
      const last = numbers[numbers.length - 1];
      return { height, items, next: last !== undefined && last > 0 ? last : null };
    },
  });

  app.get('/api/explorer/blocks/:number', {
    config: { auth: 'user' },
    schema: schema(
      'A block and its transactions',
      { 400: 'Not a block number (INVALID_BLOCK_NUMBER)', 404: 'Beyond the height (BLOCK_NOT_FOUND)' },
      'number',
    ),
    handler: async (request) => {
      requireBrowser(request);
      const number = await blockNumberOf(request, (request.params as { number: string }).number);
      return blockView(await ledger.block(gatewayOf(request), number));
    },
  });

  app.get('/api/explorer/transactions/:txId', {
    config: { auth: 'user' },
    schema: {
      ...schema(
        'A committed transaction: creator, endorsers, validation code, read/write set keys, event',
        {
          400: 'Not a transaction ID, 64 hex digits (INVALID_TRANSACTION_ID)',
          404: 'Not on the ledger (TRANSACTION_NOT_FOUND)',
        },
        'txId',
      ),
      description: `Readable by: ${WHO}, and by users of an org that created or endorsed the transaction.`,
    },
    handler: async (request) => {
      const principal = principalOf(request);
      const raw = (request.params as { txId: string }).txId;
      const txId = parseTxId(raw);
      if (!txId)
        throw badRequest(
          'INVALID_TRANSACTION_ID',
          `${JSON.stringify(raw.slice(0, 80))} is not a transaction ID (64 hex digits)`,
        );
      const found = await ledger.transaction(gatewayOf(request), txId);
      if (!mayBrowseLedger(principal, ctx.identities) && !tookPart(principal, found.transaction))
        // Answered as unknown: the existence of other orgs' transactions is not this user's to learn.
        throw notFound('TRANSACTION_NOT_FOUND', `no transaction ${txId} of your organisation`);
      return { blockNumber: found.blockNumber, ...found.transaction };
    },
  });

  app.get('/api/explorer/search', {
    config: { auth: 'user' },
    schema: {
      ...schema('Find a transaction ID, a block number or a ledger key (newest 200 blocks)', {
        400: 'Empty or overlong search (INVALID_QUERY)',
      }),
      querystring: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] },
    },
    handler: async (request) => {
      requireBrowser(request);
      const q = (request.query as { q?: unknown }).q;
      if (typeof q !== 'string')
        throw new AppError(400, 'INVALID_QUERY', 'give q: a transaction ID, block number or key');
      return searchLedger(gatewayOf(request), ledger, q);
    },
  });
}
