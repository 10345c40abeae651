import { z } from 'zod';
import { ValidationError, type ValidationIssue } from '../errors';

/** Largest request a transaction accepts, in UTF-16 code units of its JSON text (about 1 MiB of ASCII). */
export const MAX_REQUEST_LENGTH = 1024 * 1024;

/** How many issues a validation error lists before it says "and N more". */
const MAX_LISTED_ISSUES = 8;

/**
 * Parses a transaction's single JSON argument against its schema. Refuses oversize and malformed text, every
 * schema violation (missing, mistyped, out of range) and, because request schemas are strict objects, every
 * field the schema does not name. The error lists each issue by its field path.
 */
export function parseRequest<S extends z.ZodType>(
  schema: S,
  text: string,
  maxLength = MAX_REQUEST_LENGTH,
): z.output<S> {
  if (text.length > maxLength) {
    throw new ValidationError(`request is ${text.length} characters long; the limit is ${maxLength}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ValidationError('request is not valid JSON');
  }
  const result = schema.safeParse(json);
  if (!result.success) throw validationErrorOf(result.error);
  return result.data;
}

/** Checks an object the chaincode built (not one a client sent); a failure here is a request the rules let in. */
export function validateValue<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationErrorOf(result.error, what);
  return result.data;
}

export function validationErrorOf(error: z.ZodError, what = 'request'): ValidationError {
  const issues: ValidationIssue[] = error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  const listed = issues
    .slice(0, MAX_LISTED_ISSUES)
    .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message));
  const more = issues.length > MAX_LISTED_ISSUES ? `; and ${issues.length - MAX_LISTED_ISSUES} more` : '';
  return new ValidationError(`invalid ${what}: ${listed.join('; ')}${more}`, issues);
}

/** Refuses a request that names the same thing twice where each may appear once (INVALID_ARGUMENT). */
export function requireDistinct(values: readonly string[], field: string): void {
  const seen = new Set<string>();
  for (const [index, value] of values.entries()) {
    if (seen.has(value)) {
      throw new ValidationError(
        `invalid request: ${field}[${index}]: ${JSON.stringify(value)} appears more than once`,
        [{ path: `${field}.${index}`, message: 'duplicate' }],
      );
    }
    seen.add(value);
  }
}
