import { common, msp } from '@hyperledger/fabric-protos';
import { expect } from 'chai';
import {
  fromSignaturePolicyEnvelope,
  outOf,
  parseSignaturePolicy,
  PolicyError,
  signedBy,
  toApplicationPolicy,
  toSignaturePolicyEnvelope,
} from '../../network/devnet/src/policy';

/** Rule trees as Fabric's policydsl tests write them: SignedBy(index), NOutOf(n, rules). */
type Rule = number | { n: number; rules: Rule[] };
const SignedBy = (index: number): Rule => index;
const NOutOf = (n: number, rules: Rule[]): Rule => ({ n, rules });
const And = (...rules: Rule[]): Rule => NOutOf(rules.length, rules);
const Or = (...rules: Rule[]): Rule => NOutOf(1, rules);

const ROLE_NAMES = ['member', 'admin', 'client', 'peer', 'orderer'];

/** Reads an envelope with the protobuf classes alone, independently of fromSignaturePolicyEnvelope. */
function inspect(envelope: common.SignaturePolicyEnvelope): { version: number; rule: Rule; identities: string[] } {
  const readRule = (rule: common.SignaturePolicy): Rule => {
    if (rule.getTypeCase() === common.SignaturePolicy.TypeCase.SIGNED_BY) return rule.getSignedBy();
    const nOutOf = rule.getNOutOf();
    if (!nOutOf) throw new Error('rule without type');
    return { n: nOutOf.getN(), rules: nOutOf.getRulesList().map(readRule) };
  };
  const identities = envelope.getIdentitiesList().map((principal) => {
    expect(principal.getPrincipalClassification()).to.equal(msp.MSPPrincipal.Classification.ROLE);
    const role = msp.MSPRole.deserializeBinary(principal.getPrincipal_asU8());
    return `${role.getMspIdentifier()}.${ROLE_NAMES[role.getRole()]}`;
  });
  const rule = envelope.getRule();
  if (!rule) throw new Error('envelope without rule');
  return { version: envelope.getVersion(), rule: readRule(rule), identities };
}

function envelopeOf(text: string): common.SignaturePolicyEnvelope {
  return toSignaturePolicyEnvelope(parseSignaturePolicy(text));
}

function hex(envelope: common.SignaturePolicyEnvelope): string {
  return Buffer.from(envelope.serializeBinary()).toString('hex');
}

describe('devnet policy: SignaturePolicyEnvelope', () => {
  describe('matches what Fabric policydsl tests expect (common/policydsl/policyparser_test.go)', () => {
    const cases: Array<[name: string, text: string, rule: Rule, identities: string[]]> = [
      [
        'TestOutOf1',
        "OutOf(1, 'A.member', 'B.member')",
        NOutOf(1, [SignedBy(0), SignedBy(1)]),
        ['A.member', 'B.member'],
      ],
      [
        'TestOutOf2',
        "OutOf(2, 'A.member', 'B.member')",
        NOutOf(2, [SignedBy(0), SignedBy(1)]),
        ['A.member', 'B.member'],
      ],
      ['TestAnd', "AND('A.member', 'B.member')", And(SignedBy(0), SignedBy(1)), ['A.member', 'B.member']],
      ['TestAndClientPeerOrderer', "AND('A.client', 'B.peer')", And(SignedBy(0), SignedBy(1)), ['A.client', 'B.peer']],
      ['TestOr', "OR('A.member', 'B.member')", Or(SignedBy(0), SignedBy(1)), ['A.member', 'B.member']],
      [
        'TestComplex1',
        "OR('A.member', AND('B.member', 'C.member'))",
        Or(SignedBy(2), And(SignedBy(0), SignedBy(1))),
        ['B.member', 'C.member', 'A.member'],
      ],
      [
        'TestComplex2',
        "OR(AND('A.member', 'B.member'), OR('C.admin', 'D.member'))",
        Or(And(SignedBy(0), SignedBy(1)), Or(SignedBy(2), SignedBy(3))),
        ['A.member', 'B.member', 'C.admin', 'D.member'],
      ],
      [
        'TestMSPIDWIthSpecialChars',
        "OR('MSP.member', 'MSP.WITH.DOTS.member', 'MSP-WITH-DASHES.member')",
        NOutOf(1, [SignedBy(0), SignedBy(1), SignedBy(2)]),
        ['MSP.member', 'MSP.WITH.DOTS.member', 'MSP-WITH-DASHES.member'],
      ],
      [
        'TestNodeOUs',
        "OR('A.peer', 'B.admin', 'C.orderer', 'D.client')",
        NOutOf(1, [SignedBy(0), SignedBy(1), SignedBy(2), SignedBy(3)]),
        ['A.peer', 'B.admin', 'C.orderer', 'D.client'],
      ],
      [
        'TestOutOfNumIsString',
        "OutOf('1', 'A.member', 'B.member')",
        NOutOf(1, [SignedBy(0), SignedBy(1)]),
        ['A.member', 'B.member'],
      ],
      [
        'TestSecondPassBoundaryCheck t=0',
        "OutOf(0, 'A.member', 'B.member')",
        NOutOf(0, [SignedBy(0), SignedBy(1)]),
        ['A.member', 'B.member'],
      ],
      [
        'TestSecondPassBoundaryCheck t=n+1',
        "OutOf(3, 'A.member', 'B.member')",
        NOutOf(3, [SignedBy(0), SignedBy(1)]),
        ['A.member', 'B.member'],
      ],
    ];
    for (const [name, text, rule, identities] of cases) {
      it(`${name}: ${text}`, () => {
        expect(inspect(envelopeOf(text))).to.deep.equal({ version: 0, rule, identities });
      });
    }
  });

  describe('numbering of principals, as policydsl numbers them', () => {
    it("numbers every nested gate's principals before the gate's own, in argument order", () => {
      const envelope = envelopeOf("OR('A.peer', AND('B.peer', 'C.peer'), 'D.peer', AND('E.peer', OR('F.peer')))");
      expect(inspect(envelope)).to.deep.equal({
        version: 0,
        rule: Or(SignedBy(4), And(SignedBy(0), SignedBy(1)), SignedBy(5), And(SignedBy(3), Or(SignedBy(2)))),
        identities: ['B.peer', 'C.peer', 'F.peer', 'E.peer', 'A.peer', 'D.peer'],
      });
    });

    it('keeps one principal per occurrence: policydsl does not merge repeats', () => {
      expect(inspect(envelopeOf("OR('A.peer', 'A.peer', AND('A.peer'))"))).to.deep.equal({
        version: 0,
        rule: Or(SignedBy(1), SignedBy(2), And(SignedBy(0))),
        identities: ['A.peer', 'A.peer', 'A.peer'],
      });
    });
  });

  describe('bytes', () => {
    // Worked out by hand from the proto definitions, as Go's proto.Marshal writes them: fields in number order,
    // proto3 defaults (version 0, ROLE = 0, MEMBER = 0, n = 0) left out, but a oneof's signed_by written even
    // when it is 0.
    it("OR('A.member', 'B.member')", () => {
      expect(hex(envelopeOf("OR('A.member', 'B.member')"))).to.equal(
        [
          '120c', // rule: SignaturePolicy, 12 bytes
          '120a', //   n_out_of: 10 bytes
          '0801', //     n = 1
          '12020800', //     rules[0]: signed_by = 0
          '12020801', //     rules[1]: signed_by = 1
          '1a05', // identities[0]: MSPPrincipal, 5 bytes (classification ROLE = 0 omitted)
          '1203', //   principal: MSPRole bytes, 3 bytes
          '0a0141', //     msp_identifier = "A" (role MEMBER = 0 omitted)
          '1a05', // identities[1]
          '1203',
          '0a0142', //     msp_identifier = "B"
        ].join(''),
      );
    });

    it("AND ('Org1MSP.peer','Org2MSP.peer') from Fabric's approveformyorg documentation", () => {
      const org = (name: string): string => `0a07${Buffer.from(name).toString('hex')}1003`; // MSPRole{id, PEER}
      expect(hex(envelopeOf("AND ('Org1MSP.peer','Org2MSP.peer')"))).to.equal(
        '120c120a0802' + '12020800' + '12020801' + `1a0d120b${org('Org1MSP')}` + `1a0d120b${org('Org2MSP')}`,
      );
    });

    it("OR('A.member', AND('B.member', 'C.member'))", () => {
      expect(hex(envelopeOf("OR('A.member', AND('B.member', 'C.member'))"))).to.equal(
        '1216' +
          '1214' +
          '0801' +
          '12020802' +
          '120c120a0802' +
          '12020800' +
          '12020801' +
          '1a0512030a0142' +
          '1a0512030a0143' +
          '1a0512030a0141',
      );
    });

    it('is the same for every spelling, quoting and spacing of one policy', () => {
      const reference = hex(envelopeOf("AND('Org1MSP.peer', OR('Org2MSP.admin', 'Org3MSP.client'))"));
      for (const variant of [
        `and("Org1MSP.peer",or("Org2MSP.admin","Org3MSP.client"))`,
        "And ( 'Org1MSP.peer' ,\n\tOutOf(1, 'Org2MSP.admin', \"Org3MSP.client\") )",
        "OUTOF('2', 'Org1MSP.peer', OR('Org2MSP.admin', 'Org3MSP.client'))",
      ]) {
        expect(hex(envelopeOf(variant)), variant).to.equal(reference);
      }
    });
  });

  describe('fromSignaturePolicyEnvelope', () => {
    const texts = [
      "OR('A.member', 'B.member')",
      "OR('A.member', AND('B.member', 'C.member'))",
      "OR(AND('A.member', 'B.member'), OR('C.admin', 'D.member'))",
      "OutOf(2, 'A.peer', 'B.admin', OR('C.orderer', AND('D.client', 'A.peer')))",
      "OutOf(0, 'A.member', 'B.member')",
      "OutOf(3, 'A.member', 'B.member')",
    ];
    for (const text of texts) {
      it(`round-trips ${text} through the message and its bytes`, () => {
        const node = parseSignaturePolicy(text);
        const envelope = toSignaturePolicyEnvelope(node);
        expect(fromSignaturePolicyEnvelope(envelope)).to.deep.equal(node);
        const bytes = envelope.serializeBinary();
        expect(fromSignaturePolicyEnvelope(bytes)).to.deep.equal(node);
        expect(toSignaturePolicyEnvelope(fromSignaturePolicyEnvelope(bytes)).serializeBinary()).to.deep.equal(bytes);
      });
    }

    it('reads envelopes whose rules share principals, as other tools build them', () => {
      const envelope = new common.SignaturePolicyEnvelope();
      envelope.setIdentitiesList([principal('A', msp.MSPRole.MSPRoleType.PEER)]);
      envelope.setRule(nOutOf(2, [signedByRule(0), signedByRule(0)]));
      expect(fromSignaturePolicyEnvelope(envelope)).to.deep.equal(
        outOf(2, [signedBy('A', 'peer'), signedBy('A', 'peer')]),
      );
    });

    it('reads a bare SignedBy rule', () => {
      const envelope = new common.SignaturePolicyEnvelope();
      envelope.setIdentitiesList([principal('A', msp.MSPRole.MSPRoleType.ADMIN)]);
      envelope.setRule(signedByRule(0));
      expect(fromSignaturePolicyEnvelope(envelope)).to.deep.equal(signedBy('A', 'admin'));
      expect(toSignaturePolicyEnvelope(signedBy('A', 'admin')).serializeBinary()).to.deep.equal(
        envelope.serializeBinary(),
      );
    });

    it('rejects what Fabric cauthdsl would not compile', () => {
      const base = (): common.SignaturePolicyEnvelope => envelopeOf("OR('A.member', 'B.member')");

      const versioned = base();
      versioned.setVersion(1);
      expect(() => fromSignaturePolicyEnvelope(versioned)).to.throw(PolicyError, 'version 1 is not supported');

      const noRule = base();
      noRule.clearRule();
      expect(() => fromSignaturePolicyEnvelope(noRule)).to.throw(PolicyError, 'has no rule');

      const emptyRule = base();
      emptyRule.setRule(new common.SignaturePolicy());
      expect(() => fromSignaturePolicyEnvelope(emptyRule)).to.throw(PolicyError, 'empty rule');

      const outOfRange = base();
      outOfRange.setRule(nOutOf(1, [signedByRule(0), signedByRule(2)]));
      expect(() => fromSignaturePolicyEnvelope(outOfRange)).to.throw(
        PolicyError,
        'refers to principal 2, but the policy has 2',
      );

      const ouPrincipal = base();
      const ou = new msp.MSPPrincipal();
      ou.setPrincipalClassification(msp.MSPPrincipal.Classification.ORGANIZATION_UNIT);
      ouPrincipal.setIdentitiesList([ouPrincipal.getIdentitiesList()[0], ou]);
      expect(() => fromSignaturePolicyEnvelope(ouPrincipal)).to.throw(PolicyError, 'only ROLE principals');

      expect(() => fromSignaturePolicyEnvelope(Uint8Array.of(0x12, 0x05, 0x01))).to.throw(PolicyError, 'malformed');
    });
  });

  describe('toApplicationPolicy', () => {
    it('wraps a signature policy the way the peer CLI does for --signature-policy', () => {
      const text = "AND('Org1MSP.peer', 'Org2MSP.peer')";
      const policy = toApplicationPolicy({ signature: text });
      expect(policy.getTypeCase()).to.equal(common.ApplicationPolicy.TypeCase.SIGNATURE_POLICY);
      expect(policy.getSignaturePolicy()?.serializeBinary()).to.deep.equal(envelopeOf(text).serializeBinary());
      // ApplicationPolicy.signature_policy is field 1: tag 0x0a, then the envelope's length and bytes.
      expect(Buffer.from(policy.serializeBinary()).toString('hex')).to.equal(
        `0a${(hex(envelopeOf(text)).length / 2).toString(16)}${hex(envelopeOf(text))}`,
      );
    });

    it('references a channel policy for --channel-config-policy', () => {
      const policy = toApplicationPolicy({ channelConfigPolicy: '/Channel/Application/Endorsement' });
      expect(policy.getTypeCase()).to.equal(common.ApplicationPolicy.TypeCase.CHANNEL_CONFIG_POLICY_REFERENCE);
      expect(policy.getChannelConfigPolicyReference()).to.equal('/Channel/Application/Endorsement');
    });
  });
});

function principal(
  mspId: string,
  role: msp.MSPRole.MSPRoleTypeMap[keyof msp.MSPRole.MSPRoleTypeMap],
): msp.MSPPrincipal {
  const mspRole = new msp.MSPRole();
  mspRole.setMspIdentifier(mspId);
  mspRole.setRole(role);
  const result = new msp.MSPPrincipal();
  result.setPrincipalClassification(msp.MSPPrincipal.Classification.ROLE);
  result.setPrincipal(mspRole.serializeBinary());
  return result;
}

function signedByRule(index: number): common.SignaturePolicy {
  const rule = new common.SignaturePolicy();
  rule.setSignedBy(index);
  return rule;
}

function nOutOf(n: number, rules: common.SignaturePolicy[]): common.SignaturePolicy {
  const gate = new common.SignaturePolicy.NOutOf();
  gate.setN(n);
  gate.setRulesList(rules);
  const rule = new common.SignaturePolicy();
  rule.setNOutOf(gate);
  return rule;
}
