import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app-context';
import { badRequest, notFound } from '../../errors/app-error';
import type { RecordView, ScenarioView } from '../../scenarios/scenario-view';
import { principalOf } from '../access';
import { jsonSchemaOf, parseWith } from '../body-schema';
import { errorResponses } from '../openapi-components';
import { readModelScope, requireReadModel, scenarioActor } from '../scenario-access';
import { recordsCsv } from '../../readmodel/records-csv';
import type { RecordFilter } from '../../readmodel/read-model-queries';

/** The most rows one CSV export holds. */
const CSV_MAX_ROWS = 10_000;

const listQuery = z
  .object({
    status: z.string().max(64).optional(),
    q: z.string().max(200).optional(),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
    bookmark: z.string().regex(/^\d*$/, 'a bookmark from a previous page').default(''),
    format: z.enum(['json', 'csv']).default('json'),
    /** CSV only: at most this many rows (newest change first). */
    limit: z.coerce.number().int().min(1).max(CSV_MAX_ROWS).default(CSV_MAX_ROWS),
  })
  .catchall(z.string().max(200));

/**
 * Fast reads from the read model (fed by chaincode events): a dashboard, filtered lists of each record type
 * and record timelines. The ledger stays the source of truth; detail pages read it through the scenario routes.
 * Record types holding personal data (`readModel` in the scenario table) are shown only to the users the
 * chaincode lets read them, so the read model serves nothing around the chaincode's read rules.
 */
export function registerReadModelRoutes(app: FastifyInstance, ctx: AppContext, scenario: ScenarioView): void {
  const tags = [`${scenario.title}: read model`];
  const viewOf = (recordType: string) => {
    const view = scenario.records.find((r) => r.type === recordType);
    if (!view) throw notFound('ROUTE_NOT_FOUND', `${scenario.id} has no record type ${recordType}`);
    return view;
  };

  app.get(`/api/${scenario.id}/dashboard`, {
    config: { auth: 'user' },
    schema: { tags, summary: 'Counts per record type and state, latest events', security: [{ bearer: [] }] },
    handler: async (request) => {
      const actor = scenarioActor(ctx, principalOf(request), scenario);
      const hidden = scenario.records.filter((view) => !readModelScope(actor, view).visible).map((view) => view.type);
      return ctx.readModel.dashboard(scenario.id, 15, hidden);
    },
  });

  /** The filter of a list request, with the user's access scope (own org's rows) applied. */
  const filterOf = (request: FastifyRequest, recordType: string) => {
    const view = viewOf(recordType);
    const scope = requireReadModel(scenarioActor(ctx, principalOf(request), scenario), scenario, view);
    const { status, q, pageSize, bookmark, format, limit, ...rest } = parseWith(listQuery, request.query);
    const contains: Record<string, string> = {};
    for (const [field, value] of Object.entries(rest)) {
      if (!view.columns.includes(field))
        throw badRequest('INVALID_ARGUMENT', `unknown filter ${field}; filters: status, q, ${view.columns.join(', ')}`);
      contains[field] = value as string;
    }
    const fields: Record<string, string> = scope.visible && scope.own ? { [scope.own.field]: scope.own.value } : {};
    const filter: Omit<RecordFilter, 'pageSize' | 'bookmark'> = {
      scenario: scenario.id,
      recordType: view.type,
      status,
      q,
      contains,
      fields,
    };
    return { view, filter, query: { pageSize, bookmark, format, limit } };
  };

  /** CSV of a filtered list: UTF-8 with a BOM (Excel), field names as header, formula-like cells defused. */
  const sendCsv = (
    reply: FastifyReply,
    view: RecordView,
    filter: Omit<RecordFilter, 'pageSize' | 'bookmark'>,
    limit: number,
  ) =>
    reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${scenario.id}-${view.type}.csv"`)
      .header('x-row-limit', String(limit))
      .send(Readable.from(recordsCsv(ctx.readModel, filter, view.columns, limit)));

  const listDescription = `Record types: ${scenario.records.map((r) => r.type).join(', ')}. Any event detail column may be used as a filter (e.g. custodian=logistics): it matches any part of the value, in any case; status matches the whole state in any case; q matches any part of the ID, state or details, in any case. format=csv answers the same rows as CSV (at most limit, ${CSV_MAX_ROWS} by default).`;
  const listSchema = {
    tags,
    security: [{ bearer: [] }],
    querystring: { ...jsonSchemaOf(listQuery), additionalProperties: { type: 'string' } },
    response: { 400: errorResponses[400], 401: errorResponses[401], 403: errorResponses[403] },
  };
  const recordTypeParam = {
    type: 'object',
    properties: { recordType: { type: 'string', enum: scenario.records.map((r) => r.type) } },
    required: ['recordType'],
  };

  app.get(`/api/${scenario.id}/search/:recordType`, {
    config: { auth: 'user' },
    schema: {
      ...listSchema,
      summary: 'List records with filters (newest change first)',
      description: listDescription,
      params: recordTypeParam,
    },
    handler: async (request, reply) => {
      const { view, filter, query } = filterOf(request, (request.params as { recordType: string }).recordType);
      if (query.format === 'csv') return sendCsv(reply, view, filter, query.limit);
      return ctx.readModel.listRecords({ ...filter, pageSize: query.pageSize, bookmark: query.bookmark });
    },
  });

  app.get(`/api/${scenario.id}/search/:recordType.csv`, {
    config: { auth: 'user' },
    schema: {
      ...listSchema,
      summary: 'Export a filtered list as CSV (UTF-8 with BOM)',
      description: listDescription,
      params: recordTypeParam,
    },
    handler: async (request, reply) => {
      const { view, filter, query } = filterOf(request, (request.params as { recordType: string }).recordType);
      return sendCsv(reply, view, filter, query.limit);
    },
  });

  app.get(`/api/${scenario.id}/timeline/:recordType/:id`, {
    config: { auth: 'user' },
    schema: { tags, summary: "A record's events, oldest first", security: [{ bearer: [] }] },
    handler: async (request) => {
      const { recordType, id } = request.params as { recordType: string; id: string };
      const view = viewOf(recordType);
      const scope = requireReadModel(scenarioActor(ctx, principalOf(request), scenario), scenario, view);
      const record = ctx.readModel.record(scenario.id, view.type, id);
      if (scope.visible && scope.own && record && record.details[scope.own.field] !== scope.own.value) {
        return { record: null, items: [] };
      }
      return { record: record ?? null, items: ctx.readModel.timeline(scenario.id, view.type, id) };
    },
  });
}
