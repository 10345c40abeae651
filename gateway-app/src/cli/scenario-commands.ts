import type { Command } from 'commander';
import { actionSchemaOf, type JsonSchema } from '../api/action-schema';
import { kebab, type ActionView, type ScenarioView } from '../scenarios/scenario-view';
import type { ApiClient } from './api-client';
import { checkRequest, CliUsageError } from './request-check';
import { printJson } from './output';

function parseJson(raw: string, option: string): unknown {
  try {
    return JSON.parse(raw);
  } catch (err) {
    throw new CliUsageError(`${option} takes JSON: ${(err as Error).message}`);
  }
}

function optionValue(raw: string, schema: JsonSchema, option: string): unknown {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  // Text that is no number stays text, so the schema's message says what was given (never NaN).
  if (types.includes('integer') || types.includes('number')) return Number.isNaN(Number(raw)) ? raw : Number(raw);
  if (types.includes('boolean')) return raw === 'true';
  if (types.includes('array') || types.includes('object')) return parseJson(raw, option);
  return raw;
}

/** Said of a private field: it travels as transient data; a salt the app generates is answered in `salts`. */
function privateText(action: ActionView, name: string): string {
  const transient = action.flow.transient;
  if (!transient?.fields.includes(name)) return '';
  const generated = transient.salts.includes(name) ? '; generated when omitted, answered in "salts": keep it' : '';
  return ` (private: sent as transient data, never written to the ledger${generated})`;
}

/**
 * `<scenario> <transaction> --field value ...` for every action of every scenario, from the same tables and
 * schemas as the REST routes: scalar fields are options, array and object fields take JSON, `--request`
 * takes the whole request as JSON.
 */
export function addScenarioCommands(
  program: Command,
  scenarios: readonly ScenarioView[],
  client: () => ApiClient,
): void {
  for (const scenario of scenarios) {
    const group = program.command(scenario.id).description(scenario.summary);
    for (const action of scenario.actions) {
      const schema = actionSchemaOf(action);
      const properties = schema.request.properties ?? {};
      const required = new Set(schema.request.required ?? []);
      const command = group
        .command(kebab(action.transaction))
        .description(`${action.summary}: ${action.flow.description}`);
      for (const [name, prop] of Object.entries(properties)) {
        const types = Array.isArray(prop.type) ? prop.type : [prop.type];
        const shape = types.includes('array') || types.includes('object') ? '<json>' : '<value>';
        const enumText = Array.isArray(prop.enum) ? ` (${(prop.enum as string[]).join('|')})` : '';
        command.option(
          `--${kebab(name)} ${shape}`,
          `${required.has(name) ? 'required' : 'optional'}${enumText}${privateText(action, name)}`,
        );
      }
      command.option('--request <json>', 'the whole request as JSON (options override its fields)');
      if (action.flow.kind === 'submit') {
        command.option('--async', 'answer 202 with the transaction status resource instead of waiting for the commit');
        command.option('--idempotency-key <key>', 'makes a retried submit safe');
      }
      command.action(async (opts: Record<string, string | boolean | undefined>) => {
        const whole = opts.request ? parseJson(opts.request as string, '--request') : {};
        if (typeof whole !== 'object' || whole === null || Array.isArray(whole))
          throw new CliUsageError('--request takes a JSON object');
        const request = { ...(whole as Record<string, unknown>) };
        for (const [name, prop] of Object.entries(properties)) {
          const raw = opts[name];
          if (typeof raw === 'string') request[name] = optionValue(raw, prop, `--${kebab(name)}`);
        }
        checkRequest(action, request);
        let path = `/api/${scenario.id}${action.path}`.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
          const value = request[name];
          delete request[name];
          return encodeURIComponent(String(value ?? ''));
        });
        const headers: Record<string, string> = {};
        if (opts.async) headers.prefer = 'respond-async';
        if (typeof opts.idempotencyKey === 'string') headers['idempotency-key'] = opts.idempotencyKey;
        if (action.method === 'GET') {
          const query = new URLSearchParams(Object.entries(request).map(([k, v]): [string, string] => [k, String(v)]));
          if ([...query].length) path += `?${query}`;
          printJson((await client().call('GET', path)).body);
        } else {
          printJson((await client().call('POST', path, request, headers)).body);
        }
      });
    }
  }
}
