import type { z } from 'zod';
import { InternalError } from './errors';
import { recordTypeOf, type FlowTarget } from './flow';
import { objectFields } from './schema-shape';
import { identifier } from './validation/fields';

/**
 * How a request names one record of a one-field key: the request field (a lifecycle's `keyField`, else the key
 * field itself), the key field it fills, and the key's own schema from the record's schema (so an MSP ID key is
 * validated as an MSP ID), which standard flows use to build their requests.
 */
export function keyRequest(target: FlowTarget): { field: string; key: string; schema: z.ZodType } {
  const records = recordTypeOf(target);
  if (records.spec.key.length !== 1) {
    throw new InternalError(`${records.name}: a key of ${records.spec.key.length} fields is not one request field`);
  }
  const key = records.spec.key[0];
  const field = 'keyField' in target ? target.keyField : key;
  return { field, key, schema: objectFields(records.spec.schema)?.[key] ?? identifier };
}
