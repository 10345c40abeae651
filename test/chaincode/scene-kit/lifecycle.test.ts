import '../support/quiet-contract-api';
import { expect } from 'chai';
import { SceneContext, sceneContract } from '../../../chaincode/scene-kit/src/contract';
import { defineLifecycle, openScene, type Scene } from '../../../chaincode/scene-kit/src';
import { FakeLedger, fakeIdentity, type FakeStub } from './fake-stub';
import { authorities, checkLog, diplomaLife, diplomas, registrars, scenario, schools } from './kit-fixture';

const accredited = { action: 'accredit', event: 'SchoolAccredited', from: null, to: 'ACCREDITED' };

/**
 * The lifecycle binding through real kit components on an in-process ledger: the transition input built once,
 * async checks that read other records after who, state and guards, async changes, and the contract checking a
 * flow's explicit `by` before it runs.
 */
describe('scene kit: lifecycles', () => {
  let ledger: FakeLedger;
  const tx = (mspId = 'SchoolMSP', role = 'registrar'): { stub: FakeStub; scene: Scene } => {
    const stub = ledger.transaction();
    return { stub, scene: openScene(stub.asStub(), fakeIdentity(mspId, 'u', { role }), false, authorities) };
  };
  const issue = async (id: string) => {
    const { stub, scene } = tx();
    await diplomaLife.create(scene, 'issue', { id, school: 'SchoolMSP', status: 'ISSUED' });
    stub.commit();
  };

  beforeEach(async () => {
    ledger = new FakeLedger();
    checkLog.length = 0;
  });

  it('declares a machine in place with defineLifecycle, named after the record type it governs', async () => {
    const states = ['ISSUED', 'SUSPENDED'] as const;
    const issuing = { issue: { from: 'new' as const, to: 'ISSUED' as const, by: registrars, event: 'DiplomaIssued' } };
    const life = defineLifecycle(diplomas, { states, transitions: issuing }, 'diplomaId');
    expect([life.machine.spec.entity, life.keyField]).to.deep.equal(['KitDiploma', 'diplomaId']);
    const { scene } = tx();
    const created = await life.create(scene, 'issue', { id: 'D9', school: 'SchoolMSP', status: 'ISSUED' });
    expect(created.audit.action).to.equal('issue');
    const lost = { lose: { from: ['LOST' as 'ISSUED'], by: registrars, event: 'DiplomaLost' } };
    expect(() => defineLifecycle(diplomas, { states, transitions: lost })).to.throw(
      'state machine KitDiploma: transition lose names unknown state LOST',
    );
  });

  it('runs async checks that read other records: no diploma from a school not accredited', async () => {
    const { scene } = tx();
    let refusal: unknown;
    await diplomaLife.create(scene, 'issue', { id: 'D-1', school: 'SchoolMSP', status: 'ISSUED' }).catch((e) => {
      refusal = e;
    });
    expect(String(refusal)).to.include('CONFLICT: SchoolMSP is not accredited');
    expect(checkLog).to.deep.equal(['accredited D-1']);

    const ministry = tx('MinistryMSP', 'inspector');
    await schools.create(ministry.scene, { id: 'SchoolMSP', status: 'ACCREDITED' }, { step: accredited });
    ministry.stub.commit();
    await issue('D-1');
    const { scene: reader } = tx();
    expect((await diplomaLife.read(reader, 'D-1')).data.status).to.equal('ISSUED');
  });

  it('checks who may before running any check', async () => {
    const { scene } = tx('SchoolMSP', 'janitor');
    const draft = { id: 'D-2', school: 'SchoolMSP', status: 'ISSUED' as const };
    const refusal = await diplomaLife.create(scene, 'issue', draft).then(() => undefined, String);
    expect(refusal).to.match(/^ForbiddenError: FORBIDDEN: .* may not issue a KitDiploma/);
    expect(checkLog, 'no check ran for a refused submitter').to.deep.equal([]);
  });

  it('advances by key or by the stored record, with an async change, and reports NOT_FOUND for a missing key', async () => {
    const ministry = tx('MinistryMSP', 'inspector');
    await schools.create(ministry.scene, { id: 'SchoolMSP', status: 'ACCREDITED' }, { step: accredited });
    ministry.stub.commit();
    await issue('D-3');

    const first = tx();
    const suspended = await diplomaLife.advance(first.scene, 'D-3', 'suspend', async (data) => ({
      ...data,
      note: 'why',
    }));
    expect(suspended.data).to.deep.include({ status: 'SUSPENDED', note: 'why' });
    expect(suspended.audit).to.deep.include({ revision: 2, action: 'suspend', from: 'ISSUED', to: 'SUSPENDED' });
    first.stub.commit();

    const second = tx();
    const current = await diplomaLife.read(second.scene, { id: 'D-3' });
    expect((await diplomaLife.advance(second.scene, current, 'reinstate')).data.status).to.equal('ISSUED');
    const missing = await diplomaLife.advance(second.scene, 'D-404', 'suspend').then(() => undefined, String);
    expect(missing).to.include('NOT_FOUND: KitDiploma D-404 does not exist');
  });

  it('checks a transition without changing the record, and refuses it from the wrong state', async () => {
    const ministry = tx('MinistryMSP', 'inspector');
    await schools.create(ministry.scene, { id: 'SchoolMSP', status: 'ACCREDITED' }, { step: accredited });
    ministry.stub.commit();
    await issue('D-4');
    const inspect = tx('MinistryMSP', 'inspector');
    const { current, step } = await diplomaLife.check(inspect.scene, 'D-4', 'inspect');
    expect(current.audit.revision).to.equal(1);
    expect(step).to.deep.equal({ action: 'inspect', event: 'DiplomaInspected', from: 'ISSUED', to: 'ISSUED' });
    expect(inspect.stub.writes.size, 'check writes nothing').to.equal(0);

    const registrar = tx();
    await diplomaLife.advance(registrar.scene, 'D-4', 'suspend');
    registrar.stub.commit();
    const again = await diplomaLife
      .check(tx('MinistryMSP', 'inspector').scene, 'D-4', 'inspect')
      .then(() => '', String);
    expect(again).to.include('ILLEGAL_TRANSITION: KitDiploma D-4 is SUSPENDED; inspect is allowed only from ISSUED');
  });

  it("checks a submit flow's explicit by before the flow runs", async () => {
    const Contract = sceneContract(scenario);
    const contract = new Contract();
    const call = async (mspId: string, role: string) => {
      const stub = ledger.transaction();
      const ctx = new SceneContext();
      Object.assign(ctx, { stub: stub.asStub(), clientIdentity: fakeIdentity(mspId, 'u', { role }) });
      // The transaction function sceneContract defined, as fabric-contract-api calls it.
      const transactions = contract as unknown as Record<string, (ctx: SceneContext, json: string) => Promise<string>>;
      return transactions.flagDiploma(ctx, '{"diplomaId":"D-9"}');
    };
    expect(await call('MinistryMSP', 'inspector')).to.equal('{"flagged":true}');
    const refusal = await call('SchoolMSP', 'registrar').then(() => '', String);
    expect(refusal).to.include(
      'FORBIDDEN: SchoolMSP user u (role registrar) may not flag diploma; allowed: MinistryMSP with role inspector',
    );
  });
});
