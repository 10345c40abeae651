import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app-context';
import { badRequest, notFound } from '../../errors/app-error';
import type { ScenarioView } from '../../scenarios/scenario-view';
import { principalOf } from '../access';
import { jsonSchemaOf, parseWith } from '../body-schema';
import { errorResponses } from '../openapi-components';
import { readModelScope, requireReadModel, scenarioActor } from '../scenario-access';

const listQuery = z
  .object({
    status: z.string().max(64).optional(),
    q: z.string().max(200).optional(),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
    bookmark: z.string().regex(/^\d*$/, 'a bookmark from a previous page').default(''),
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

  app.get(`/api/${scenario.id}/search/:recordType`, {
    config: { auth: 'user' },
    schema: {
      tags,
      summary: 'List records with filters (newest change first)',
      description: `Record types: ${scenario.records.map((r) => r.type).join(', ')}. Any event detail column may be used as an exact filter (e.g. custodian=LogisticsMSP); q matches any part of the ID, state or details.`,
      security: [{ bearer: [] }],
      params: {
        type: 'object',
        properties: { recordType: { type: 'string', enum: scenario.records.map((r) => r.type) } },
        required: ['recordType'],
      },
      querystring: { ...jsonSchemaOf(listQuery), additionalProperties: { type: 'string' } },
      response: { 400: errorResponses[400], 401: errorResponses[401], 403: errorResponses[403] },
    },
    handler: async (request) => {
      const view = viewOf((request.params as { recordType: string }).recordType);
      const scope = requireReadModel(scenarioActor(ctx, principalOf(request), scenario), scenario, view);
      const { status, q, pageSize, bookmark, ...rest } = parseWith(listQuery, request.query);
      const fields: Record<string, string> = {};
      for (const [field, value] of Object.entries(rest)) {
        if (!view.columns.includes(field))
          throw badRequest(
            'INVALID_ARGUMENT',
            `unknown filter ${field}; filters: status, q, ${view.columns.join(', ')}`,
          );
        fields[field] = value as string;
      }
      if (scope.visible && scope.own) fields[scope.own.field] = scope.own.value;
      return ctx.readModel.listRecords({
        scenario: scenario.id,
        recordType: view.type,
        status,
        q,
        fields,
        pageSize,
        bookmark,
      });
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
