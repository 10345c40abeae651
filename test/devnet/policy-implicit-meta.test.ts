import { expect } from 'chai';
import {
  compileImplicitMeta,
  DEFAULT_APPLICATION_POLICIES,
  evaluateImplicitMeta,
  formatPolicy,
  implicitMetaThreshold,
  orgSubPolicy,
  parseImplicitMetaRule,
  PolicyError,
  type SignerIdentity,
  type SignerRole,
} from '../../network/devnet/src/policy';

const orgs = (count: number): string[] => Array.from({ length: count }, (_, i) => `Org${i + 1}MSP`);
const peers = (mspIds: readonly string[]): SignerIdentity[] => mspIds.map((mspId) => ({ mspId, role: 'peer' }));

describe('devnet policy: ImplicitMeta', () => {
  describe('parseImplicitMetaRule', () => {
    it('reads the three rule types', () => {
      expect(parseImplicitMetaRule('ANY Readers')).to.deep.equal({ rule: 'ANY', subPolicy: 'Readers' });
      expect(parseImplicitMetaRule('ALL Writers')).to.deep.equal({ rule: 'ALL', subPolicy: 'Writers' });
      expect(parseImplicitMetaRule('MAJORITY Endorsement')).to.deep.equal({
        rule: 'MAJORITY',
        subPolicy: 'Endorsement',
      });
    });

    it('rejects what Fabric configtxgen rejects', () => {
      expect(() => parseImplicitMetaRule('MAJORITY')).to.throw(PolicyError, 'two tokens separated by one space');
      expect(() => parseImplicitMetaRule('MAJORITY  Endorsement')).to.throw(PolicyError, 'two tokens');
      expect(() => parseImplicitMetaRule('MAJORITY Endorsement extra')).to.throw(PolicyError, 'two tokens');
      expect(() => parseImplicitMetaRule('MAJORITY ')).to.throw(PolicyError, 'two tokens');
      expect(() => parseImplicitMetaRule('majority Endorsement')).to.throw(
        PolicyError,
        "unknown ImplicitMeta rule type 'majority'",
      );
      expect(() => parseImplicitMetaRule('SOME Endorsement')).to.throw(PolicyError, 'expected ANY, ALL or MAJORITY');
    });
  });

  describe('thresholds', () => {
    const table: Array<[count: number, any: number, all: number, majority: number]> = [
      [0, 0, 0, 0],
      [1, 1, 1, 1],
      [2, 1, 2, 2],
      [3, 1, 3, 2],
      [4, 1, 4, 3],
      [9, 1, 9, 5],
      [10, 1, 10, 6],
    ];
    for (const [count, any, all, majority] of table) {
      it(`${count} org(s): ANY ${any}, ALL ${all}, MAJORITY ${majority}`, () => {
        expect(implicitMetaThreshold('ANY', count)).to.equal(any);
        expect(implicitMetaThreshold('ALL', count)).to.equal(all);
        expect(implicitMetaThreshold('MAJORITY', count)).to.equal(majority);
      });
    }
  });

  describe('org sub-policies, as in fabric-samples configtx.yaml', () => {
    it('writes them as signature policies', () => {
      expect(formatPolicy(orgSubPolicy('Org1MSP', 'Endorsement'))).to.equal("OR('Org1MSP.peer')");
      expect(formatPolicy(orgSubPolicy('Org1MSP', 'Readers'))).to.equal(
        "OR('Org1MSP.admin', 'Org1MSP.peer', 'Org1MSP.client')",
      );
      expect(formatPolicy(orgSubPolicy('Org1MSP', 'Writers'))).to.equal("OR('Org1MSP.admin', 'Org1MSP.client')");
      expect(formatPolicy(orgSubPolicy('Org1MSP', 'Admins'))).to.equal("OR('Org1MSP.admin')");
    });

    it('decides which roles each sub-policy accepts', () => {
      const accepts: Record<string, SignerRole[]> = {
        Endorsement: ['peer'],
        Readers: ['admin', 'peer', 'client'],
        Writers: ['admin', 'client'],
        Admins: ['admin'],
      };
      for (const [subPolicy, roles] of Object.entries(accepts)) {
        for (const role of ['client', 'peer', 'admin', 'orderer'] as const) {
          const holds = evaluateImplicitMeta(`ANY ${subPolicy}`, ['Org1MSP'], [{ mspId: 'Org1MSP', role }]);
          expect(holds, `${subPolicy} signed by ${role}`).to.equal(roles.includes(role));
        }
      }
    });

    it('rejects sub-policies orgs do not have', () => {
      expect(() => orgSubPolicy('Org1MSP', 'LifecycleEndorsement')).to.throw(
        PolicyError,
        "no policy named 'LifecycleEndorsement'",
      );
      expect(() => orgSubPolicy('Org1MSP', 'constructor')).to.throw(
        PolicyError,
        'Readers, Writers, Admins, Endorsement',
      );
    });

    it('lists the Application defaults of fabric-samples', () => {
      expect(DEFAULT_APPLICATION_POLICIES).to.deep.equal({
        Readers: 'ANY Readers',
        Writers: 'ANY Writers',
        Admins: 'MAJORITY Admins',
        LifecycleEndorsement: 'MAJORITY Endorsement',
        Endorsement: 'MAJORITY Endorsement',
      });
    });
  });

  describe('evaluation over 1, 2, 3 and 9 orgs', () => {
    for (const count of [1, 2, 3, 9]) {
      const channel = orgs(count);
      for (const rule of ['ANY', 'ALL', 'MAJORITY'] as const) {
        it(`${rule} Endorsement with ${count} org(s)`, () => {
          const evaluate = compileImplicitMeta({ rule, subPolicy: 'Endorsement' }, channel);
          const needed = implicitMetaThreshold(rule, count);
          for (let k = 0; k <= count; k++) {
            // The first k orgs and the last k orgs sign: which orgs does not matter, only how many.
            expect(evaluate(peers(channel.slice(0, k))), `first ${k} of ${count}`).to.equal(k >= needed);
            expect(evaluate(peers(channel.slice(count - k))), `last ${k} of ${count}`).to.equal(k >= needed);
          }
        });
      }
    }

    it('MAJORITY of 9 needs 5 distinct orgs, not 5 signatures', () => {
      const channel = orgs(9);
      const evaluate = compileImplicitMeta({ rule: 'MAJORITY', subPolicy: 'Endorsement' }, channel);
      const four = peers(channel.slice(0, 4));
      expect(evaluate(four)).to.equal(false);
      expect(evaluate([...four, { mspId: 'Org1MSP', role: 'peer', id: 'peer1' }])).to.equal(false);
      expect(evaluate([...four, { mspId: 'OutsiderMSP', role: 'peer' }])).to.equal(false);
      expect(evaluate([...four, { mspId: 'Org9MSP', role: 'client' }])).to.equal(false);
      expect(evaluate([...four, { mspId: 'Org9MSP', role: 'peer' }])).to.equal(true);
    });

    it('counts repeated identities once', () => {
      const evaluate = compileImplicitMeta({ rule: 'ALL', subPolicy: 'Endorsement' }, orgs(2));
      const same = { mspId: 'Org1MSP', role: 'peer', id: 'peer0' } as const;
      expect(evaluate([same, same])).to.equal(false);
      expect(evaluate([same, same, { mspId: 'Org2MSP', role: 'peer', id: 'peer0' }])).to.equal(true);
    });

    it('counts an org listed twice once', () => {
      expect(evaluateImplicitMeta('ALL Endorsement', ['Org1MSP', 'Org1MSP', 'Org2MSP'], peers(['Org1MSP']))).to.equal(
        false,
      );
      expect(
        evaluateImplicitMeta('ALL Endorsement', ['Org1MSP', 'Org1MSP', 'Org2MSP'], peers(['Org1MSP', 'Org2MSP'])),
      ).to.equal(true);
    });

    it('holds trivially over no orgs, as in Fabric', () => {
      expect(evaluateImplicitMeta('MAJORITY Endorsement', [], [])).to.equal(true);
    });

    it('applies the sub-policy per org: MAJORITY Admins needs admins', () => {
      const channel = orgs(3);
      const admins: SignerIdentity[] = channel.slice(0, 2).map((mspId) => ({ mspId, role: 'admin' }));
      expect(evaluateImplicitMeta('MAJORITY Admins', channel, admins)).to.equal(true);
      expect(evaluateImplicitMeta('MAJORITY Admins', channel, peers(channel))).to.equal(false);
      expect(evaluateImplicitMeta('ANY Writers', channel, peers(channel))).to.equal(false);
      expect(evaluateImplicitMeta('ANY Readers', channel, peers(channel.slice(2)))).to.equal(true);
    });
  });
});
