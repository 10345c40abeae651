import { z } from 'zod';
import { InternalError, ValidationError } from './errors';
import { evaluateFlow, recordTypeOf, type EvaluateFlow, type FlowTarget } from './flow';
import { partiesOnly, type ReadRule } from './read-rule';
import { keyRequest } from './key-request';
import { pageFields } from './validation/fields';

/** What a standard query declares: its words and who may read it. */
export interface QueryFlowSpec {
  readonly description: string;
  /** Parties alone: a rule with `only` is refused at load (see `partiesOnly`). */
  readonly readers: ReadRule;
  readonly label?: string;
}

type Request = Record<string, unknown> & { pageSize: number; bookmark: string };

/** The query reading one record by the request's key field (NOT_FOUND if absent): a record view's `get`. */
export function getFlow(target: FlowTarget, spec: QueryFlowSpec): EvaluateFlow {
  const { field, key, schema } = keyRequest(target);
  return evaluateFlow({
    ...spec,
    readers: partiesOnly(spec.readers, `getFlow ${recordTypeOf(target).name}`),
    on: target,
    request: z.strictObject({ [field]: schema }),
    run: (scene, input: Record<string, unknown>) =>
      recordTypeOf(target).mustGet(scene, { [key]: String(input[field]) }),
  });
}

/** The query listing a record's versions, newest first, paginated (NOT_FOUND if absent): a record view's `history`. */
export function historyFlow(target: FlowTarget, spec: QueryFlowSpec): EvaluateFlow {
  const { field, key, schema } = keyRequest(target);
  return evaluateFlow({
    ...spec,
    readers: partiesOnly(spec.readers, `historyFlow ${recordTypeOf(target).name}`),
    on: target,
    request: z.strictObject({ [field]: schema, ...pageFields }),
    run: async (scene, input: Request) => {
      const records = recordTypeOf(target);
      const named = { [key]: String(input[field]) };
      await records.mustGet(scene, named);
      return records.history(scene, named, input);
    },
  });
}

export interface ListFlowSpec extends QueryFlowSpec {
  /**
   * Request fields giving the index's leading values, in index order (optional ones last): a list narrows by
   * as many as the request gives, in order.
   */
  readonly filters?: Readonly<Record<string, z.ZodType>>;
}

/**
 * The query listing a page of records under an index (or in key order without one), narrowed by the request's
 * `filters`. A filter given after one left out is refused (INVALID_ARGUMENT): the index cannot skip a value.
 */
export function listFlow(target: FlowTarget, index: string | undefined, spec: ListFlowSpec): EvaluateFlow {
  const records = recordTypeOf(target);
  if (index !== undefined && !records.spec.indexes?.[index]) {
    throw new InternalError(`listFlow: ${records.name} has no index ${index}`);
  }
  const filters = spec.filters ?? {};
  return evaluateFlow({
    description: spec.description,
    readers: partiesOnly(spec.readers, `listFlow ${records.name}`),
    label: spec.label,
    on: target,
    request: z.strictObject({ ...filters, ...pageFields }),
    run: (scene, input: Request) => {
      const values: string[] = [];
      const names = Object.keys(filters);
      for (const [at, name] of names.entries()) {
        if (input[name] === undefined) {
          const later = names.slice(at + 1).find((next) => input[next] !== undefined);
          if (later)
            throw new ValidationError(`invalid request: ${later}: needs ${name} too`, [
              { path: later, message: `needs ${name}` },
            ]);
          break;
        }
        values.push(String(input[name]));
      }
      return index === undefined ? records.listByKey(scene, values, input) : records.list(scene, index, values, input);
    },
  });
}
