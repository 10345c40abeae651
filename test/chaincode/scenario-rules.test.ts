import './support/quiet-contract-api';
import { expect } from 'chai';
import { instantOf, msOf, type AccessRule, type Actor, type StateMachine } from '@scenechain/scene-kit';
import { applicationNumber, specificationCommitment } from '../../chaincode/patents/src';
import { patentLifecycle } from '../../chaincode/patents/src/lifecycle/patent-lifecycle';
import type { Patent } from '../../chaincode/patents/src/model/patent';
import { consentLifecycle, recordLifecycle, transferLifecycle, verdictOf } from '../../chaincode/gov-records/src';
import { pledgeLifecycle } from '../../chaincode/patents/src/lifecycle/pledge-lifecycle';
import type { Consent } from '../../chaincode/gov-records/src/records';
import { batchLifecycle, palletLifecycle, recallLifecycle, type Batch } from '@scenechain/supply-chain';

/**
 * Rules that depend on time spans no integration test can wait for (18 months, a fee year, 20 years), and the
 * pure pieces of the scenarios, checked in-process against the same state machines the chaincode runs.
 */
describe('scenario rules that need a calendar', () => {
  const examiner: Actor = { mspId: 'PatentOfficeMSP', user: 'examiner1', role: 'examiner' };
  const owner: Actor = { mspId: 'InnovatorMSP', user: 'applicant1', role: 'applicant' };
  const filedAt = '2024-01-31T09:00:00.000Z';
  const patent = (overrides: Partial<Patent>): Patent => ({
    id: 'PA2024-0000000001',
    title: 'T',
    applicantName: 'A',
    owner: 'InnovatorMSP',
    ipcClasses: ['G06F 16/27'],
    commitment: '0'.repeat(64),
    status: 'FILED',
    filedAt,
    feeYearsPaid: 0,
    expiresAt: '2044-01-31T09:00:00.000Z',
    reexaminations: 0,
    ...overrides,
  });
  const at = (iso: string) => instantOf(msOf(iso));
  const fire = (
    transition: keyof typeof patentLifecycle.spec.transitions,
    record: Patent,
    now: string,
    actor = examiner,
  ) => patentLifecycle.fire(transition, record.status, { record, actor, now: at(now), id: record.id });

  describe('patents', () => {
    it('lets the office publish on its own exactly from 18 months after filing', () => {
      const passed = patent({ status: 'FORMALITIES_PASSED' });
      expect(() => fire('publishWhenDue', passed, '2025-07-30T23:59:59.999Z')).to.throw(
        'CONFLICT: PA2024-0000000001 may be published without a request only from 2025-07-31T09:00:00.000Z',
      );
      expect(() => fire('publishWhenDue', passed, '2025-07-31T08:59:59.999Z')).to.throw(/^CONFLICT/);
      expect(fire('publishWhenDue', passed, '2025-07-31T09:00:00.000Z').to).to.equal('PUBLISHED');
      expect(fire('publishOnRequest', passed, '2024-02-01T00:00:00.000Z', owner).to).to.equal('PUBLISHED');
    });

    it('lapses a patent only after the paid year and six months of grace', () => {
      const inForce = patent({ status: 'IN_FORCE', feeYearsPaid: 2, feesPaidUntil: '2027-03-01T00:00:00.000Z' });
      expect(() => fire('lapse', inForce, '2027-09-01T00:00:00.000Z')).to.throw(
        /grace period ends 2027-09-01T00:00:00.000Z/,
      );
      expect(fire('lapse', inForce, '2027-09-01T00:00:00.001Z').to).to.equal('LAPSED');
      expect(fire('payAnnualFee', inForce, '2027-09-01T00:00:00.000Z', owner).to).to.equal('IN_FORCE');
      expect(() => fire('payAnnualFee', inForce, '2027-09-01T00:00:00.001Z', owner)).to.throw(
        /^CONFLICT: the grace period/,
      );
    });

    it('takes no fee for years past the term and expires the patent at 20 years', () => {
      const lastYear = patent({ status: 'IN_FORCE', feeYearsPaid: 20, feesPaidUntil: '2044-01-31T09:00:00.000Z' });
      expect(() => fire('payAnnualFee', lastYear, '2043-06-01T00:00:00.000Z', owner)).to.throw(
        /paid to the end of its term/,
      );
      expect(() => fire('expire', lastYear, '2044-01-31T08:59:59.999Z')).to.throw(
        /is in force until 2044-01-31T09:00:00.000Z/,
      );
      expect(fire('expire', lastYear, '2044-01-31T09:00:00.000Z').to).to.equal('EXPIRED');
    });

    it('checks who acts before the state, and the state before the calendar', () => {
      const filed = patent({});
      expect(() => fire('lapse', filed, '2090-01-01T00:00:00.000Z', owner)).to.throw(/^FORBIDDEN/);
      expect(() => fire('lapse', filed, '2090-01-01T00:00:00.000Z')).to.throw(
        /^ILLEGAL_TRANSITION: Patent PA2024-0000000001 is FILED/,
      );
    });

    it('derives the same application number on every endorser and a different one per position', () => {
      const txId = 'ab'.repeat(32);
      expect(applicationNumber(txId, 0, filedAt)).to.equal(applicationNumber(txId, 0, filedAt));
      expect(applicationNumber(txId, 0, filedAt)).to.match(/^PA2024-[0-9A-F]{16}$/);
      expect(applicationNumber(txId, 1, filedAt)).not.to.equal(applicationNumber(txId, 0, filedAt));
    });

    it('commits to a specification with its salt, so that neither can change unnoticed', () => {
      const commitment = specificationCommitment('00ff', 'text');
      expect(commitment).to.match(/^[0-9a-f]{64}$/);
      expect(specificationCommitment('00fe', 'text')).not.to.equal(commitment);
      expect(specificationCommitment('00ff', 'text ')).not.to.equal(commitment);
    });
  });

  describe('government records', () => {
    const record = {
      status: 'ACTIVE',
      version: 2,
      validFrom: '2025-01-01T00:00:00.000Z',
      validUntil: '2026-01-01T00:00:00.000Z',
    };
    const now = (iso: string) => msOf(iso);

    it('verifies a document only as the current version of an active record within its validity', () => {
      expect(verdictOf(record, 2, now('2025-06-01T00:00:00Z'))).to.equal('VALID');
      expect(verdictOf(record, 1, now('2025-06-01T00:00:00Z'))).to.equal('SUPERSEDED');
      expect(verdictOf(record, 2, now('2024-12-31T23:59:59Z'))).to.equal('NOT_YET_VALID');
      expect(verdictOf(record, 2, now('2026-01-01T00:00:00Z'))).to.equal('EXPIRED');
      expect(verdictOf({ ...record, status: 'SUSPENDED' }, 2, now('2025-06-01T00:00:00Z'))).to.equal('SUSPENDED');
      expect(verdictOf({ ...record, status: 'REVOKED' }, 1, now('2025-06-01T00:00:00Z'))).to.equal('REVOKED');
    });

    it('lets a consent be used by its grantee until, and not at, its end', () => {
      const consent: Consent = {
        id: 'C-1',
        recordId: 'PT-1',
        subjectId: 'S',
        grantee: 'BankMSP',
        purpose: 'p',
        validUntil: '2025-06-01T00:00:00.000Z',
        status: 'ACTIVE',
        grantedAt: '2025-01-01T00:00:00.000Z',
      };
      const bank: Actor = { mspId: 'BankMSP', user: 'o', role: 'loan-officer' };
      const use = (actor: Actor, iso: string) =>
        consentLifecycle.fire('use', 'ACTIVE', { record: consent, actor, now: at(iso), id: 'C-1' });
      expect(use(bank, '2025-05-31T23:59:59.999Z').event).to.equal('RecordAccessed');
      expect(() => use(bank, '2025-06-01T00:00:00.000Z')).to.throw(
        'FORBIDDEN: Consent C-1 expired at 2025-06-01T00:00:00.000Z',
      );
      expect(() => use({ ...bank, mspId: 'OtherMSP' }, '2025-01-02T00:00:00.000Z')).to.throw(
        /given to BankMSP, not OtherMSP/,
      );
    });

    it('recognises the subject only by the certificate attribute', () => {
      const consent = { subjectId: 'SUBJ-1' } as Consent;
      const citizen: Actor = { mspId: 'CitizenAgentMSP', user: 'c', role: 'citizen' };
      const withdraw = (subject: string | null) =>
        consentLifecycle.fire('withdraw', 'ACTIVE', {
          record: consent,
          actor: citizen,
          now: at(filedAt),
          id: 'C',
          attribute: () => subject,
        });
      expect(withdraw('SUBJ-1').to).to.equal('WITHDRAWN');
      expect(() => withdraw('SUBJ-2')).to.throw('not subject SUBJ-2');
      expect(() => withdraw(null)).to.throw('names no subject');
    });
  });

  describe('supply chain', () => {
    it('lets nothing but a recall touch a consumed batch, and nothing at all leave a recall', () => {
      expect(batchLifecycle.allowedFrom('CONSUMED')).to.deep.equal(['recall', 'recallDownstream']);
      expect(batchLifecycle.allowedFrom('RECALLED')).to.deep.equal(['unpackRecalled', 'receiveInPallet']);
    });

    it('hands custody only to the named receiver', () => {
      const batch = {
        id: 'B-1',
        custodian: 'ManufacturerMSP',
        receiver: 'LogisticsMSP',
        status: 'IN_TRANSIT',
      } as Batch;
      const carrier: Actor = { mspId: 'LogisticsMSP', user: 'c', role: 'carrier' };
      const receive = (actor: Actor) =>
        batchLifecycle.fire('receive', 'IN_TRANSIT', { record: batch, actor, now: at(filedAt), id: 'B-1' });
      expect(receive(carrier).to).to.equal('ACTIVE');
      expect(() => receive({ ...carrier, mspId: 'InnovatorMSP' })).to.throw(
        'FORBIDDEN: B-1: only the receiver it was shipped to, LogisticsMSP, may change it; InnovatorMSP may not',
      );
    });
  });
});

/**
 * Every transition of every scenario state machine, refused from every state it is not declared for (by a
 * party allowed to fire it) and refused to a party outside its rule: the declarations are what the chaincode
 * enforces, with the codes clients rely on.
 */
describe('scenario state machines refuse every transition from the wrong state and to the wrong party', () => {
  const machines = [
    batchLifecycle,
    palletLifecycle,
    recallLifecycle,
    patentLifecycle,
    pledgeLifecycle,
    recordLifecycle,
    transferLifecycle,
    consentLifecycle,
  ] as unknown as StateMachine<string, string, object>[];
  const now = instantOf(0);
  const allowedActor = (rule: AccessRule): Actor => ({
    mspId: rule[0]?.orgs?.[0] ?? 'AnyOrgMSP',
    user: 'u',
    role: rule[0]?.roles?.[0] ?? 'any',
  });
  const outsider: Actor = { mspId: 'OutsiderMSP', user: 'o', role: 'outsider' };
  const isOpenToAll = (rule: AccessRule) => rule.some((p) => p.orgs === undefined && p.roles === undefined);

  for (const machine of machines) {
    const { entity, states, transitions } = machine.spec;
    for (const [name, transition] of Object.entries(transitions)) {
      const legal = transition.from === 'new' ? [] : transition.from;
      const illegal = states.filter((state) => !legal.includes(state));
      it(`${entity}.${name}: ILLEGAL_TRANSITION from ${illegal.length ? illegal.join(', ') : '(no other state)'}`, () => {
        for (const state of illegal) {
          expect(
            () => machine.fire(name, state, { record: {}, actor: allowedActor(transition.by), now, id: 'X' }),
            `${name} from ${state}`,
          )
            .to.throw(/^ILLEGAL_TRANSITION: /)
            .with.deep.property('facts', {
              recordType: entity,
              id: 'X',
              currentState: state,
              allowedTransitions: machine.allowedFrom(state),
            });
        }
      });
      if (!isOpenToAll(transition.by)) {
        it(`${entity}.${name}: FORBIDDEN to a party outside its rule`, () => {
          const state = transition.from === 'new' ? null : transition.from[0];
          expect(() => machine.fire(name, state, { record: {}, actor: outsider, now, id: 'X' })).to.throw(
            /^FORBIDDEN: OutsiderMSP user o/,
          );
        });
      }
    }
  }
});
