import { expect } from 'chai';
import {
  compileSignaturePolicy,
  distinctSigners,
  evaluatePolicy,
  parseSignaturePolicy,
  PRINCIPAL_ROLES,
  type SignerIdentity,
  type SignerRole,
} from '../../network/devnet/src/policy';

const SIGNER_ROLES: readonly SignerRole[] = ['client', 'peer', 'admin', 'orderer'];

/** `signer('A.peer')`, optionally with an identity name. */
function signer(principal: string, id?: string): SignerIdentity {
  const dot = principal.lastIndexOf('.');
  const identity = { mspId: principal.slice(0, dot), role: principal.slice(dot + 1) as SignerRole };
  return id === undefined ? identity : { ...identity, id };
}

function holds(policy: string, ...signers: SignerIdentity[]): boolean {
  return evaluatePolicy(parseSignaturePolicy(policy), signers);
}

describe('devnet policy: signature-policy evaluation', () => {
  describe('principal matching', () => {
    it('member accepts every role of its MSP; other principals need the exact role', () => {
      for (const principalRole of PRINCIPAL_ROLES) {
        for (const signerRole of SIGNER_ROLES) {
          const expected = principalRole === 'member' || principalRole === signerRole;
          expect(
            holds(`OR('Org1MSP.${principalRole}')`, signer(`Org1MSP.${signerRole}`)),
            `${principalRole} by ${signerRole}`,
          ).to.equal(expected);
        }
      }
    });

    it('never accepts a signer of another MSP, whatever the role', () => {
      for (const principalRole of PRINCIPAL_ROLES) {
        for (const signerRole of SIGNER_ROLES) {
          expect(holds(`OR('Org1MSP.${principalRole}')`, signer(`Org2MSP.${signerRole}`))).to.equal(false);
        }
      }
      // MSP IDs compare exactly: no prefix or case folding.
      expect(
        holds("OR('Org1MSP.member')", signer('org1msp.peer'), signer('Org1MSP2.peer'), signer('Org1.peer')),
      ).to.equal(false);
    });

    it('fails with no signers, unless the threshold is 0', () => {
      expect(holds("OR('A.member')")).to.equal(false);
      expect(holds("AND('A.member', 'B.member')")).to.equal(false);
      expect(holds("OutOf(0, 'A.member', 'B.member')")).to.equal(true);
    });
  });

  describe('truth tables', () => {
    const signersFor = (mask: number): SignerIdentity[] =>
      ['A', 'B', 'C'].filter((_, i) => mask & (1 << i)).map((mspId) => signer(`${mspId}.peer`));

    it('AND, OR and every OutOf threshold over three orgs', () => {
      for (let mask = 0; mask < 8; mask++) {
        const count = signersFor(mask).length;
        const label = `signers ${
          signersFor(mask)
            .map((s) => s.mspId)
            .join(',') || '(none)'
        }`;
        expect(holds("AND('A.peer', 'B.peer', 'C.peer')", ...signersFor(mask)), label).to.equal(count === 3);
        expect(holds("OR('A.peer', 'B.peer', 'C.peer')", ...signersFor(mask)), label).to.equal(count >= 1);
        for (let n = 0; n <= 4; n++) {
          expect(
            holds(`OutOf(${n}, 'A.peer', 'B.peer', 'C.peer')`, ...signersFor(mask)),
            `${n} of 3, ${label}`,
          ).to.equal(count >= n);
        }
      }
    });

    it("nested: AND('A.peer', OR('B.peer', 'C.peer'))", () => {
      const expected = [false, false, false, true, false, true, false, true]; // by mask over A, B, C
      for (let mask = 0; mask < 8; mask++) {
        expect(holds("AND('A.peer', OR('B.peer', 'C.peer'))", ...signersFor(mask)), `mask ${mask}`).to.equal(
          expected[mask],
        );
      }
    });

    it('the OutOf(n+1) form never holds', () => {
      expect(holds("OutOf(4, 'A.peer', 'B.peer', 'C.peer')", ...signersFor(7), signer('A.peer', 'a2'))).to.equal(false);
    });
  });

  describe('each identity counts once', () => {
    it('needs two identities for the same principal twice (Fabric TestMultipleSignature)', () => {
      const policy = "AND('A.member', 'A.member')";
      expect(holds(policy, signer('A.peer', 'p0'))).to.equal(false);
      expect(holds(policy, signer('A.peer', 'p0'), signer('A.client', 'c0'))).to.equal(true);
      expect(holds(policy, signer('A.peer', 'p0'), signer('A.peer', 'p1'))).to.equal(true);
    });

    it('counts a repeated identity (same MSP and id) once', () => {
      const policy = "AND('A.member', 'A.member')";
      expect(holds(policy, signer('A.peer', 'p0'), signer('A.peer', 'p0'))).to.equal(false);
      expect(holds("OutOf(2, 'A.peer', 'B.peer')", signer('A.peer', 'p0'), signer('A.peer', 'p0'))).to.equal(false);
      // The same id in two MSPs names two identities.
      expect(holds("AND('A.peer', 'B.peer')", signer('A.peer', 'x'), signer('B.peer', 'x'))).to.equal(true);
    });

    it('treats signers without an id as distinct', () => {
      expect(holds("AND('A.member', 'A.member')", signer('A.peer'), signer('A.peer'))).to.equal(true);
    });

    it('ports Fabric cauthdsl TestComplexNestedSignature', () => {
      // And(Or(And(S0, S1), And(S0, S0)), S0), where S0 and S1 stand for two MSPs' members.
      const policy = "AND(OR(AND('S0.member', 'S1.member'), AND('S0.member', 'S0.member')), 'S0.member')";
      const s0 = (id: string): SignerIdentity => signer('S0.peer', id);
      const s1 = (id: string): SignerIdentity => signer('S1.peer', id);
      expect(holds(policy, s0('a'), s1('b'), s0('c'))).to.equal(true);
      expect(holds(policy, s0('a'), s0('b'), s0('c'))).to.equal(true);
      expect(holds(policy, s0('a'), s1('b'))).to.equal(false);
      expect(holds(policy, s0('a'), s1('b'), s1('c'))).to.equal(false);
      // The third S0 signer repeats the first: de-duplicated, too few signatures remain.
      expect(holds(policy, s0('a'), s1('b'), s0('a'))).to.equal(false);
    });
  });

  describe("Fabric's greedy evaluation", () => {
    it('lets a principal take the first unused signer that fits, so signer order matters', () => {
      const policy = "AND('A.member', 'A.peer')";
      // member takes the peer, leaving only the client for A.peer.
      expect(holds(policy, signer('A.peer', 'p'), signer('A.client', 'c'))).to.equal(false);
      expect(holds(policy, signer('A.client', 'c'), signer('A.peer', 'p'))).to.equal(true);
    });

    it('lets a gate consume signers for every rule that holds, even past its threshold', () => {
      // OR holds with A alone but still takes B, so the sibling B.peer finds no unused signer.
      const policy = "OutOf(2, OR('A.peer', 'B.peer'), 'B.peer')";
      expect(holds(policy, signer('A.peer', 'a1'), signer('B.peer', 'b1'))).to.equal(false);
      expect(holds(policy, signer('A.peer', 'a1'), signer('B.peer', 'b1'), signer('B.peer', 'b2'))).to.equal(true);
    });

    it('gives back the signers a failing rule took', () => {
      // AND('A.peer', 'B.peer') fails without B, so A stays free for the second rule.
      expect(holds("OutOf(1, AND('A.peer', 'B.peer'), 'A.peer')", signer('A.peer', 'a1'))).to.equal(true);
      expect(
        holds("AND(OR(AND('A.peer', 'B.peer'), 'C.peer'), 'A.peer')", signer('A.peer'), signer('C.peer')),
      ).to.equal(true);
    });
  });

  describe('compiled policies', () => {
    it('keep no state between evaluations', () => {
      const evaluate = compileSignaturePolicy(parseSignaturePolicy("AND('A.peer', OR('B.peer', 'C.peer'))"));
      const good = [signer('A.peer', 'a'), signer('C.peer', 'c')];
      const bad = [signer('A.peer', 'a'), signer('A.peer', 'a2')];
      for (let i = 0; i < 3; i++) {
        expect(evaluate(good)).to.equal(true);
        expect(evaluate(bad)).to.equal(false);
      }
    });

    it('do not modify the signer list', () => {
      const signers = Object.freeze([signer('A.peer', 'a'), signer('A.peer', 'a')]);
      expect(distinctSigners(signers)).to.deep.equal([signer('A.peer', 'a')]);
      expect(signers).to.have.length(2);
      const unique = [signer('A.peer', 'a'), signer('B.peer')];
      expect(distinctSigners(unique)).to.deep.equal(unique);
    });
  });
});
