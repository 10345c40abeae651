import { expect } from 'chai';
import path from 'node:path';
import {
  PolicyError,
  PolicySyntaxError,
  resolveEndorsementPolicy,
  type EndorsementPolicy,
  type SignerIdentity,
} from '../../network/devnet/src/policy';
import { findChannel, loadTopology } from '../../network/devnet/src/topology/load';
import type { ChannelSpec } from '../../network/devnet/src/topology/schema';

const topology = loadTopology(path.resolve(__dirname, '../../network/topology.yaml'));
const publicServices = findChannel(topology, 'public-services') as ChannelSpec;

function chaincodePolicy(name: string): EndorsementPolicy {
  const chaincode = publicServices.chaincodes.find((candidate) => candidate.name === name);
  if (!chaincode) throw new Error(`topology has no chaincode ${name}`);
  return resolveEndorsementPolicy(chaincode.endorsementPolicy, publicServices);
}

const peers = (...mspIds: string[]): SignerIdentity[] => mspIds.map((mspId) => ({ mspId, role: 'peer' }));
const channel = (orgs: string[], policies: Record<string, string> = {}) => ({ name: 'test', orgs, policies });
const nineOrgs = Array.from({ length: 9 }, (_, i) => `Org${i + 1}MSP`);

describe('devnet policy: endorsement policies', () => {
  describe('signature policies from network/topology.yaml', () => {
    it('supply-chain: any 2 of Manufacturer, Logistics, Regulator', () => {
      const policy = chaincodePolicy('supply-chain');
      expect(policy.describe()).to.equal("OutOf(2, 'ManufacturerMSP.peer', 'LogisticsMSP.peer', 'RegulatorMSP.peer')");
      expect(policy.principalsOrgs()).to.deep.equal(['ManufacturerMSP', 'LogisticsMSP', 'RegulatorMSP']);
      expect(policy.evaluate(peers('ManufacturerMSP'))).to.equal(false);
      expect(policy.evaluate(peers('ManufacturerMSP', 'BankMSP'))).to.equal(false);
      expect(policy.evaluate(peers('RegulatorMSP', 'LogisticsMSP'))).to.equal(true);
      expect(
        policy.evaluate([
          { mspId: 'RegulatorMSP', role: 'peer' },
          { mspId: 'LogisticsMSP', role: 'client' },
        ]),
      ).to.equal(false);

      expect(policy.planEndorsers(['LogisticsMSP', 'ManufacturerMSP', 'RegulatorMSP'])).to.deep.equal([
        'LogisticsMSP',
        'ManufacturerMSP',
      ]);
      expect(policy.planEndorsers(['RegulatorMSP', 'LogisticsMSP', 'ManufacturerMSP'])).to.deep.equal([
        'RegulatorMSP',
        'LogisticsMSP',
      ]);
      expect(policy.planEndorsers(['BankMSP', 'RegulatorMSP', 'InnovatorMSP', 'ManufacturerMSP'])).to.deep.equal([
        'RegulatorMSP',
        'ManufacturerMSP',
      ]);
      expect(policy.planEndorsers(['ManufacturerMSP', 'BankMSP'])).to.equal(undefined);
    });

    it('patents: PatentOffice and one of Innovator, PatentAgency, Bank, Manufacturer', () => {
      const policy = chaincodePolicy('patents');
      expect(policy.principalsOrgs()).to.deep.equal([
        'PatentOfficeMSP',
        'InnovatorMSP',
        'PatentAgencyMSP',
        'BankMSP',
        'ManufacturerMSP',
      ]);
      // The gateway puts its own org first; that org is used whenever a smallest plan can include it.
      expect(policy.planEndorsers(['InnovatorMSP', 'BankMSP', 'PatentOfficeMSP'])).to.deep.equal([
        'InnovatorMSP',
        'PatentOfficeMSP',
      ]);
      expect(policy.planEndorsers(['BankMSP', 'InnovatorMSP', 'PatentOfficeMSP'])).to.deep.equal([
        'BankMSP',
        'PatentOfficeMSP',
      ]);
      expect(policy.planEndorsers(['PatentOfficeMSP', 'PatentAgencyMSP', 'BankMSP'])).to.deep.equal([
        'PatentOfficeMSP',
        'PatentAgencyMSP',
      ]);
      expect(policy.planEndorsers(['InnovatorMSP', 'BankMSP', 'PatentAgencyMSP'])).to.equal(undefined);
      expect(policy.evaluate(peers('PatentOfficeMSP', 'BankMSP'))).to.equal(true);
      // A manufacturer's filing is endorsed by its own peer: its specification stays with collection members.
      expect(policy.evaluate(peers('PatentOfficeMSP', 'ManufacturerMSP'))).to.equal(true);
      expect(policy.evaluate(peers('InnovatorMSP', 'BankMSP'))).to.equal(false);
    });

    it('gov-records: RecordsBureau is required', () => {
      const policy = chaincodePolicy('gov-records');
      expect(policy.planEndorsers(['CitizenAgentMSP', 'BankMSP'])).to.equal(undefined);
      expect(policy.planEndorsers(['CitizenAgentMSP', 'BankMSP', 'RecordsBureauMSP'])).to.deep.equal([
        'CitizenAgentMSP',
        'RecordsBureauMSP',
      ]);
    });

    it('reports syntax errors in the expression', () => {
      expect(() => resolveEndorsementPolicy({ signature: "AND('A.peer', 'B.pear')" }, channel(['A', 'B']))).to.throw(
        PolicySyntaxError,
        "unknown role 'pear'",
      );
    });
  });

  describe('channel policy references', () => {
    it('defaults to MAJORITY Endorsement over the channel orgs (the default chaincode policy)', () => {
      const policy = resolveEndorsementPolicy(
        { channelConfigPolicy: '/Channel/Application/Endorsement' },
        publicServices,
      );
      // Counted from the topology, so that adding an org to the channel does not break this test.
      const orgCount = publicServices.orgs.length;
      const majority = Math.floor(orgCount / 2) + 1;
      expect(policy.describe()).to.equal(
        `/Channel/Application/Endorsement = MAJORITY Endorsement (${majority} of ${orgCount} orgs of channel public-services)`,
      );
      expect(policy.principalsOrgs()).to.deep.equal(publicServices.orgs);
      expect(policy.evaluate(peers(...publicServices.orgs.slice(0, majority - 1)))).to.equal(false);
      expect(policy.evaluate(peers(...publicServices.orgs.slice(orgCount - majority)))).to.equal(true);
      const own = 'BankMSP';
      const candidates = [own, ...publicServices.orgs.filter((mspId) => mspId !== own)];
      expect(policy.planEndorsers(candidates)).to.deep.equal(candidates.slice(0, majority));
      expect(policy.planEndorsers(candidates.slice(0, majority - 1))).to.equal(undefined);
    });

    it('falls back to the fabric-samples defaults when the channel sets no policies', () => {
      for (const [orgCount, needed] of [
        [1, 1],
        [2, 2],
        [3, 2],
        [9, 5],
      ] as const) {
        const orgs = nineOrgs.slice(0, orgCount);
        const endorsement = resolveEndorsementPolicy(
          { channelConfigPolicy: '/Channel/Application/Endorsement' },
          channel(orgs),
        );
        expect(endorsement.planEndorsers(orgs), `${orgCount} orgs`).to.deep.equal(orgs.slice(0, needed));
        const lifecycle = resolveEndorsementPolicy(
          { channelConfigPolicy: '/Channel/Application/LifecycleEndorsement' },
          channel(orgs),
        );
        expect(lifecycle.planEndorsers([...orgs].reverse()), `${orgCount} orgs`).to.deep.equal(
          [...orgs].reverse().slice(0, needed),
        );
      }
    });

    it('uses the rule the channel sets', () => {
      const anyPolicy = resolveEndorsementPolicy(
        { channelConfigPolicy: '/Channel/Application/Endorsement' },
        channel(nineOrgs, { Endorsement: 'ANY Endorsement' }),
      );
      expect(anyPolicy.describe()).to.contain('ANY Endorsement (1 of 9 orgs');
      expect(anyPolicy.planEndorsers(['Org7MSP', 'Org2MSP'])).to.deep.equal(['Org7MSP']);
      const allPolicy = resolveEndorsementPolicy(
        { channelConfigPolicy: '/Channel/Application/StrictEndorsement' },
        channel(nineOrgs.slice(0, 3), { StrictEndorsement: 'ALL Endorsement' }),
      );
      expect(allPolicy.planEndorsers(['Org3MSP', 'Org1MSP'])).to.equal(undefined);
      expect(allPolicy.planEndorsers(['Org3MSP', 'Org1MSP', 'Org2MSP'])).to.deep.equal([
        'Org3MSP',
        'Org1MSP',
        'Org2MSP',
      ]);
    });

    it('finds no endorsers for a policy peers cannot satisfy', () => {
      const admins = resolveEndorsementPolicy(
        { channelConfigPolicy: '/Channel/Application/Admins' },
        channel(nineOrgs.slice(0, 3)),
      );
      expect(admins.planEndorsers(nineOrgs.slice(0, 3))).to.equal(undefined);
      expect(
        admins.evaluate([
          { mspId: 'Org1MSP', role: 'admin' },
          { mspId: 'Org2MSP', role: 'admin' },
        ]),
      ).to.equal(true);
    });

    it('rejects unknown or malformed references', () => {
      const orgs = channel(['Org1MSP']);
      expect(() => resolveEndorsementPolicy({ channelConfigPolicy: '/Channel/Application/Missing' }, orgs)).to.throw(
        PolicyError,
        "channel test has no Application policy 'Missing'",
      );
      expect(() =>
        resolveEndorsementPolicy({ channelConfigPolicy: '/Channel/Application/constructor' }, orgs),
      ).to.throw(PolicyError, "no Application policy 'constructor'");
      expect(() => resolveEndorsementPolicy({ channelConfigPolicy: '/Channel/Orderer/Writers' }, orgs)).to.throw(
        PolicyError,
        'must look like /Channel/Application/Endorsement',
      );
      expect(() =>
        resolveEndorsementPolicy(
          { channelConfigPolicy: '/Channel/Application/Endorsement' },
          channel(['Org1MSP'], { Endorsement: 'MAJORITY LifecycleEndorsement' }),
        ),
      ).to.throw(PolicyError, "orgs have no policy named 'LifecycleEndorsement'");
    });
  });

  describe('planEndorsers', () => {
    const plan = (signature: string, candidates: string[]): string[] | undefined =>
      resolveEndorsementPolicy({ signature }, channel(['A', 'B', 'C', 'D'])).planEndorsers(candidates);

    it('returns the smallest set, not the first that works', () => {
      expect(plan("OR(AND('A.peer', 'B.peer'), 'C.peer')", ['A', 'B', 'C'])).to.deep.equal(['C']);
      expect(
        plan("OR(AND('A.peer', 'B.peer'), AND('B.peer', 'C.peer', 'D.peer'))", ['D', 'C', 'B', 'A']),
      ).to.deep.equal(['B', 'A']);
    });

    it('prefers orgs listed earlier among sets of the same size', () => {
      const policy = "OutOf(2, 'A.peer', 'B.peer', 'C.peer', 'D.peer')";
      expect(plan(policy, ['D', 'C', 'B', 'A'])).to.deep.equal(['D', 'C']);
      expect(plan(policy, ['B', 'D', 'A'])).to.deep.equal(['B', 'D']);
      expect(plan("AND('C.peer', OR('A.peer', 'B.peer', 'D.peer'))", ['B', 'A', 'D', 'C'])).to.deep.equal(['B', 'C']);
    });

    it('counts one peer per org', () => {
      expect(plan("AND('A.peer', 'A.peer')", ['A', 'B'])).to.equal(undefined);
      expect(plan("OutOf(2, 'A.member', 'A.peer', 'B.peer')", ['A', 'B'])).to.deep.equal(['A', 'B']);
    });

    it('lets members be satisfied by peers but not admins or clients', () => {
      expect(plan("OR('A.member')", ['A'])).to.deep.equal(['A']);
      expect(plan("OR('A.admin', 'B.client')", ['A', 'B'])).to.equal(undefined);
      expect(plan("OR('A.admin', 'B.client', 'C.peer')", ['A', 'B', 'C'])).to.deep.equal(['C']);
    });

    it('ignores repeated candidates and orgs the policy does not name', () => {
      expect(plan("AND('A.peer', 'B.peer')", ['Z', 'B', 'B', 'Y', 'A', 'A'])).to.deep.equal(['B', 'A']);
    });

    it('needs nobody for a 0 threshold and nobody can satisfy the n+1 form', () => {
      expect(plan("OutOf(0, 'A.peer')", ['A'])).to.deep.equal([]);
      expect(plan("OutOf(3, 'A.peer', 'B.peer')", ['A', 'B', 'C'])).to.equal(undefined);
      expect(plan("OR('A.peer')", [])).to.equal(undefined);
    });

    it('returns a fresh array each time', () => {
      const policy = resolveEndorsementPolicy({ signature: "OR('A.peer', 'B.peer')" }, channel(['A', 'B']));
      const first = policy.planEndorsers(['B', 'A']);
      first?.push('mutated');
      expect(policy.planEndorsers(['B', 'A'])).to.deep.equal(['B']);
      expect(policy.planEndorsers(['A', 'B'])).to.deep.equal(['A']);
    });

    it('plans sets that evaluate as satisfied, in the order returned', () => {
      const signatures = [
        "OutOf(2, OR('A.peer', 'B.peer'), 'A.peer', 'C.peer')",
        "AND(OR('A.peer', 'B.peer'), OR('B.peer', 'C.peer'), OR('C.peer', 'D.peer'))",
        "OutOf(3, 'A.member', 'B.peer', AND('C.peer', 'D.member'), 'D.peer')",
      ];
      for (const signature of signatures) {
        const policy = resolveEndorsementPolicy({ signature }, channel(['A', 'B', 'C', 'D']));
        for (const candidates of [
          ['A', 'B', 'C', 'D'],
          ['D', 'C', 'B', 'A'],
          ['B', 'D', 'A', 'C'],
        ]) {
          const planned = policy.planEndorsers(candidates);
          expect(planned, `${signature} from ${candidates.join(',')}`).to.not.equal(undefined);
          expect(policy.evaluate(peers(...(planned ?? []))), `${signature}: ${planned?.join(',')}`).to.equal(true);
          // Nothing smaller from the same candidates works.
          const smaller = (planned ?? []).length - 1;
          for (let mask = 0; mask < 1 << candidates.length; mask++) {
            const subset = candidates.filter((_, i) => mask & (1 << i));
            if (subset.length <= smaller) expect(policy.evaluate(peers(...subset)), subset.join(',')).to.equal(false);
          }
        }
      }
    });
  });
});
