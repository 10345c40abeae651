import '../../scenarios/contract-api-quiet';
import type { FastifyInstance } from 'fastify';
import { mayAct } from '@scenechain/scene-kit';
import type { AppContext } from '../../app-context';
import { principalOf } from '../access';
import { actionSchemaOf } from '../action-schema';

/**
 * What the web UI builds its pages from: each scenario's record views and actions with their request
 * schemas, marked with whether the signed-in user's org and role may perform them.
 */
export function registerCatalogRoutes(app: FastifyInstance, ctx: AppContext): void {
  const catalog = ctx.scenarios.map((scenario) => ({
    scenario,
    actions: scenario.actions.map((action) => ({ action, schema: actionSchemaOf(action) })),
  }));
  app.get('/api/scenarios', {
    config: { auth: 'user' },
    schema: {
      tags: ['Catalog'],
      summary: 'Scenarios, record views and actions for the signed-in user',
      security: [{ bearer: [] }],
    },
    handler: async (request) => {
      const principal = principalOf(request);
      const actor = { mspId: principal.mspId, user: principal.fabricUser, role: principal.role };
      return {
        orgs: ctx.directory.orgs.map((org) => org.mspId),
        items: catalog.map(({ scenario, actions }) => ({
          id: scenario.id,
          title: scenario.title,
          summary: scenario.summary,
          records: scenario.records,
          actions: actions.map(({ action, schema }) => ({
            transaction: action.transaction,
            kind: action.flow.kind,
            method: action.method,
            path: `/api/${scenario.id}${action.path}`,
            summary: action.summary,
            description: action.flow.description,
            tag: action.tag,
            allowed: action.allowed ? mayAct(actor, action.allowed) : true,
            request: schema.request,
            pathParams: schema.pathParams,
          })),
        })),
      };
    },
  });
}
