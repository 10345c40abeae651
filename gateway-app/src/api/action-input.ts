import { validationErrorOf, type Flow } from '@scenechain/scene-kit';
import { AppError, badRequest } from '../errors/app-error';
import type { ActionSchema, JsonSchema } from './action-schema';

/** A query-string or path value as the type its request field declares (`pageSize=20` → 20). */
function coerce(value: unknown, schema: JsonSchema | undefined): unknown {
  if (typeof value !== 'string' || !schema) return value;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if ((types.includes('integer') || types.includes('number')) && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (types.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/**
 * The chaincode request of an HTTP call: query string (GET) or JSON body (POST), plus the path parameters.
 * A body field that contradicts the path is refused rather than silently overridden.
 */
export function assembleRequest(
  schema: ActionSchema,
  params: Record<string, string>,
  query: Record<string, unknown>,
  body: unknown,
): Record<string, unknown> {
  const properties = schema.request.properties ?? {};
  let request: Record<string, unknown>;
  if (schema.body) {
    if (body === undefined || body === null) request = {};
    else if (typeof body === 'object' && !Array.isArray(body)) request = { ...(body as Record<string, unknown>) };
    else throw badRequest('INVALID_ARGUMENT', 'the request body must be a JSON object');
  } else {
    request = Object.fromEntries(Object.entries(query).map(([name, value]) => [name, coerce(value, properties[name])]));
  }
  for (const name of schema.pathParams) {
    const value = coerce(params[name], properties[name]);
    if (name in request && request[name] !== value) {
      throw badRequest(
        'INVALID_ARGUMENT',
        `${name} is given in the path as ${JSON.stringify(value)} and in the body as ${JSON.stringify(request[name])}`,
      );
    }
    request[name] = value;
  }
  return request;
}

/** Checks a request against the chaincode's own schema: the same rules, so a refusal never costs a proposal. */
export function validateRequest(flow: Flow, request: unknown): void {
  const result = flow.request.safeParse(request);
  if (result.success) return;
  // The chaincode's own wording (a refused attribute name says why, not "Invalid key in record").
  const refused = validationErrorOf(result.error);
  throw new AppError(400, 'INVALID_ARGUMENT', refused.text, refused.facts);
}
