import { z } from 'zod';
import { AppError } from '../errors/app-error';
import type { JsonSchema } from './action-schema';

/** Parses a request part with a zod schema: 400 INVALID_ARGUMENT listing each issue by field. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  throw new AppError(
    400,
    'INVALID_ARGUMENT',
    `invalid request: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`,
    {
      issues,
    },
  );
}

/** The JSON Schema of a zod schema, for the OpenAPI document. */
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: 'input', target: 'openapi-3.0', unrepresentable: 'any' }) as JsonSchema;
}
