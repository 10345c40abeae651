/** A policy that cannot be built or decoded: bad envelope, unknown channel policy, unsupported principal. */
export class PolicyError extends Error {
  override readonly name: string = 'PolicyError';
}

/** A signature-policy expression that does not parse; `position` is the 0-based offset of the problem. */
export class PolicySyntaxError extends PolicyError {
  override readonly name = 'PolicySyntaxError';

  constructor(
    readonly reason: string,
    readonly text: string,
    readonly position: number,
  ) {
    // Tabs and line breaks become spaces so the caret lines up under the offending character.
    const shown = text.replace(/[\t\r\n]/g, ' ');
    super(`${reason} at position ${position} in signature policy\n  ${shown}\n  ${' '.repeat(position)}^`);
  }
}
