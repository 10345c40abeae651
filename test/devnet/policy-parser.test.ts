import { expect } from 'chai';
import {
  formatPolicy,
  outOf,
  parseSignaturePolicy,
  PolicySyntaxError,
  signedBy,
  type PolicyNode,
} from '../../network/devnet/src/policy';

/** Parses and expects a syntax error whose message contains `reason`, at `position`. */
function expectSyntaxError(text: string, reason: string, position: number): PolicySyntaxError {
  let caught: unknown;
  try {
    parseSignaturePolicy(text);
  } catch (err) {
    caught = err;
  }
  expect(caught, `no error for ${JSON.stringify(text)}`).to.be.instanceOf(PolicySyntaxError);
  const error = caught as PolicySyntaxError;
  expect(error.reason).to.contain(reason);
  expect(error.position, `position for ${JSON.stringify(text)}`).to.equal(position);
  return error;
}

describe('devnet policy: signature-policy parser', () => {
  describe('gates', () => {
    it('parses AND as all-of, OR as one-of and OutOf with its threshold', () => {
      const a = signedBy('A', 'member');
      const b = signedBy('B', 'member');
      expect(parseSignaturePolicy("AND('A.member', 'B.member')")).to.deep.equal(outOf(2, [a, b]));
      expect(parseSignaturePolicy("OR('A.member', 'B.member')")).to.deep.equal(outOf(1, [a, b]));
      expect(parseSignaturePolicy("OutOf(2, 'A.member', 'B.member')")).to.deep.equal(outOf(2, [a, b]));
      expect(parseSignaturePolicy("OutOf(1, 'A.member', 'B.member')")).to.deep.equal(outOf(1, [a, b]));
    });

    it('accepts a single rule', () => {
      expect(parseSignaturePolicy("AND('A.peer')")).to.deep.equal(outOf(1, [signedBy('A', 'peer')]));
      expect(parseSignaturePolicy("OR('A.peer')")).to.deep.equal(outOf(1, [signedBy('A', 'peer')]));
      expect(parseSignaturePolicy("OutOf(1, 'A.peer')")).to.deep.equal(outOf(1, [signedBy('A', 'peer')]));
    });

    it('accepts exactly the keyword spellings Fabric registers', () => {
      const expected = outOf(2, [signedBy('A', 'peer'), signedBy('B', 'peer')]);
      for (const gate of ['AND', 'And', 'and']) {
        expect(parseSignaturePolicy(`${gate}('A.peer', 'B.peer')`)).to.deep.equal(expected);
      }
      for (const gate of ['OR', 'Or', 'or']) {
        expect(parseSignaturePolicy(`${gate}('A.peer', 'B.peer')`)).to.deep.equal(outOf(1, expected.rules));
      }
      for (const gate of ['OutOf', 'outof', 'OUTOF']) {
        expect(parseSignaturePolicy(`${gate}(2, 'A.peer', 'B.peer')`)).to.deep.equal(expected);
      }
    });

    it('rejects other casings with the spellings that work', () => {
      expect(expectSyntaxError("aNd('A.peer')", 'use AND, And or and', 0).message).to.contain("gate 'aNd'");
      expectSyntaxError("oR('A.peer')", 'use OR, Or or or', 0);
      expectSyntaxError("outOf(1, 'A.peer')", 'use OutOf, outof or OUTOF', 0);
      expectSyntaxError("OR('A.peer', Outof(1, 'B.peer'))", 'use OutOf, outof or OUTOF', 13);
    });

    it('rejects unknown gates', () => {
      expectSyntaxError("NOT('A.peer')", "unknown gate 'NOT'", 0);
      expectSyntaxError("OR('A.peer', XOR('B.peer'))", "unknown gate 'XOR'", 13);
    });

    it('parses nested gates at any depth', () => {
      const policy = parseSignaturePolicy(
        "OR(AND('A.member', 'B.member'), OutOf(2, 'C.admin', AND('D.peer', OR('E.client', 'F.orderer')), 'G.member'))",
      );
      expect(policy).to.deep.equal(
        outOf(1, [
          outOf(2, [signedBy('A', 'member'), signedBy('B', 'member')]),
          outOf(2, [
            signedBy('C', 'admin'),
            outOf(2, [signedBy('D', 'peer'), outOf(1, [signedBy('E', 'client'), signedBy('F', 'orderer')])]),
            signedBy('G', 'member'),
          ]),
        ]),
      );
    });

    it('limits nesting depth with a clear error instead of overflowing the stack', () => {
      const deep = 'OR('.repeat(70) + "'A.peer'" + ')'.repeat(70);
      expectSyntaxError(deep, 'nests deeper than 64 levels', 3 * 64);
      const fine = 'OR('.repeat(64) + "'A.peer'" + ')'.repeat(64);
      expect(parseSignaturePolicy(fine).kind).to.equal('outOf');
    });
  });

  describe('principals', () => {
    it('maps every role', () => {
      const policy = parseSignaturePolicy("OR('A.member', 'A.admin', 'A.client', 'A.peer', 'A.orderer')");
      expect(policy).to.deep.equal(
        outOf(1, [
          signedBy('A', 'member'),
          signedBy('A', 'admin'),
          signedBy('A', 'client'),
          signedBy('A', 'peer'),
          signedBy('A', 'orderer'),
        ]),
      );
    });

    it('takes single and double quotes, mixed', () => {
      expect(parseSignaturePolicy(`AND("Org1MSP.peer", 'Org2MSP.peer')`)).to.deep.equal(
        outOf(2, [signedBy('Org1MSP', 'peer'), signedBy('Org2MSP', 'peer')]),
      );
    });

    it('allows dots and dashes in MSP IDs, splitting the role at the last dot (Fabric TestMSPIDWIthSpecialChars)', () => {
      expect(parseSignaturePolicy("OR('MSP.member', 'MSP.WITH.DOTS.member', 'MSP-WITH-DASHES.member')")).to.deep.equal(
        outOf(1, [
          signedBy('MSP', 'member'),
          signedBy('MSP.WITH.DOTS', 'member'),
          signedBy('MSP-WITH-DASHES', 'member'),
        ]),
      );
    });

    it('reports an unknown role at the role', () => {
      const error = expectSyntaxError("OR('A.member', 'B.boss')", "unknown role 'boss' in principal 'B.boss'", 18);
      expect(error.message).to.contain('member, admin, client, peer, orderer');
      // Roles are case-sensitive in Fabric.
      expectSyntaxError("OR('A.Peer')", "unknown role 'Peer'", 6);
    });

    it('reports malformed principals', () => {
      expectSyntaxError("OR('A.member', 'Bmember')", "principal 'Bmember' must have the form 'MSPID.role'", 16);
      expectSyntaxError("OR('.peer')", 'empty MSP ID', 4);
      expectSyntaxError("OR('Org 1.peer')", "MSP ID 'Org 1' may hold only letters, digits, '.' and '-'", 7);
      expectSyntaxError("OR('Org1MSP.peer", 'unterminated string', 3);
      expectSyntaxError(`OR('A.member', '\\'Bmember\\'')`, 'escape sequences are not allowed', 16);
    });

    it('asks for quotes around a bare principal', () => {
      expectSyntaxError("OR('A.member', Bmember)", "unexpected name 'Bmember': a principal must be quoted", 15);
      expectSyntaxError('OR(A.member)', "unexpected name 'A'", 3);
    });
  });

  describe('whitespace', () => {
    it('ignores spaces, tabs and line breaks between tokens, including before the parenthesis', () => {
      const expected = outOf(2, [signedBy('Org1MSP', 'peer'), outOf(1, [signedBy('Org2MSP', 'peer')])]);
      expect(parseSignaturePolicy("AND ('Org1MSP.peer',OR('Org2MSP.peer'))")).to.deep.equal(expected);
      expect(parseSignaturePolicy("  AND\t(\n  'Org1MSP.peer' ,\r\n  OR ( 'Org2MSP.peer' )\n)  ")).to.deep.equal(
        expected,
      );
    });

    it('keeps whitespace inside quotes significant', () => {
      expectSyntaxError("OR(' A.peer')", "MSP ID ' A' may hold only", 4);
    });
  });

  describe('OutOf thresholds', () => {
    it('accepts a quoted threshold as Fabric does (TestOutOfNumIsString)', () => {
      expect(parseSignaturePolicy("OutOf('1', 'A.member', 'B.member')")).to.deep.equal(
        outOf(1, [signedBy('A', 'member'), signedBy('B', 'member')]),
      );
    });

    it('permits 0 (always satisfied) and one more than the rule count (never satisfied), as Fabric does', () => {
      expect(parseSignaturePolicy("OutOf(0, 'A.member', 'B.member')")).to.deep.include({ n: 0 });
      expect(parseSignaturePolicy("OutOf(3, 'A.member', 'B.member')")).to.deep.include({ n: 3 });
    });

    it('rejects thresholds out of range, pointing at the threshold', () => {
      expectSyntaxError("OutOf(-1, 'A.member', 'B.member')", 'OutOf threshold -1 is out of range', 6);
      const error = expectSyntaxError(
        "OR('X.peer', OutOf(4, 'A.member', 'B.member'))",
        'threshold 4 is out of range',
        19,
      );
      expect(error.reason).to.contain('with 2 rule(s) it must be from 0 to 3');
    });

    it('rejects thresholds that are not whole numbers', () => {
      expectSyntaxError("OutOf(1.5, 'A.member')", 'must be a whole number, not 1.5', 6);
      expectSyntaxError("OutOf('two', 'A.member')", "must be a whole number, not 'two'", 6);
      expectSyntaxError("OutOf(true, 'A.member')", 'expected the OutOf threshold', 6);
      expectSyntaxError("OutOf('A.member', 'B.member')", 'must be a whole number', 6);
    });

    it('needs a threshold and at least one rule (Fabric: OutOf(1) fails)', () => {
      expectSyntaxError('OutOf(1)', "expected ',' and at least one rule after the OutOf threshold", 7);
      expectSyntaxError('OutOf()', 'expected the OutOf threshold', 6);
    });
  });

  describe('syntax errors', () => {
    const cases: Array<[text: string, reason: string, position: number]> = [
      ['', 'empty policy', 0],
      ['   ', 'empty policy', 3],
      ['1', 'expected AND, OR or OutOf', 0],
      ["'1'", 'not a bare principal', 0],
      ["'A.member'", 'not a bare principal', 0],
      ['AND', "expected '(' after AND", 3],
      ['OR()', 'OR needs at least one rule', 3],
      ['AND( )', 'AND needs at least one rule', 5],
      ["OR('A.member',)", 'expected a principal', 14],
      ["OR('A.member' 'B.member')", "expected ',' or ')'", 14],
      ["OR('A.member'", "expected ',' or ')'", 13],
      ["OR('A.member'))", 'after the end of the policy', 14],
      ["OR('A.member') AND('B.member')", 'after the end of the policy', 15],
      ['OutOf(1, 2)', 'expected a principal', 9],
      ["OR('A.member', 'B.member'; 'C.member')", "expected ',' or ')'", 25],
    ];
    for (const [text, reason, position] of cases) {
      it(`${JSON.stringify(text)}: ${reason} at ${position}`, () => {
        expectSyntaxError(text, reason, position);
      });
    }

    it('shows the position with a caret under the expression', () => {
      const error = expectSyntaxError("AND('A.peer',\t'B.peon')", "unknown role 'peon'", 17);
      expect(error.message).to.equal(
        "unknown role 'peon' in principal 'B.peon': expected one of member, admin, client, peer, orderer " +
          "at position 17 in signature policy\n  AND('A.peer', 'B.peon')\n                   ^",
      );
    });
  });

  describe('formatPolicy', () => {
    it('writes canonical text that parses back to the same tree', () => {
      const texts = [
        "AND('A.member', 'B.member')",
        "OR('A.member', AND('B.member', 'C.member'))",
        "OutOf(2, 'A.peer', 'B.peer', OR('C.admin', 'D.client'))",
        "OutOf(0, 'A.member', 'B.member')",
        "OutOf(3, 'A.member', 'B.member')",
        "OR('MSP.WITH.DOTS.orderer')",
      ];
      for (const text of texts) {
        const node: PolicyNode = parseSignaturePolicy(text);
        expect(formatPolicy(node)).to.equal(text);
        expect(parseSignaturePolicy(formatPolicy(node))).to.deep.equal(node);
      }
      expect(formatPolicy(parseSignaturePolicy(`and ( "A.peer" )`))).to.equal("OR('A.peer')");
    });
  });
});
