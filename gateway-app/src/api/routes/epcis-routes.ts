import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app-context';
import type { Principal } from '../../auth/principal';
import { AppError, badRequest } from '../../errors/app-error';
import { toAppError } from '../../fabric/fabric-error';
import type { ScenarioView } from '../../scenarios/scenario-view';
import { uomOf } from '../../epcis/epcis-vocabulary';
import { planCapture, type PlannedStep } from '../../epcis/capture-plan';
import {
  depthExceeds,
  EPCIS_CONTEXT,
  epcisDocument,
  MAX_DEPTH,
  MAX_EVENTS,
  MAX_ITEMS,
} from '../../epcis/epcis-document';
import {
  encodePageToken,
  historyQuery,
  matchesQuery,
  parseEventQuery,
  QUERY_PARAMETERS,
  QueryError,
  type EventQuery,
} from '../../epcis/event-query';
import { ledgerEvent, type LedgerLookups, type TransformationFacts } from '../../epcis/ledger-events';
import type { TimelineEntry } from '../../readmodel/read-model-queries';
import { principalOf } from '../access';
import { errorResponses } from '../openapi-components';
import { transactionOf } from '../private-input';
import { parseResult } from './submission';

/** Read-model events one query page scans at most, so a narrow query over a long ledger answers promptly. */
const SCAN_LIMIT = 5000;
/**
 * Read-model rows read at once. Larger than the most events one transaction emits (commissionMany: 500 batches;
 * a pallet: 200 batches and itself), so a chunk that does not end the read model holds at least one whole
 * transaction and its cut-off last one is left for the next chunk.
 */
const SCAN_CHUNK = 1000;
const TAG = 'Supply chain traceability: EPCIS 2.0';

/**
 * GS1 EPCIS 2.0 for the supply chain: capture (`POST /epcis/capture`) maps an EPCISDocument onto the chaincode's
 * transactions, run as the signed-in user's own identity; queries (`GET /epcis/events`, `GET /epcis/epcs/{epc}/events`)
 * answer EPCIS 2.0 JSON-LD built from the chaincode events in the read model. Mounted when the app serves the
 * supply chain.
 */
export async function registerEpcisRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const scenario = ctx.scenarios.find((s) => s.id === 'supply-chain');
  if (!scenario) return;
  await app.register(async (epcis) => {
    // JSON-LD is JSON: EPCIS clients send `application/ld+json`.
    epcis.addContentTypeParser(
      'application/ld+json',
      { parseAs: 'string' },
      epcis.getDefaultJsonParser('error', 'error'),
    );
    epcis.post('/epcis/capture', { config: { auth: 'user' }, schema: captureSchema }, (request, reply) =>
      capture(ctx, scenario, request, reply),
    );
    epcis.get('/epcis/events', { config: { auth: 'user' }, schema: eventsSchema }, (request, reply) =>
      answerQuery(ctx, scenario, request, reply, () => parseEventQuery(request.query as Record<string, unknown>)),
    );
    epcis.get('/epcis/epcs/:epc/events', { config: { auth: 'user' }, schema: historySchema }, (request, reply) =>
      answerQuery(ctx, scenario, request, reply, () =>
        historyQuery((request.params as { epc: string }).epc, request.query as Record<string, unknown>),
      ),
    );
  });
}

function evaluator(ctx: AppContext, scenario: ScenarioView, principal: Principal) {
  const identity = ctx.identities.identityOf(principal);
  return async (transaction: string, input: Record<string, unknown>): Promise<unknown> => {
    const action = scenario.actions.find((a) => a.transaction === transaction)!;
    return parseResult(
      await ctx.runner.evaluate(identity, transactionOf(scenario.chaincode, transaction, action.flow, input)),
    );
  };
}

async function capture(ctx: AppContext, scenario: ScenarioView, request: FastifyRequest, reply: FastifyReply) {
  const principal = principalOf(request);
  if (depthExceeds(request.body, MAX_DEPTH)) {
    throw badRequest('INVALID_EPCIS_DOCUMENT', `the document nests deeper than ${MAX_DEPTH} levels`);
  }
  const parsed = epcisDocument.safeParse(request.body);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 20)
      .map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    throw badRequest(
      'INVALID_EPCIS_DOCUMENT',
      `not an EPCIS 2.0 document: ${issues.map((i) => `${i.path || '(document)'}: ${i.message}`).join('; ')}`,
      { issues },
    );
  }
  const { steps, unsupported } = planCapture(parsed.data, principal.mspId);
  if (unsupported.length) {
    const named = unsupported.map((u) => (u.eventIndex < 0 ? u.feature : `event ${u.eventIndex}: ${u.feature}`));
    throw badRequest('UNSUPPORTED_EPCIS_FEATURE', `nothing was captured; unsupported: ${named.join('; ')}`, {
      unsupported,
    });
  }
  const evaluate = evaluator(ctx, scenario, principal);
  try {
    await checkAgainstLedger(steps, evaluate);
  } catch (err) {
    throw toAppError(err);
  }
  const identity = ctx.identities.identityOf(principal);
  const recorded: { eventIndex: number; transaction: string; transactionId: string; blockNumber: number }[] = [];
  for (const step of steps) {
    const action = scenario.actions.find((a) => a.transaction === step.transaction)!;
    try {
      const tx = transactionOf(scenario.chaincode, step.transaction, action.flow, step.request);
      const committed = await ctx.runner.submit(identity, tx);
      ctx.epcisEvents.keep(committed.transactionId, principal.username, step.kept);
      recorded.push({ eventIndex: step.eventIndex, transaction: step.transaction, ...committed });
    } catch (err) {
      const error = toAppError(err);
      if (recorded.length === 0) {
        const message = `event ${step.eventIndex}: ${error.message}; nothing was captured`;
        throw new AppError(error.status, error.code, message, { eventIndex: step.eventIndex });
      }
      throw new AppError(
        error.status,
        error.code,
        `event ${step.eventIndex}: ${error.message}; events before it were recorded (Fabric commits each transaction on its own)`,
        {
          eventIndex: step.eventIndex,
          recorded: recorded.map(({ eventIndex, transactionId }) => ({ eventIndex, transactionId })),
        },
      );
    }
  }
  // Read your writes: a query right after the capture finds the events.
  const listener = ctx.listeners.get(scenario.id);
  const last = recorded[recorded.length - 1];
  if (listener && last) await listener.waitForTransaction(last.transactionId).catch(() => undefined);
  return reply.send({
    captured: recorded.length,
    events: recorded.map(({ eventIndex, transaction, transactionId, blockNumber }) => ({
      eventIndex,
      transaction,
      transactionId,
      blockNumber,
    })),
  });
}

/**
 * What the app checks on the ledger before writing anything: each new batch's unit is its product's, and a
 * quantity given for a batch that moves is all of it (a part would split the lot into a new batch, which EPCIS
 * cannot name). A batch made earlier in the same document counts with the quantity it was made with.
 */
async function checkAgainstLedger(
  steps: PlannedStep[],
  evaluate: (transaction: string, input: Record<string, unknown>) => Promise<unknown>,
): Promise<void> {
  const units = new Map<string, string>();
  const planned = new Map<string, number>();
  const held = async (batchId: string) => {
    if (!planned.has(batchId)) {
      const batch = (await evaluate('getBatch', { batchId })) as { data: { quantity: number } };
      planned.set(batchId, batch.data.quantity);
    }
    return planned.get(batchId)!;
  };
  for (const step of steps) {
    for (const check of step.checks) {
      if (check.kind === 'unit') {
        if (!units.has(check.productId)) {
          const product = (await evaluate('getProduct', { productId: check.productId })) as { data: { unit: string } };
          units.set(check.productId, product.data.unit);
        }
        const unit = units.get(check.productId)!;
        const { serialised } = check;
        if (serialised && unit !== 'each') {
          throw badRequest(
            'UNSUPPORTED_EPCIS_FEATURE',
            `event ${step.eventIndex}: ${check.where}: serialised items of ${check.productId}, which is counted in ${unit}, not each`,
          );
        }
        if (!serialised && uomOf(unit) !== check.uom) {
          throw badRequest(
            'INVALID_EPCIS_DOCUMENT',
            `event ${step.eventIndex}: ${check.where}: uom ${check.uom ?? '(none)'}, but ${check.productId} is counted in ${unit} (${uomOf(unit) ?? 'no uom'})`,
          );
        }
      } else {
        const holding = await held(check.batchId);
        if (holding !== check.quantity) {
          throw badRequest(
            'UNSUPPORTED_EPCIS_FEATURE',
            `event ${step.eventIndex}: ${check.where}: quantity ${check.quantity} of a batch holding ${holding}: part of a lot (the ledger would split it into a new batch)`,
          );
        }
      }
    }
    for (const [batchId, quantity] of madeBy(step)) planned.set(batchId, quantity);
    if (step.transaction === 'transform') {
      for (const input of step.request.inputs as { batchId: string; quantity: number }[]) {
        planned.set(input.batchId, (await held(input.batchId)) - input.quantity);
      }
    }
  }
}

/** The batches a step makes, with their quantities. */
function madeBy(step: PlannedStep): [string, number][] {
  const { request } = step;
  const made =
    step.transaction === 'commission'
      ? [request]
      : step.transaction === 'commissionMany'
        ? (request.batches as Record<string, unknown>[])
        : step.transaction === 'transform'
          ? (request.outputs as Record<string, unknown>[])
          : [];
  return made.map((batch) => [String(batch.batchId), Number(batch.quantity)]);
}

function lookupsFor(
  evaluate: (transaction: string, input: Record<string, unknown>) => Promise<unknown>,
): LedgerLookups {
  const units = new Map<string, Promise<string | undefined>>();
  return {
    unitOf(productId) {
      if (!units.has(productId)) {
        units.set(
          productId,
          evaluate('getProduct', { productId }).then(
            (answer) => (answer as { data: { unit: string } }).data.unit,
            () => undefined,
          ),
        );
      }
      return units.get(productId)!;
    },
    async transformation(transformationId) {
      try {
        return ((await evaluate('getTransformation', { transformationId })) as { data: TransformationFacts }).data;
      } catch {
        return undefined;
      }
    },
  };
}

async function answerQuery(
  ctx: AppContext,
  scenario: ScenarioView,
  request: FastifyRequest,
  reply: FastifyReply,
  parse: () => EventQuery,
) {
  const principal = principalOf(request);
  let query: EventQuery;
  try {
    query = parse();
  } catch (err) {
    if (err instanceof QueryError) throw badRequest('INVALID_QUERY', err.message);
    throw err;
  }
  const lookups = lookupsFor(evaluator(ctx, scenario, principal));
  const events: Record<string, unknown>[] = [];
  let position = query.afterSeq;
  let scanned = 0;
  let exhausted = false;
  while (events.length < query.perPage && scanned < SCAN_LIMIT) {
    const rows = ctx.readModel.eventsAfter(scenario.id, position, SCAN_CHUNK);
    if (rows.length === 0) {
      exhausted = true;
      break;
    }
    const groups = byTransaction(rows, rows.length < SCAN_CHUNK);
    if (groups.length === 0) break;
    for (const group of groups) {
      scanned += group.length;
      position = group[group.length - 1]!.seq;
      const built = await ledgerEvent(group, lookups, ctx.epcisEvents.find(group[0]!.transactionId));
      if (built && matchesQuery(query, built)) events.push(built.event);
      if (events.length >= query.perPage) break;
    }
    if (rows.length < SCAN_CHUNK && position === rows[rows.length - 1]!.seq) exhausted = true;
  }
  if (!exhausted && ctx.readModel.eventsAfter(scenario.id, position, 1).length === 0) exhausted = true;
  if (!exhausted) {
    const next = new URLSearchParams(request.query as Record<string, string>);
    next.set('nextPageToken', encodePageToken(position));
    void reply.header('link', `<${request.url.split('?')[0]}?${next.toString()}>; rel="next"`);
  }
  return reply.type('application/ld+json').send({
    '@context': [EPCIS_CONTEXT],
    type: 'EPCISQueryDocument',
    schemaVersion: '2.0',
    creationDate: new Date().toISOString(),
    epcisBody: { queryResults: { queryName: 'SimpleEventQuery', resultsBody: { eventList: events } } },
  });
}

/** Rows grouped by transaction (rows of one transaction are consecutive); the last group only if `complete`. */
function byTransaction<T extends TimelineEntry>(rows: T[], complete: boolean): T[][] {
  const groups: T[][] = [];
  for (const row of rows) {
    const current = groups[groups.length - 1];
    if (current && current[0]!.transactionId === row.transactionId) current.push(row);
    else groups.push([row]);
  }
  if (!complete && groups.length > 1) groups.pop();
  return groups;
}

const queryDocument = {
  description: 'An EPCISQueryDocument (JSON-LD); a `Link: <...>; rel="next"` header names the next page',
  type: 'object',
  additionalProperties: true,
};
const queryParameters = {
  type: 'object',
  properties: Object.fromEntries(
    Object.entries(QUERY_PARAMETERS).map(([name, description]) => [name, { type: 'string', description }]),
  ),
};

const captureSchema = {
  operationId: 'epcis.capture',
  tags: [TAG],
  summary: 'Capture an EPCIS 2.0 document',
  description: [
    'An EPCISDocument (`application/json` or `application/ld+json`), at most',
    `${MAX_EVENTS} events of at most ${MAX_ITEMS} items each, nesting at most ${MAX_DEPTH} levels.`,
    'Each event becomes one supply-chain transaction, as the signed-in user’s own identity:',
    'ObjectEvent ADD commissioning → commission/commissionMany; OBSERVE shipping (one owning_party destination) → shipBatch/shipPallet;',
    'OBSERVE receiving → receiveBatch/receivePallet; OBSERVE void_shipping → cancel…Shipment;',
    'OBSERVE inspecting (conformant/non_conformant, eventID, certificationInfo ni:///sha-256;…) → inspect;',
    'AggregationEvent ADD packing / DELETE unpacking → aggregate/disaggregate; TransformationEvent → transform.',
    'Identifiers: GS1 Digital Link or EPC URN (SGTIN, LGTIN, SSCC, GLN); see gateway-app/README.md for the mapping to ledger IDs.',
    'The whole document is checked first: if any event cannot be mapped, the answer is 400 UNSUPPORTED_EPCIS_FEATURE naming every',
    'unsupported feature and nothing is written. Events are then committed in order, one transaction each; if the ledger refuses one',
    '(custody, state), the events before it stay recorded and the error lists them (`recorded`).',
    'eventID, eventTime, readPoint, sensorElementList, bizTransactionList, certificationInfo and ilmd are kept by this app with the transaction.',
  ].join(' '),
  security: [{ bearer: [] }],
  body: { type: 'object', description: 'An EPCISDocument', additionalProperties: true },
  response: {
    200: {
      description: 'Every event recorded: its transaction and block',
      type: 'object',
      properties: {
        captured: { type: 'integer' },
        events: {
          type: 'array',
          description: 'Per event: eventIndex, transaction, transactionId, blockNumber',
          items: { type: 'object', additionalProperties: true },
        },
      },
    },
    ...errorResponses,
    400: {
      description:
        'Not an EPCIS 2.0 document (INVALID_EPCIS_DOCUMENT), or an unsupported feature (UNSUPPORTED_EPCIS_FEATURE)',
      $ref: 'Error#',
    },
  },
};

const eventsSchema = {
  operationId: 'epcis.events',
  tags: [TAG],
  summary: 'Query EPCIS events',
  description:
    'EPCIS 2.0 events built from the ledger, oldest first. Supported parameters are listed; any other is refused with 400 INVALID_QUERY naming it. Value lists are separated by `|` or `,`.',
  security: [{ bearer: [] }],
  querystring: queryParameters,
  response: { 200: queryDocument, ...errorResponses },
};

const historySchema = {
  operationId: 'epcis.epcEvents',
  tags: [TAG],
  summary: 'Event history of one EPC',
  description:
    'Every event naming the item (SGTIN, LGTIN, SSCC: Digital Link or URN, URL-encoded) in any role, oldest first; the query parameters of /epcis/events apply.',
  security: [{ bearer: [] }],
  params: { type: 'object', required: ['epc'], properties: { epc: { type: 'string' } } },
  querystring: queryParameters,
  response: { 200: queryDocument, ...errorResponses },
};
