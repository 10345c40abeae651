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
  const reserved = prototypePath(json, []);
  if (reserved) {
    const path = reserved.join('.');
    throw new ValidationError(`invalid request: ${path}: __proto__ may not name a property`, [
      { path, message: '__proto__ may not name a property' },
    ]);
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

/**
 * Where a parsed JSON value has an own property named `__proto__` (JSON.parse makes one; schemas drop it
 * silently from records, so it is refused here, by name): its path, or undefined.
 */
function prototypePath(value: unknown, path: string[]): string[] | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (!Array.isArray(value) && Object.hasOwn(value, '__proto__')) return [...path, '__proto__'];
  for (const [key, item] of Object.entries(value)) {
    const found = prototypePath(item, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

export function validationErrorOf(error: z.ZodError, what = 'request'): ValidationError {
  const issues: ValidationIssue[] = error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issueMessage(issue),
  }));
  const listed = error.issues
    .slice(0, MAX_LISTED_ISSUES)
    .map((issue) => (issue.path.length ? `${pathText(issue.path)}: ${issueMessage(issue)}` : issueMessage(issue)));
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

/** An issue's message; for a refused record key, what is wrong with the key ("Invalid key in record" says nothing). */
function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_key' && issue.issues.length > 0) return issue.issues.map((i) => i.message).join('; ');
  return issue.message;
}

/** A path for a message: plain names joined with dots, any other key (spaces, control characters) quoted. */
function pathText(path: readonly PropertyKey[]): string {
  return path
    .map((part) =>
      typeof part === 'string' && !/^[\p{L}\p{N}_$-]+$/u.test(part) ? JSON.stringify(part) : String(part),
    )
    .join('.');
}
