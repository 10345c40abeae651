import '../support/quiet-contract-api';
import { expect } from 'chai';
import { z } from 'zod';
import {
  channelMembers,
  defineOrgRegister,
  ForbiddenError,
  mspId,
  openScene,
  party,
  text,
  type Scene,
} from '../../../chaincode/scene-kit/src';
import { FakeLedger, fakeIdentity, type FakeStub } from './fake-stub';
import { authorities } from './kit-fixture';

const inspectors = [party(['MinistryMSP'], ['inspector'])];
const step = (flow: string, transition: string, event: string) => ({ flow, transition, event, description: flow });
const refusal = { may: 'teach', entry: 'licence', absent: 'it is not licensed', authority: 'the ministry licenses' };
const base = {
  key: 'schoolId' as const,
  request: z.strictObject({ schoolId: mspId, name: text(100) }),
  since: 'licensedAt' as const,
  by: inspectors,
  readers: channelMembers,
  view: { title: 'Schools', collection: 'schools', columns: ['name'] },
  refusal,
};

/** Register schools with suspension; flows run through real kit components on an in-process ledger. */
const register = defineOrgRegister({
  ...base,
  entity: 'KitSchool',
  states: { inForce: 'LICENSED', suspended: 'SUSPENDED', ended: 'CLOSED' },
  steps: {
    admit: step('license', 'license', 'SchoolLicensed'),
    suspend: { transition: 'suspend', event: 'LicenceSuspended', description: 'Suspends.' },
    restore: { transition: 'restore', event: 'LicenceRestored', description: 'Restores.' },
    end: step('closeSchool', 'close', 'SchoolClosed'),
  },
});

describe('scene kit: org registers', () => {
  let ledger: FakeLedger;
  const tx = (mspId = 'MinistryMSP', role = 'inspector'): { stub: FakeStub; scene: Scene } => {
    const stub = ledger.transaction();
    return { stub, scene: openScene(stub.asStub(), fakeIdentity(mspId, 'u', { role }), false, authorities) };
  };
  const run = async (flow: string, input: Record<string, unknown>, who = tx()) => {
    const answer = await register.flows[flow].run(who.scene, input);
    who.stub.commit();
    return answer as { data: Record<string, unknown> };
  };
  const refusalFor = async (org: string) => {
    const found = await register.inForce(tx().scene, org);
    return found instanceof ForbiddenError ? found.message : undefined;
  };

  beforeEach(() => {
    ledger = new FakeLedger();
  });

  it('declares its transactions, states and record view from the spec', () => {
    expect(Object.keys(register.flows)).to.deep.equal([
      ...['license', 'suspendKitSchool', 'restoreKitSchool', 'closeSchool'],
      ...['getKitSchool', 'kitSchoolHistory', 'listSchools'],
    ]);
    expect(register.statuses).to.deep.equal(['LICENSED', 'SUSPENDED', 'CLOSED']);
    expect(register.view).to.deep.include({ get: 'getKitSchool', history: 'kitSchoolHistory', collection: 'schools' });
  });

  it('admits, suspends with a reason, restores and ends; in force only while admitted and not suspended', async () => {
    expect(await refusalFor('SchoolMSP')).to.equal(
      'FORBIDDEN: SchoolMSP may not teach: it is not licensed; the ministry licenses',
    );
    const admitted = await run('license', { schoolId: 'SchoolMSP', name: 'No. 1 Middle School' });
    expect(admitted.data).to.deep.include({ status: 'LICENSED', name: 'No. 1 Middle School' });
    expect(admitted.data.licensedAt).to.be.a('string');
    expect(await refusalFor('SchoolMSP')).to.equal(undefined);

    await run('suspendKitSchool', { schoolId: 'SchoolMSP', reason: 'fire safety inspection' });
    expect(await refusalFor('SchoolMSP')).to.equal(
      'FORBIDDEN: SchoolMSP may not teach: its licence is SUSPENDED (fire safety inspection); the ministry licenses',
    );
    const restored = await run('restoreKitSchool', { schoolId: 'SchoolMSP' });
    expect(restored.data.status).to.equal('LICENSED');
    expect(restored.data.ruling, 'restoring clears the ruling').to.equal(undefined);

    await run('closeSchool', { schoolId: 'SchoolMSP', reason: 'merged' });
    expect(await refusalFor('SchoolMSP')).to.match(/its licence is CLOSED \(merged\)/);
    const again = await run('restoreKitSchool', { schoolId: 'SchoolMSP' }).then(() => 'restored', String);
    expect(again, 'an ended entry stays ended').to.include('ILLEGAL_TRANSITION: KitSchool SchoolMSP is CLOSED');
  });

  it('refuses admission by anyone but the register keeper', async () => {
    const school = tx('SchoolMSP', 'registrar');
    const refused = await run('license', { schoolId: 'SchoolMSP', name: 'Self-made' }, school).then(() => 'ok', String);
    expect(refused).to.match(/FORBIDDEN: .* may not license a KitSchool/);
  });

  it('refuses at load a spec whose suspension steps and states disagree', () => {
    const {
      suspend: _suspend,
      restore: _restore,
      ...twoSteps
    } = {
      admit: step('license', 'license', 'SchoolLicensed'),
      suspend: step('suspendLicence', 'suspend', 'LicenceSuspended'),
      restore: step('restoreLicence', 'restore', 'LicenceRestored'),
      end: step('closeSchool', 'close', 'SchoolClosed'),
    };
    const states = { inForce: 'LICENSED', suspended: 'SUSPENDED', ended: 'CLOSED' };
    expect(() => defineOrgRegister({ ...base, entity: 'KitBadRegister', states, steps: twoSteps })).to.throw(
      /suspend\/restore with a state/,
    );
  });
});
