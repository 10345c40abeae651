import { ApiCallError } from './api-client';
import { CliUsageError } from './request-check';

/** Every CLI answer is one JSON document on stdout, so scripts can pipe it to jq. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Errors go to stderr as `{ "error": { code, message, ... } }`; the exit code is 1. */
export function printError(err: unknown): void {
  const error =
    err instanceof ApiCallError
      ? {
          status: err.status,
          code: err.code,
          message: err.message,
          ...((err.body as { error?: object } | null)?.error ?? {}),
        }
      : {
          code: err instanceof CliUsageError ? err.code : 'CLI_ERROR',
          message: err instanceof Error ? err.message : String(err),
        };
  process.stderr.write(`${JSON.stringify({ error }, null, 2)}\n`);
}
