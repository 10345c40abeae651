import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app-context';
import { documentFieldsOf, withDocumentFacts } from '../../documents/document-facts';
import { describeReadRule, describeRule } from '@scenechain/scene-kit';
import type { ActionView, ScenarioView } from '../../scenarios/scenario-view';
import { principalOf } from '../access';
import { assembleRequest, validateRequest } from '../action-input';
import { actionSchemaOf, type JsonSchema } from '../action-schema';
import { errorResponses } from '../openapi-components';
import { recordActions } from '../record-actions';
import { idempotencyHeaders, parseResult, submitFor, withIdempotency } from './submission';
import { describeTransientFields, transactionOf, withGeneratedSalts } from '../private-input';

/** Who the chaincode lets run it, for the OpenAPI description. */
function whoMay(action: ActionView): string {
  if (action.flow.kind === 'evaluate') return ` Readable by: ${describeReadRule(action.flow.readers)}.`;
  return action.mayRun ? ` Allowed: ${describeRule(action.mayRun)}.` : '';
}

/** Which fields are private (transient data) and whose peers endorse, for the OpenAPI description. */
function privateNote(action: ActionView): string {
  const { transient } = action.flow;
  if (!transient) return '';
  const salts = transient.salts.length
    ? ` The app generates ${transient.salts.join(', ')} when absent and answers it in \`salts\` (also kept with the transaction's status).`
    : '';
  return ` Private fields (transient data, never on the ledger): ${transient.fields.join(', ')}.${salts}`;
}

/** A record type's JSON schema, from its zod schema (documentation: answers are the chaincode's, passed on). */
function recordSchema(action: ActionView): JsonSchema {
  const schema = action.record?.recordType.spec.schema;
  if (!schema) return { type: 'object', additionalProperties: true };
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, {
    io: 'output',
    target: 'openapi-3.0',
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
}

const storedRecord = (data: JsonSchema) => ({
  type: 'object',
  properties: {
    data,
    audit: {
      type: 'object',
      description: 'Who changed the record last, how and when (revision, txId, timestamp, actor, action, from, to)',
      additionalProperties: true,
    },
  },
});

const actionsSchema = {
  type: 'array',
  description: 'What the signed-in user may do to the record now (its state, their org, role and attributes)',
  items: {
    type: 'object',
    properties: {
      transaction: { type: 'string' },
      label: { type: 'string' },
      method: { type: 'string', enum: ['GET', 'POST'] },
      path: { type: 'string' },
    },
  },
};

/** The documented 200 answer of a route: a record with its actions, a record, or the Committed envelope. */
function okResponse(scenario: ScenarioView, action: ActionView): Record<string, unknown> {
  const isGet = action.record?.get === action.transaction;
  if (action.flow.kind === 'submit') {
    const result = action.record
      ? { result: { description: "The chaincode's answer", ...storedRecord(recordSchema(action)) } }
      : {};
    return {
      description: `Committed; \`result\` is the chaincode's answer${action.record ? ' (usually the record as stored)' : ''}`,
      allOf: [{ $ref: 'Committed#' }, { type: 'object', properties: result }],
    };
  }
  if (isGet) {
    const stored = storedRecord(recordSchema(action));
    return {
      description: `The ${action.record!.type} as stored, and the actions the user may take on it`,
      ...stored,
      properties: { ...stored.properties, actions: actionsSchema },
    };
  }
  return {
    description: `The answer of ${scenario.id}.${action.transaction}`,
    type: 'object',
    additionalProperties: true,
  };
}

/**
 * One route per flow of a scenario, at its derived path: requests are checked against the chaincode's own
 * schema, run as the signed-in user's Fabric identity, and answered as JSON. A record's `get` answer carries
 * the actions the user may take on it.
 */
export function registerScenarioRoutes(app: FastifyInstance, ctx: AppContext, scenario: ScenarioView): void {
  for (const action of scenario.actions) {
    const schema = actionSchemaOf(action);
    const isSubmit = action.flow.kind === 'submit';
    const record = action.record?.get === action.transaction ? action.record : undefined;
    const documentFields = isSubmit ? documentFieldsOf(action.flow) : [];
    app.route({
      method: action.method,
      url: `/api/${scenario.id}${action.path}`,
      config: { auth: 'user' },
      // The response schemas document the answers; the chaincode's JSON is sent as it is, never filtered.
      serializerCompiler: () => (data) => JSON.stringify(data),
      schema: {
        operationId: `${scenario.id}.${action.transaction}`,
        tags: [`${scenario.title}: ${action.tag}`],
        summary: action.summary,
        description: `${action.flow.description}\n\nChaincode \`${scenario.chaincode}\`, ${isSubmit ? 'submit' : 'evaluate'} transaction \`${action.transaction}\`.${whoMay(action)}${privateNote(action)}`,
        security: [{ bearer: [] }],
        ...(schema.params ? { params: schema.params } : {}),
        ...(schema.querystring ? { querystring: schema.querystring } : {}),
        ...(schema.body ? { body: describeTransientFields(schema.body, action.flow) } : {}),
        ...(isSubmit ? { headers: idempotencyHeaders } : {}),
        response: {
          200: okResponse(scenario, action),
          ...(isSubmit ? { 202: { $ref: 'Accepted#' } } : {}),
          ...errorResponses,
        },
      },
      handler: async (request, reply) => {
        const principal = principalOf(request);
        const assembled = assembleRequest(
          schema,
          request.params as Record<string, string>,
          request.query as Record<string, unknown>,
          request.body,
        );
        // The sizes and types of documents the request anchors, from the store that holds them.
        const input = await withDocumentFacts(ctx.documents.store, documentFields, assembled);
        // Private values travel as transient data; a salt the user left out is made here, in the user's own org.
        const { input: complete, salts } = withGeneratedSalts(action.flow, input);
        validateRequest(action.flow, complete);
        const tx = transactionOf(scenario.chaincode, action.transaction, action.flow, complete);
        if (!isSubmit) {
          const answer = parseResult(await ctx.runner.evaluate(ctx.identities.identityOf(principal), tx));
          if (!record || typeof answer !== 'object' || answer === null) return reply.send(answer);
          const key = String(input[record.keyField]);
          return reply.send({ ...answer, actions: recordActions(ctx, principal, scenario, record, key, answer) });
        }
        return withIdempotency(ctx, request, reply, principal, (entryId) =>
          submitFor(ctx, request, principal, scenario.id, tx, entryId, salts),
        );
      },
    });
  }
}
