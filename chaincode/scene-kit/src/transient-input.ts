import { ValidationError } from './errors';
import { MAX_REQUEST_LENGTH, parseRequest } from './validation/parse-request';
import type { z } from 'zod';

/**
 * Request fields that travel in the proposal's transient map instead of its arguments. The arguments are
 * written into the block with the transaction (every channel member reads them); the transient map reaches only
 * the endorsing peers and is never ordered. Each transient entry is named for its field and holds the field's
 * JSON value (UTF-8). The app moves these fields there for every submission (REST, CLI, web UI).
 */
export interface TransientInput {
  /** Request fields taken from the transient map, never from the arguments. */
  readonly fields: readonly string[];
  /**
   * Salt fields among `fields` the submitting client generates when its user gives none, and keeps for the
   * user (a salt is needed again to prove or share the value it salts).
   */
  readonly salts: readonly string[];
}

/**
 * Which orgs endorse a flow, for a flow whose transient data must reach an org the gateway would not choose:
 * Fabric's gateway sends transient data only to members of the collections a transaction writes, so a write
 * into another org's implicit collection needs the orgs named. `orgs` always; `fields`: the orgs the request's
 * fields name (an MSP ID each). The app passes them as the proposal's endorsing organizations.
 */
export interface EndorsingOrgs {
  readonly orgs?: readonly string[];
  readonly fields?: readonly string[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The request of a flow with transient fields: the argument's JSON, which must not hold a transient field (it
 * would be in the block), with each transient entry's JSON value put in its field, parsed against the flow's
 * whole request schema (so the usual INVALID_ARGUMENT errors name the field).
 */
export function parseWithTransient<S extends z.ZodType>(
  schema: S,
  argument: string,
  transient: TransientInput,
  entries: ReadonlyMap<string, Uint8Array>,
): z.output<S> {
  // An oversize argument is refused as such (before parsing), as without transient data.
  if (argument.length > MAX_REQUEST_LENGTH) return parseRequest(schema, argument);
  let json: unknown;
  try {
    json = JSON.parse(argument);
  } catch {
    throw new ValidationError('request is not valid JSON');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return parseRequest(schema, argument);
  const request = { ...(json as Record<string, unknown>) };
  for (const field of transient.fields) {
    if (Object.hasOwn(request, field)) {
      throw new ValidationError(
        `invalid request: ${field}: travels as transient data, never in the arguments (they are written into blocks)`,
        [{ path: field, message: 'must travel as transient data' }],
      );
    }
  }
  for (const [name, bytes] of entries) {
    if (!transient.fields.includes(name)) {
      throw new ValidationError(
        `invalid request: transient data ${JSON.stringify(name)} is not an input of this transaction; transient inputs: ${transient.fields.join(', ')}`,
        [{ path: name, message: 'not a transient input of this transaction' }],
      );
    }
    try {
      request[name] = JSON.parse(utf8.decode(bytes));
    } catch {
      throw new ValidationError(`invalid request: ${name}: transient data is not JSON text`, [
        { path: name, message: 'transient data is not JSON text' },
      ]);
    }
  }
  return parseRequest(schema, JSON.stringify(request));
}
