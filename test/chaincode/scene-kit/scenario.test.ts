import '../support/quiet-contract-api';
import { expect } from 'chai';
import { z } from 'zod';
import {
  availableActions,
  defineScenario,
  describeScenario,
  evaluateFlow,
  identifier,
  instantOf,
  submitFlow,
  type Actor,
  type Stored,
} from '../../../chaincode/scene-kit/src';
import { diplomaLife, flows, scenario, spec, type Diploma } from './kit-fixture';

const stored = (data: Diploma): Stored<Diploma> => ({
  data,
  audit: {
    revision: 1,
    txId: 't',
    timestamp: '',
    actor: { mspId: 'SchoolMSP', user: 'r', role: 'registrar' },
    action: 'issue',
    from: null,
    to: data.status,
  },
});
const viewer = (mspId: string, role: string | null, attributes: Record<string, string> = {}) => ({
  actor: { mspId, user: 'u', role } satisfies Actor,
  attribute: (name: string) => attributes[name] ?? null,
  now: instantOf(0),
});
const actionsOf = (data: Diploma, who: ReturnType<typeof viewer>) =>
  availableActions(scenario, 'KitDiploma', stored(data), who).map((action) => action.transaction);

describe('scene kit: scenario descriptors', () => {
  describe('defineScenario refuses inconsistent descriptors at load', () => {
    const refuses = (changes: Partial<typeof spec>, message: string) =>
      expect(() => defineScenario({ ...spec, ...changes })).to.throw(`INTERNAL: scenario kit-diplomas: ${message}`);

    it('refuses a flow on a record type the scenario does not list', () => {
      refuses(
        { records: [spec.records[0]] },
        "flow accredit is on KitSchool, which is not one of the scenario's records",
      );
    });

    it('refuses a transition the record machine lacks, and a transition restated with by', () => {
      const request = z.strictObject({ diplomaId: identifier });
      const run = async () => null;
      refuses(
        {
          flows: {
            ...flows,
            burn: submitFlow({ description: 'd', request, on: diplomaLife, transition: 'burn', run }),
          },
        },
        'flow burn: KitDiploma has no transition burn',
      );
      refuses(
        {
          flows: {
            ...flows,
            twice: submitFlow({ description: 'd', request, on: diplomaLife, transition: 'suspend', by: [{}], run }),
          },
        },
        "flow twice declares both a transition and by; who may is the transition's by",
      );
    });

    it('refuses a submit flow that says nothing of who may run it', () => {
      const request = z.strictObject({ diplomaId: identifier });
      const run = async () => null;
      refuses(
        { flows: { ...flows, note: submitFlow({ description: 'd', request, on: diplomaLife, run }) } },
        'flow note names neither a transition nor by: who may run it? (by: anyone for everyone)',
      );
      const open = submitFlow({ description: 'd', request, on: diplomaLife, by: [{}], run });
      expect(() => defineScenario({ ...spec, flows: { ...flows, note: open } })).not.to.throw();
    });

    it('refuses record views and verify naming missing or submit flows, or requests without the key', () => {
      refuses(
        { records: [{ ...spec.records[0], get: 'suspendDiploma' }, spec.records[1]] },
        'record KitDiploma get names suspendDiploma, a submit flow; it must be an evaluate flow',
      );
      refuses(
        { records: [{ ...spec.records[0], history: 'diplomaHistory' }, spec.records[1]] },
        'record KitDiploma history names diplomaHistory, which is not one of its flows',
      );
      refuses({ verify: { transaction: 'getDiploma' } }, 'verify names getDiploma, whose request has no documentHash');
      const byHash = evaluateFlow({
        description: 'd',
        request: z.strictObject({ documentHash: z.string() }),
        readers: { parties: [{}] },
        run: async () => null,
      });
      refuses(
        { flows: { ...flows, getDiploma: byHash } },
        'record KitDiploma get names getDiploma, whose request has no diplomaId',
      );
    });

    it('refuses credentials of a record it does not list, or without the issuer key and status list flows', () => {
      const profile = {
        record: 'KitDiploma',
        type: 'KitCredential',
        issuerField: 'school',
        holderField: 'id',
        subjectFields: [],
        validFrom: 'id',
        states: { revoked: 'REVOKED', suspended: 'SUSPENDED' },
      };
      refuses(
        { credentials: { ...profile, record: 'KitTranscript' } },
        "credentials name KitTranscript, which is not one of the scenario's records",
      );
      refuses({ credentials: profile }, 'credentials names getIssuerKey, which is not one of its flows');
    });

    it('refuses public reads that are not queries readable by every member', () => {
      expect(() => defineScenario({ ...spec, publicReads: ['getDiploma'] })).not.to.throw();
      refuses({ publicReads: ['nothing'] }, 'publicReads names nothing, which is not one of its flows');
      refuses({ publicReads: ['suspendDiploma'] }, 'publicReads names suspendDiploma, a submit flow');
      const narrow = evaluateFlow({
        description: 'd',
        request: z.strictObject({ diplomaId: identifier }),
        readers: { parties: [{}], only: 'its holder' },
        run: async () => null,
      });
      refuses(
        { flows: { ...flows, narrow }, publicReads: ['narrow'] },
        'publicReads names narrow, which is not readable by every member',
      );
    });

    it('refuses clashing collections, bad ids and roles no authority vouches for', () => {
      refuses(
        { records: [spec.records[0], { ...spec.records[1], collection: 'diplomas' }] },
        'collection diplomas is used twice',
      );
      expect(() => defineScenario({ ...spec, id: 'Kit_Diplomas' })).to.throw(
        'INTERNAL: scenario Kit_Diplomas: id "Kit_Diplomas" is not a kebab-case name',
      );
      const flag = { ...flows.flagDiploma, by: [{ roles: ['dean'] }] };
      refuses(
        { flows: { ...flows, flagDiploma: flag } },
        'flow flagDiploma by names role dean, which no authority vouches for',
      );
    });
  });

  describe('availableActions: what the machine would let this viewer do now', () => {
    const issued: Diploma = { id: 'D-1', school: 'SchoolMSP', status: 'ISSUED' };
    const suspended: Diploma = { ...issued, status: 'SUSPENDED' };

    it('offers by state: suspend on an issued diploma, reinstate on a suspended one, never a creation', () => {
      const registrar = viewer('SchoolMSP', 'registrar');
      expect(actionsOf(issued, registrar)).to.deep.equal(['suspendDiploma']);
      expect(actionsOf(suspended, registrar)).to.deep.equal(['reinstateDiploma']);
      const [reinstate] = availableActions(scenario, 'KitDiploma', stored(suspended), registrar);
      expect(reinstate).to.deep.equal({ transaction: 'reinstateDiploma', label: 'Reinstate', transition: 'reinstate' });
    });

    it('offers by role and counts a role only from its authority', () => {
      // flagDiploma has no transition: it is never an action on a record (actsOnExisting), though the inspector may run it.
      expect(actionsOf(issued, viewer('MinistryMSP', 'inspector'))).to.deep.equal(['inspectDiploma']);
      expect(actionsOf(issued, viewer('OtherMSP', 'inspector')), 'inspector from the wrong org').to.deep.equal([]);
      expect(actionsOf(issued, viewer('SchoolMSP', null))).to.deep.equal([]);
    });

    it('applies guards, with attributes counted only for the role that declares them', () => {
      const otherSchool = { ...issued, school: 'ElsewhereMSP' };
      expect(actionsOf(otherSchool, viewer('SchoolMSP', 'registrar'))).to.deep.equal([]);
      expect(actionsOf(issued, viewer('SchoolMSP', 'registrar', { desk: 'front' }))).to.deep.equal([
        'suspendDiploma',
        'annotateDiploma',
      ]);
      expect(actionsOf(issued, viewer('MinistryMSP', 'inspector', { desk: 'front' }))).to.not.include(
        'annotateDiploma',
      );
    });

    it('answers nothing for a record type the scenario does not show', () => {
      expect(availableActions(scenario, 'Nothing', stored(issued), viewer('SchoolMSP', 'registrar'))).to.deep.equal([]);
    });
  });

  it('describes itself as plain JSON: records, machines, who may run each flow, readers and request schemas', () => {
    const described = describeScenario(scenario);
    expect(JSON.parse(JSON.stringify(described))).to.deep.equal(described);
    expect(described.records.map((r) => [r.type, r.collection, r.keyField, r.key])).to.deep.equal([
      ['KitDiploma', 'diplomas', 'diplomaId', ['id']],
      ['KitSchool', 'schools', 'school', ['id']],
    ]);
    expect(described.records[0].machine?.transitions.find((t) => t.name === 'issue')).to.include({
      checked: true,
      event: 'DiplomaIssued',
    });
    const flow = (name: string) => described.flows.find((f) => f.name === name)!;
    expect(flow('suspendDiploma')).to.deep.include({
      kind: 'submit',
      label: 'Suspend diploma',
      on: 'KitDiploma',
      transition: 'suspend',
      mayRun: 'SchoolMSP with role registrar',
      events: ['DiplomaSuspended'],
    });
    expect(flow('flagDiploma').mayRun).to.equal('MinistryMSP with role inspector');
    expect(flow('getDiploma')).to.deep.include({ kind: 'evaluate', readers: 'any channel member', mayRun: null });
    expect(flow('annotateDiploma').request).to.deep.include({ type: 'object', required: ['diplomaId', 'note'] });
    expect(described.verify).to.deep.equal({ transaction: 'verifyDiploma' });
  });
});
