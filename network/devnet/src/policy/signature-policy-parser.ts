import { PolicySyntaxError } from './policy-error';
import { outOf, PRINCIPAL_ROLES, signedBy, type PolicyNode, type PrincipalRole } from './policy-node';

type Gate = 'AND' | 'OR' | 'OutOf';

/** The gate spellings Fabric's policydsl registers: exact, lower-case and upper-case forms only. */
const GATES: ReadonlyMap<string, Gate> = new Map([
  ['AND', 'AND'],
  ['And', 'AND'],
  ['and', 'AND'],
  ['OR', 'OR'],
  ['Or', 'OR'],
  ['or', 'OR'],
  ['OutOf', 'OutOf'],
  ['outof', 'OutOf'],
  ['OUTOF', 'OutOf'],
]);

const SPELLINGS: Readonly<Record<string, string>> = {
  and: 'AND, And or and',
  or: 'OR, Or or or',
  outof: 'OutOf, outof or OUTOF',
};

const MAX_DEPTH = 64;

/**
 * Parses Fabric's signature-policy language, as `peer lifecycle chaincode approveformyorg --signature-policy`
 * accepts it: `AND(...)`, `OR(...)`, `OutOf(n, ...)` over principals `'MSPID.role'` (single or double quotes),
 * nested freely. As in Fabric, `OutOf` takes a threshold from 0 (always satisfied) to one more than its rule
 * count (never satisfied), written as a whole number or a quoted one.
 *
 * @example parseSignaturePolicy("AND('Org1MSP.peer', OR('Org2MSP.peer', 'Org3MSP.peer'))")
 * @throws PolicySyntaxError naming the problem and its position.
 */
export function parseSignaturePolicy(text: string): PolicyNode {
  return new SignaturePolicyParser(text).parse();
}

class SignaturePolicyParser {
  private pos = 0;

  constructor(private readonly text: string) {}

  parse(): PolicyNode {
    this.skipSpace();
    if (this.atEnd()) this.fail('empty policy: expected AND, OR or OutOf');
    if (this.peekQuote()) this.fail('a policy must be a gate such as OR(...), not a bare principal');
    const node = this.gate(1);
    this.skipSpace();
    if (!this.atEnd()) this.fail(`unexpected ${this.describeHere()} after the end of the policy`);
    return node;
  }

  private gate(depth: number): PolicyNode {
    if (depth > MAX_DEPTH) this.fail(`policy nests deeper than ${MAX_DEPTH} levels`);
    const start = this.pos;
    const name = this.identifier();
    if (name === undefined) this.fail(`expected AND, OR or OutOf but found ${this.describeHere()}`);
    const gate = GATES.get(name);
    if (gate === undefined) {
      const spellings = SPELLINGS[name.toLowerCase()];
      this.skipSpace();
      let reason = `unknown gate '${name}': expected AND, OR or OutOf`;
      if (spellings) reason = `gate '${name}' is not spelled as Fabric accepts it (use ${spellings})`;
      else if (this.peek() !== '(')
        reason = `unexpected name '${name}': a principal must be quoted, as in 'Org1MSP.peer'`;
      this.fail(reason, start);
    }
    this.skipSpace();
    this.expect('(', `'(' after ${name}`);

    let threshold: { value: number; position: number } | undefined;
    if (gate === 'OutOf') {
      this.skipSpace();
      threshold = this.threshold();
      this.skipSpace();
      this.expect(',', `',' and at least one rule after the OutOf threshold`);
    }

    const rules: PolicyNode[] = [];
    for (;;) {
      this.skipSpace();
      if (rules.length === 0 && this.peek() === ')') this.fail(`${name} needs at least one rule`);
      rules.push(this.rule(depth));
      this.skipSpace();
      if (this.peek() === ',') {
        this.pos++;
        continue;
      }
      this.expect(')', `',' or ')' in ${name}(...)`);
      break;
    }

    if (threshold === undefined) return outOf(gate === 'AND' ? rules.length : 1, rules);
    const { value, position } = threshold;
    if (value < 0 || value > rules.length + 1) {
      this.fail(
        `OutOf threshold ${value} is out of range: with ${rules.length} rule(s) it must be from 0 to ${rules.length + 1}`,
        position,
      );
    }
    return outOf(value, rules);
  }

  private rule(depth: number): PolicyNode {
    if (this.peekQuote()) return this.principal();
    if (/[A-Za-z_]/.test(this.peek())) return this.gate(depth + 1);
    return this.fail(`expected a principal such as 'Org1MSP.peer' or a nested gate but found ${this.describeHere()}`);
  }

  /** A whole number, optionally negative (so that -1 is reported as out of range), or one in quotes. */
  private threshold(): { value: number; position: number } {
    const position = this.pos;
    const quote = this.peekQuote() ? this.text[this.pos] : undefined;
    const body = quote ? this.stringBody() : this.match(/-?\d+(\.\d*)?([eE][+-]?\d+)?/y);
    if (body === undefined || !/^-?\d+$/.test(body.trim())) {
      this.fail(
        body === undefined
          ? `expected the OutOf threshold (a whole number) but found ${this.describeHere()}`
          : `OutOf threshold must be a whole number, not ${quote ? `${quote}${body}${quote}` : body}`,
        position,
      );
    }
    return { value: Number.parseInt(body, 10), position };
  }

  private principal(): PolicyNode {
    const start = this.pos + 1;
    const body = this.stringBody();
    const dot = body.lastIndexOf('.');
    if (dot < 0) this.fail(`principal '${body}' must have the form 'MSPID.role', for example 'Org1MSP.peer'`, start);
    const mspId = body.slice(0, dot);
    const role = body.slice(dot + 1);
    if (mspId.length === 0) this.fail(`principal '${body}' has an empty MSP ID`, start);
    const badChar = /[^A-Za-z0-9.-]/.exec(mspId);
    if (badChar) {
      this.fail(`MSP ID '${mspId}' may hold only letters, digits, '.' and '-'`, start + badChar.index);
    }
    if (!(PRINCIPAL_ROLES as readonly string[]).includes(role)) {
      this.fail(
        `unknown role '${role}' in principal '${body}': expected one of ${PRINCIPAL_ROLES.join(', ')}`,
        start + dot + 1,
      );
    }
    return signedBy(mspId, role as PrincipalRole);
  }

  /** Reads a quoted string at the cursor and returns its contents; escapes have no place in a principal. */
  private stringBody(): string {
    const start = this.pos;
    const quote = this.text[start];
    const end = this.text.indexOf(quote, start + 1);
    if (end < 0) this.fail('unterminated string', start);
    const backslash = this.text.indexOf('\\', start + 1);
    if (backslash >= 0 && backslash < end) this.fail('escape sequences are not allowed in a principal', backslash);
    this.pos = end + 1;
    return this.text.slice(start + 1, end);
  }

  private identifier(): string | undefined {
    return this.match(/[A-Za-z_][A-Za-z0-9_]*/y);
  }

  private match(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.pos;
    const found = pattern.exec(this.text);
    if (!found) return undefined;
    this.pos += found[0].length;
    return found[0];
  }

  private expect(char: string, what: string): void {
    if (this.peek() !== char) this.fail(`expected ${what} but found ${this.describeHere()}`);
    this.pos++;
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && ' \t\r\n'.includes(this.text[this.pos])) this.pos++;
  }

  private peek(): string {
    return this.text.charAt(this.pos);
  }

  private peekQuote(): boolean {
    return this.peek() === "'" || this.peek() === '"';
  }

  private atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  private describeHere(): string {
    return this.atEnd() ? 'the end of the policy' : `'${this.peek()}'`;
  }

  private fail(reason: string, position = this.pos): never {
    throw new PolicySyntaxError(reason, this.text, position);
  }
}
