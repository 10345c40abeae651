import type { z } from 'zod';

type Def = { type: string; [key: string]: unknown };

/** A zod schema's definition (zod 4 keeps it at `_zod.def`). */
export function defOf(schema: unknown): Def {
  return (schema as { _zod: { def: Def } })._zod.def;
}

/** The schema under optional, default, readonly, pipe and similar wrappers. */
export function unwrapSchema(schema: unknown): unknown {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if (['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'].includes(def.type)) {
      current = def.innerType;
    } else if (def.type === 'pipe') {
      current = def.in;
    } else {
      return current;
    }
  }
}

/** The fields of an object schema (a request), or undefined for any other schema. */
export function objectFields(schema: z.ZodType): Readonly<Record<string, z.ZodType>> | undefined {
  const def = defOf(unwrapSchema(schema));
  return def.type === 'object' ? (def.shape as Record<string, z.ZodType>) : undefined;
}
