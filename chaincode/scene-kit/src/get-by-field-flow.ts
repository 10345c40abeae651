import { z } from 'zod';
import { evaluateFlow, recordTypeOf, type EvaluateFlow, type FlowTarget } from './flow';
import { keyRequest } from './key-request';
import type { QueryFlowSpec } from './query-flows';
import { partiesOnly } from './read-rule';

/**
 * `getFlow` for a record type whose requests name it by a field other than its one key field (`productId` for a
 * product keyed by `id`) and that has no lifecycle to carry that name: reads the record, NOT_FOUND if absent.
 */
export function getByFieldFlow(target: FlowTarget, field: string, spec: QueryFlowSpec): EvaluateFlow {
  const { key, schema } = keyRequest(target);
  const read = (scene: Parameters<EvaluateFlow['run']>[0], input: Record<string, unknown>) =>
    recordTypeOf(target).mustGet(scene, { [key]: String(input[field]) });
  const readers = partiesOnly(spec.readers, `getByFieldFlow ${recordTypeOf(target).name}`);
  return evaluateFlow({ ...spec, readers, on: target, request: z.strictObject({ [field]: schema }), run: read });
}
