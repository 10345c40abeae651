import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { AppContext } from '../../app-context';
import { AppError, badRequest, forbidden, notFound } from '../../errors/app-error';
import { blockView, headerOf } from '../../explorer/block-decode';
import { AUDITOR_ROLE, mayBrowseLedger, tookPart } from '../../explorer/explorer-access';
import { LedgerExplorer } from '../../explorer/ledger-explorer';
import { parseBlockNumber, parseTxId, searchLedger } from '../../explorer/ledger-search';
import { networkSummary } from '../../explorer/network-view';
import { followBlocks } from '../../explorer/block-stream';
import { PeerHealthMonitor } from '../../explorer/peer-health';
import { throughput } from '../../explorer/throughput';
import { principalOf } from '../access';
import { errorResponses } from '../openapi-components';
import { SECURITY_HEADERS } from '../security-headers';

/** Most blocks one list request reads. */
export const MAX_BLOCKS_PER_PAGE = 50;
const DEFAULT_BLOCKS_PER_PAGE = 20;
/** The throughput chart's window, in minutes (default and most). */
const DEFAULT_THROUGHPUT_MINUTES = 60;
const MAX_THROUGHPUT_MINUTES = 24 * 60;
/** Most blocks one throughput request reads (newest first). */
export const MAX_THROUGHPUT_BLOCKS = 500;
/** A comment line on idle block streams, so proxies keep them open. */
const HEARTBEAT_MS = 25_000;

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
  const peers = new PeerHealthMonitor({ pool: ctx.pool, directory: ctx.directory, ledger, clock: ctx.clock });
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
      return networkSummary({ gateway: gatewayOf(request), directory: ctx.directory, ledger, peers });
    },
  });

  app.get('/api/explorer/peers', {
    config: { auth: 'user' },
    schema: schema(
      "Each org's peer: reachable or not, its ledger height against the highest, when it was checked (cached a few seconds)",
    ),
    handler: async (request) => {
      requireBrowser(request);
      return peers.report();
    },
  });

  app.get('/api/explorer/throughput', {
    config: { auth: 'user' },
    schema: {
      ...schema('Transactions per minute over the last minutes, from their timestamps', {
        400: 'Bad minutes or blocks (INVALID_ARGUMENT)',
      }),
      querystring: {
        type: 'object',
        properties: {
          minutes: {
            type: 'string',
            description: `The window, 1 to ${MAX_THROUGHPUT_MINUTES} minutes (default ${DEFAULT_THROUGHPUT_MINUTES})`,
          },
          blocks: {
            type: 'string',
            description: `Read at most this many newest blocks (1 to ${MAX_THROUGHPUT_BLOCKS}, the default)`,
          },
        },
      },
    },
    handler: async (request) => {
      requireBrowser(request);
      const query = request.query as Record<string, unknown>;
      const minutes = optionalInt('minutes', query.minutes, 1, MAX_THROUGHPUT_MINUTES) ?? DEFAULT_THROUGHPUT_MINUTES;
      const maxBlocks = optionalInt('blocks', query.blocks, 1, MAX_THROUGHPUT_BLOCKS) ?? MAX_THROUGHPUT_BLOCKS;
      return throughput(gatewayOf(request), ledger, { now: ctx.clock(), minutes, maxBlocks });
    },
  });

  registerBlockStream(app, ctx, ledger, requireBrowser, gatewayOf);

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

/**
 * `GET /api/explorer/blocks/stream`: server-sent events, one per block the peer commits from now on (`id:` the
 * block number, `event: block`, `data:` its header facts and actions), through the Deliver service as the
 * caller. `Last-Event-ID` (or `?after=`) resumes after that block. The stream ends when the peer's stream ends;
 * clients reconnect with the last id. Hidden from the OpenAPI document, like the event stream.
 */
function registerBlockStream(
  app: FastifyInstance,
  ctx: AppContext,
  ledger: LedgerExplorer,
  requireBrowser: (request: FastifyRequest) => void,
  gatewayOf: (request: FastifyRequest) => ReturnType<AppContext['pool']['gateway']>,
): void {
  const open = new Set<ServerResponse>();
  app.addHook('preClose', async () => {
    for (const response of open) response.end();
  });
  app.get('/api/explorer/blocks/stream', {
    config: { auth: 'user' },
    schema: { hide: true },
    handler: async (request, reply) => {
      requireBrowser(request);
      const header = request.headers['last-event-id'];
      const resume = (typeof header === 'string' && header) || (request.query as { after?: unknown }).after;
      const after = optionalInt('after', resume, 0, Number.MAX_SAFE_INTEGER);
      const gateway = gatewayOf(request);
      const { height } = await ledger.chainInfo(gateway);
      if (after !== undefined && after >= height)
        throw badRequest('INVALID_ARGUMENT', `after: the ledger has ${height} blocks; resume after one of them`, {
          issues: [{ path: 'after', message: `a block number below ${height}` }],
        });
      const response = reply.raw;
      // Blocks that arrive before the headers went out wait for them.
      let pending: string[] | undefined = [];
      let endedEarly = false;
      const write = (text: string) => {
        if (pending) pending.push(text);
        else if (!response.writableEnded) response.write(text);
      };
      const stop = await followBlocks({
        gateway,
        channel: ctx.directory.channel,
        ledger,
        startBlock: after !== undefined ? after + 1 : height,
        onBlock: (entry) => write(`id: ${entry.number}\nevent: block\ndata: ${JSON.stringify(entry)}\n\n`),
        onEnd: (err) => {
          if (err) ctx.logger.warn({ err }, 'block stream ended');
          if (pending) endedEarly = true;
          else if (!response.writableEnded) response.end();
        },
      });
      reply.hijack();
      response.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
      });
      response.write(['retry: 5000\n\n', ...pending].join(''));
      pending = undefined;
      if (endedEarly) return void response.end();
      open.add(response);
      const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), HEARTBEAT_MS);
      heartbeat.unref();
      response.on('close', () => {
        open.delete(response);
        clearInterval(heartbeat);
        stop();
      });
    },
  });
}
