import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app-context';
import type { Principal } from '../../auth/principal';
import { AppError, badRequest } from '../../errors/app-error';
import { toAppError } from '../../fabric/fabric-error';
import type { ScenarioView } from '../../scenarios/scenario-view';
import { planCapture } from '../../epcis/capture-plan';
import { depthExceeds, EPCIS_CONTEXT, epcisDocument, MAX_DEPTH } from '../../epcis/epcis-document';
import { lookupsFor, pageOfEvents } from '../../epcis/event-pages';
import { encodePageToken, historyQuery, parseEventQuery, QueryError, type EventQuery } from '../../epcis/event-query';
import { checkAgainstLedger } from '../../epcis/ledger-checks';
import type { Evaluate } from '../../epcis/ledger-events';
import { principalOf } from '../access';
import { transactionOf } from '../private-input';
import { captureSchema, eventsSchema, historySchema } from './epcis-openapi';
import { parseResult } from './submission';

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

function evaluator(ctx: AppContext, scenario: ScenarioView, principal: Principal): Evaluate {
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
  const page = await pageOfEvents(ctx.readModel, ctx.epcisEvents, scenario.id, query, lookups);
  if (!page.exhausted) {
    const next = new URLSearchParams(request.query as Record<string, string>);
    next.set('nextPageToken', encodePageToken(page.position));
    void reply.header('link', `<${request.url.split('?')[0]}?${next.toString()}>; rel="next"`);
  }
  return reply.type('application/ld+json').send({
    '@context': [EPCIS_CONTEXT],
    type: 'EPCISQueryDocument',
    schemaVersion: '2.0',
    creationDate: new Date().toISOString(),
    epcisBody: { queryResults: { queryName: 'SimpleEventQuery', resultsBody: { eventList: page.events } } },
  });
}
