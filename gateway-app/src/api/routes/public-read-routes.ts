import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app-context';
import type { ScenarioView } from '../../scenarios/scenario-view';
import { assembleRequest, validateRequest } from '../action-input';
import { actionSchemaOf } from '../action-schema';
import { errorResponses } from '../openapi-components';
import { parseResult } from './submission';

/**
 * The queries a scenario marks public (`publicReads`, e.g. a charity project's page), served without sign-in at
 * `/api/public/<scenario><derived path>` with the flow's own request schema. They run as the app's public
 * identity on a peer that has the chaincode; the kit let only queries readable by every member be marked public.
 */
export function registerPublicReadRoutes(app: FastifyInstance, ctx: AppContext, scenario: ScenarioView): void {
  const publicReads = scenario.descriptor.publicReads ?? [];
  for (const action of scenario.actions.filter((a) => publicReads.includes(a.transaction))) {
    const schema = actionSchemaOf(action);
    app.route({
      method: action.method,
      url: `/api/public/${scenario.id}${action.path}`,
      config: { auth: 'public' },
      serializerCompiler: () => (data) => JSON.stringify(data),
      schema: {
        operationId: `public.${scenario.id}.${action.transaction}`,
        tags: ['Public'],
        summary: `${scenario.title}: ${action.summary}`,
        description: `${action.flow.description}\n\nNo sign-in. Chaincode \`${scenario.chaincode}\`, evaluate transaction \`${action.transaction}\`.`,
        ...(schema.params ? { params: schema.params } : {}),
        ...(schema.querystring ? { querystring: schema.querystring } : {}),
        ...(schema.body ? { body: schema.body } : {}),
        response: { 400: errorResponses[400], 404: errorResponses[404], 503: errorResponses[503] },
      },
      handler: async (request, reply) => {
        const params = request.params as Record<string, string>;
        const input = assembleRequest(schema, params, request.query as Record<string, unknown>, request.body);
        validateRequest(action.flow, input);
        const tx = { chaincode: scenario.chaincode, transaction: action.transaction, args: [JSON.stringify(input)] };
        return reply.send(parseResult(await ctx.runner.evaluate(ctx.publicIdentityFor(scenario.chaincode), tx)));
      },
    });
  }
}
