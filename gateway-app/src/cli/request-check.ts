import { kebab, type ActionView } from '../scenarios/scenario-view';

/** A command line the CLI refuses before calling the app (exit code 1, code INVALID_ARGUMENT). */
export class CliUsageError extends Error {
  readonly code = 'INVALID_ARGUMENT';
}

/**
 * Checks a scenario command's request against the action's own schema (the one the app and the chaincode
 * apply), so a missing or malformed option is named as the option, before anything is sent.
 */
export function checkRequest(action: ActionView, request: Record<string, unknown>): void {
  const result = action.flow.request.safeParse(withGeneratedSalts(action, request));
  if (result.success) return;
  const problems = result.error.issues.map((issue) => {
    const [field, ...rest] = issue.path.map(String);
    if (field === undefined) return issue.message;
    const option = `--${kebab(field)}${rest.length ? ` (${rest.join('.')})` : ''}`;
    return request[field] === undefined && rest.length === 0
      ? `missing required option ${option}`
      : `${option}: ${issue.message}`;
  });
  throw new CliUsageError(problems.join('; '));
}

/** A salt the app generates when the option is omitted is not missing: checked as if given (a valid stand-in). */
function withGeneratedSalts(action: ActionView, request: Record<string, unknown>): Record<string, unknown> {
  const omitted = (action.flow.transient?.salts ?? []).filter((salt) => request[salt] === undefined);
  return omitted.length
    ? { ...request, ...Object.fromEntries(omitted.map((salt) => [salt, 'S'.repeat(43)])) }
    : request;
}
