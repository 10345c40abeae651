import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app-context';
import { actionSchemaOf } from '../action-schema';
import { organisationsOf } from './catalog-routes';
import { publicCatalogResponse } from './catalog-schema';

/**
 * What the web UI's public pages are built from, for anyone: each scenario with public reads (a charity
 * project's page), its words per language, its record views and the reads as routes under `/api/public` with
 * their request schemas; the orgs by name. Nothing here depends on who asks.
 */
export function registerPublicCatalogRoute(app: FastifyInstance, ctx: AppContext): void {
  const items = ctx.scenarios
    .filter((scenario) => (scenario.descriptor.publicReads ?? []).length > 0)
    .map((scenario) => {
      const publicReads = scenario.descriptor.publicReads ?? [];
      return {
        id: scenario.id,
        title: scenario.title,
        summary: scenario.summary,
        labels: scenario.labels,
        records: scenario.records.map(({ type, title, collection, keyField }) => ({
          type,
          title,
          collection,
          keyField,
        })),
        reads: scenario.actions
          .filter((action) => publicReads.includes(action.transaction))
          .map((action) => {
            const schema = actionSchemaOf(action);
            return {
              transaction: action.transaction,
              method: action.method,
              path: `/api/public/${scenario.id}${action.path}`,
              summary: action.summary,
              description: action.flow.description,
              ...(action.record ? { record: action.record.type } : {}),
              request: schema.request,
              pathParams: schema.pathParams,
            };
          }),
      };
    });
  app.get('/api/public/scenarios', {
    config: { auth: 'public' },
    schema: {
      tags: ['Public'],
      summary: 'Scenarios with public pages, their reads and words (no sign-in)',
      response: { 200: publicCatalogResponse },
    },
    serializerCompiler: () => (data) => JSON.stringify(data),
    handler: async () => ({ organisations: organisationsOf(ctx), items }),
  });
}
