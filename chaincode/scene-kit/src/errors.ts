/**
 * The kit's error hierarchy. Every error has a machine-readable code, a text for people and `facts`, the values
 * the text states (an illegal transition's current state and allowed transitions, a missing record's type and
 * ID), so that clients need not parse the text. A failing transaction answers the client with all three as
 * canonical JSON (`wire-error.ts`); the peer passes that message through (prefixed `chaincode response 500, `).
 *
 * | code                  | kind        | meaning                                                              |
 * |-----------------------|-------------|----------------------------------------------------------------------|
 * | INVALID_ARGUMENT      | validation  | request missing, not JSON, oversize, wrong type, unknown field       |
 * | UNKNOWN_TRANSACTION   | validation  | the contract has no transaction of that name                          |
 * | NOT_FOUND             | not found   | a referenced record does not exist                                    |
 * | ALREADY_EXISTS        | conflict    | a record with that key exists (also: replay of a one-time action)     |
 * | ILLEGAL_TRANSITION    | conflict    | the record's current state does not allow the transition              |
 * | INSUFFICIENT_QUANTITY | conflict    | more requested than held                                              |
 * | LIMIT_EXCEEDED        | conflict    | a set is larger than one transaction may read or a record may hold    |
 * | CONFLICT              | conflict    | any other business rule about the current state of the ledger         |
 * | FORBIDDEN             | forbidden   | the submitting org, role or identity may not do this                  |
 * | INTERNAL              | internal    | a defect or an unexpected failure of the peer                         |
 */
export const ErrorCodes = [
  'INVALID_ARGUMENT',
  'UNKNOWN_TRANSACTION',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'ILLEGAL_TRANSITION',
  'INSUFFICIENT_QUANTITY',
  'LIMIT_EXCEEDED',
  'CONFLICT',
  'FORBIDDEN',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ErrorCodes)[number];

export type ErrorKind = 'validation' | 'not-found' | 'conflict' | 'forbidden' | 'internal';

/** The facts an error carries: plain JSON values (they travel as canonical JSON). */
export type ErrorFacts = Readonly<Record<string, unknown>>;

/**
 * Base of every error the kit raises on purpose. `message` is `<code>: <text>` for logs and stack traces; the
 * client receives code, text and facts separately (`encodeChaincodeError`).
 */
export abstract class SceneError extends Error {
  abstract readonly kind: ErrorKind;

  protected constructor(
    readonly code: ErrorCode,
    readonly text: string,
    readonly facts: ErrorFacts = {},
  ) {
    super(`${code}: ${text}`);
    this.name = new.target.name;
  }
}

/** One problem found in a request: where (dotted path, empty for the request itself) and what. */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * How many issues a validation error's facts carry: a 1 MiB request can hold enough wrong fields to make the
 * answer larger than a gRPC message may be; `moreIssues` counts the rest.
 */
export const MAX_ISSUES_IN_FACTS = 100;

/** Facts: `issues` (at most `MAX_ISSUES_IN_FACTS`, and `moreIssues` when there were more). */
export class ValidationError extends SceneError {
  readonly kind = 'validation';

  constructor(
    text: string,
    readonly issues: readonly ValidationIssue[] = [],
    code: 'INVALID_ARGUMENT' | 'UNKNOWN_TRANSACTION' = 'INVALID_ARGUMENT',
  ) {
    const more = issues.length - MAX_ISSUES_IN_FACTS;
    super(code, text, {
      issues: issues.slice(0, MAX_ISSUES_IN_FACTS).map(({ path, message }) => ({ path, message })),
      ...(more > 0 ? { moreIssues: more } : {}),
    });
  }
}

/** A record named in an error's facts: the missing one, or the one already there. */
export interface RecordIdentity {
  readonly recordType: string;
  readonly id: string;
}

/** Facts: `recordType` and `id` when the raiser names them. */
export class NotFoundError extends SceneError {
  readonly kind = 'not-found';

  constructor(text: string, missing?: RecordIdentity) {
    super('NOT_FOUND', text, missing ? { recordType: missing.recordType, id: missing.id } : {});
  }
}

export class ConflictError extends SceneError {
  readonly kind = 'conflict';

  constructor(
    text: string,
    code:
      'CONFLICT' | 'ALREADY_EXISTS' | 'ILLEGAL_TRANSITION' | 'INSUFFICIENT_QUANTITY' | 'LIMIT_EXCEEDED' = 'CONFLICT',
    facts: ErrorFacts = {},
  ) {
    super(code, text, facts);
  }
}

/** A step that may be taken once and already was: which transition, by which org, when (ledger time). */
export interface StepDone {
  readonly step: string;
  readonly by?: string;
  readonly at?: string;
}

/**
 * Facts: `recordType` and `id` of the record already there, when the raiser names it; for a once-only step
 * already taken on it (an invoice reimbursed), `step`, `by` and `at`, so a client can say so in its words.
 */
export class AlreadyExistsError extends ConflictError {
  constructor(text: string, existing?: RecordIdentity, done?: StepDone) {
    super(text, 'ALREADY_EXISTS', {
      ...(existing ? { recordType: existing.recordType, id: existing.id } : {}),
      ...(done ? { step: done.step, ...(done.by ? { by: done.by } : {}), ...(done.at ? { at: done.at } : {}) } : {}),
    });
  }
}

export class InsufficientQuantityError extends ConflictError {
  constructor(text: string) {
    super(text, 'INSUFFICIENT_QUANTITY');
  }
}

/**
 * A bounded read or a capped collection would go past its maximum: the transaction refuses rather than read
 * (or hold) without end. The client may continue the work in another transaction where the flow offers one.
 * Facts: `limit`.
 */
export class LimitExceededError extends ConflictError {
  constructor(
    text: string,
    readonly limit: number,
  ) {
    super(text, 'LIMIT_EXCEEDED', { limit });
  }
}

/**
 * Raised by a state machine; carries the facts the message states so callers need not parse it. Facts:
 * `recordType` and `id` (when given), `currentState`, `allowedTransitions` (declaration order).
 */
export class IllegalTransitionError extends ConflictError {
  constructor(
    text: string,
    readonly currentState: string,
    readonly allowedTransitions: readonly string[],
    readonly recordType?: string,
    readonly id?: string,
  ) {
    super(text, 'ILLEGAL_TRANSITION', {
      ...(recordType === undefined ? {} : { recordType }),
      ...(id === undefined ? {} : { id }),
      currentState,
      allowedTransitions: [...allowedTransitions],
    });
  }
}

export class ForbiddenError extends SceneError {
  readonly kind = 'forbidden';

  constructor(text: string) {
    super('FORBIDDEN', text);
  }
}

export class InternalError extends SceneError {
  readonly kind = 'internal';

  constructor(text: string) {
    super('INTERNAL', text);
  }
}

/** Any thrown value as a SceneError, so that every failure the client sees carries a code. */
export function toSceneError(thrown: unknown): SceneError {
  if (thrown instanceof SceneError) return thrown;
  const text = thrown instanceof Error ? thrown.message : String(thrown);
  return new InternalError(text);
}
