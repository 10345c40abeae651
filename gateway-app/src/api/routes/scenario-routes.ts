import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app-context';
import { describeReadRule, describeRule } from '@scenechain/scene-kit';
import type { ActionSpec, ScenarioSpec } from '../../scenarios/scenario';
import { principalOf } from '../access';
import { assembleRequest, validateRequest } from '../action-input';
import { actionSchemaOf } from '../action-schema';
import { errorResponses } from '../openapi-components';
import { idempotencyHeaders, parseResult, submitFor, withIdempotency } from './submission';

/** Who the chaincode lets run it, for the OpenAPI description. */
function whoMay(action: ActionSpec): string {
  if (action.flow.kind === 'evaluate') return ` Readable by: ${describeReadRule(action.flow.readers)}.`;
  return action.allowed ? ` Allowed: ${describeRule(action.allowed)}.` : '';
}

/**
 * One route per chaincode transaction of a scenario, declared by its table: requests are checked against the
 * chaincode's own schema, run as the signed-in user's Fabric identity, and answered as JSON.
 */
export function registerScenarioRoutes(app: FastifyInstance, ctx: AppContext, scenario: ScenarioSpec): void {
  for (const action of scenario.actions) {
    const schema = actionSchemaOf(action);
    const isSubmit = action.flow.kind === 'submit';
    app.route({
      method: action.method,
      url: `/api/${scenario.id}${action.path}`,
      config: { auth: 'user' },
      schema: {
        operationId: `${scenario.id}.${action.transaction}`,
        tags: [`${scenario.title}: ${action.tag}`],
        summary: action.summary,
        description: `${action.flow.description}\n\nChaincode \`${scenario.chaincode}\`, ${isSubmit ? 'submit' : 'evaluate'} transaction \`${action.transaction}\`.${whoMay(action)}`,
        security: [{ bearer: [] }],
        ...(schema.params ? { params: schema.params } : {}),
        ...(schema.querystring ? { querystring: schema.querystring } : {}),
        ...(schema.body ? { body: schema.body } : {}),
        ...(isSubmit ? { headers: idempotencyHeaders } : {}),
        response: isSubmit
          ? { 200: { $ref: 'Committed#' }, 202: { $ref: 'Accepted#' }, ...errorResponses }
          : {
              200: { description: "The chaincode's answer", type: 'object', additionalProperties: true },
              ...errorResponses,
            },
      },
      handler: async (request, reply) => {
        const principal = principalOf(request);
        const input = assembleRequest(
          schema,
          request.params as Record<string, string>,
          request.query as Record<string, unknown>,
          request.body,
        );
        validateRequest(action.flow, input);
        const tx = { chaincode: scenario.chaincode, transaction: action.transaction, args: [JSON.stringify(input)] };
        if (!isSubmit) {
          const answer = await ctx.runner.evaluate(ctx.identities.identityOf(principal), tx);
          return reply.send(parseResult(answer));
        }
        return withIdempotency(ctx, request, reply, principal, (entryId) =>
          submitFor(ctx, request, principal, scenario.id, tx, entryId),
        );
      },
    });
  }
}
