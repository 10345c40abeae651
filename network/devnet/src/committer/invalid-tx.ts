/** A transaction the committer marks invalid: its TxValidationCode and why. */
export class Invalid extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** Decodes or checks with `fn`, turning any failure into an invalid transaction with `code`. */
export function parse<T>(fn: () => T, code: number): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof Invalid) throw err;
    throw new Invalid(code, (err as Error).message);
  }
}
