/**
 * The kit's error hierarchy. Every failing transaction answers the client with a message that starts with a
 * machine-readable code followed by a colon, e.g. `NOT_FOUND: Batch B-1 does not exist`; the peer passes the
 * message through (a real peer prefixes it with `chaincode response 500, `).
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

/** Base of every error the kit raises on purpose; `message` is `<code>: <text>`. */
export abstract class SceneError extends Error {
  abstract readonly kind: ErrorKind;

  protected constructor(
    readonly code: ErrorCode,
    readonly text: string,
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

export class ValidationError extends SceneError {
  readonly kind = 'validation';

  constructor(
    text: string,
    readonly issues: readonly ValidationIssue[] = [],
    code: 'INVALID_ARGUMENT' | 'UNKNOWN_TRANSACTION' = 'INVALID_ARGUMENT',
  ) {
    super(code, text);
  }
}

export class NotFoundError extends SceneError {
  readonly kind = 'not-found';

  constructor(text: string) {
    super('NOT_FOUND', text);
  }
}

export class ConflictError extends SceneError {
  readonly kind = 'conflict';

  constructor(
    text: string,
    code:
      'CONFLICT' | 'ALREADY_EXISTS' | 'ILLEGAL_TRANSITION' | 'INSUFFICIENT_QUANTITY' | 'LIMIT_EXCEEDED' = 'CONFLICT',
  ) {
    super(code, text);
  }
}

export class AlreadyExistsError extends ConflictError {
  constructor(text: string) {
    super(text, 'ALREADY_EXISTS');
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
 */
export class LimitExceededError extends ConflictError {
  constructor(
    text: string,
    readonly limit: number,
  ) {
    super(text, 'LIMIT_EXCEEDED');
  }
}

/** Raised by a state machine; carries the facts the message states so callers need not parse it. */
export class IllegalTransitionError extends ConflictError {
  constructor(
    text: string,
    readonly currentState: string,
    readonly allowedTransitions: readonly string[],
  ) {
    super(text, 'ILLEGAL_TRANSITION');
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

const codePattern = new RegExp(`\\b(${ErrorCodes.join('|')}): `);

/**
 * Finds the code and text of a chaincode error inside a longer message, such as the one a gateway client
 * reports (`... chaincode response 500, NOT_FOUND: Batch B-1 does not exist`).
 */
export function parseChaincodeError(message: string): { code: ErrorCode; text: string } | undefined {
  const match = codePattern.exec(message);
  if (!match) return undefined;
  return { code: match[1] as ErrorCode, text: message.slice(match.index + match[0].length) };
}
