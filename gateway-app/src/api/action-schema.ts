import { z } from 'zod';
import type { ActionView } from '../scenarios/scenario-view';

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  [keyword: string]: unknown;
}

/** The request of an action split into the parts of an HTTP request, as JSON Schema (for OpenAPI and coercion). */
export interface ActionSchema {
  /** The whole request object, as the chaincode takes it. */
  readonly request: JsonSchema;
  readonly pathParams: readonly string[];
  readonly params?: JsonSchema;
  readonly querystring?: JsonSchema;
  readonly body?: JsonSchema;
}

/** `:batchId` segments of a route path. */
export function pathParamsOf(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]);
}

function pick(schema: JsonSchema, names: readonly string[], keep: boolean): JsonSchema {
  const properties = Object.fromEntries(
    Object.entries(schema.properties ?? {}).filter(([name]) => names.includes(name) === keep),
  );
  const required = (schema.required ?? []).filter((name) => names.includes(name) === keep);
  return { type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: false };
}

export function actionSchemaOf(action: ActionView): ActionSchema {
  const request = z.toJSONSchema(action.flow.request, {
    io: 'input',
    target: 'openapi-3.0',
    unrepresentable: 'any',
  }) as JsonSchema;
  const pathParams = pathParamsOf(action.path);
  for (const name of pathParams) {
    if (!request.properties?.[name])
      throw new Error(`${action.transaction}: path parameter :${name} is not a request field`);
  }
  const params = pathParams.length ? pick(request, pathParams, true) : undefined;
  const rest = pick(request, pathParams, false);
  return action.method === 'GET'
    ? { request, pathParams, params, querystring: rest }
    : { request, pathParams, params, body: rest };
}
