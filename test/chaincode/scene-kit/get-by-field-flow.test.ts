import { expect } from 'chai';
import { channelMembers, getByFieldFlow, openScene } from '../../../chaincode/scene-kit/src';
import { FakeLedger, fakeIdentity } from './fake-stub';
import { authorities, schools } from './kit-fixture';

/** A record's `get` named by a request field other than its key field, on an in-process ledger. */
describe('scene kit: getByFieldFlow', () => {
  const getSchool = getByFieldFlow(schools, 'schoolId', { description: 'A school.', readers: channelMembers });
  const ministry = () => fakeIdentity('MinistryMSP', 'u', { role: 'inspector' });

  it('asks for the named field alone, validated as the key field is', () => {
    expect(getSchool.request.safeParse({ schoolId: 'SchoolMSP' }).success).to.equal(true);
    expect(getSchool.request.safeParse({ id: 'SchoolMSP' }).success).to.equal(false);
    expect(getSchool.request.safeParse({ schoolId: 'SchoolMSP', id: 'x' }).success).to.equal(false);
    expect(getSchool.request.safeParse({ schoolId: '' }).success).to.equal(false);
    expect(getSchool.on).to.equal(schools);
  });

  it('reads the record the field names, and refuses an absent one with NOT_FOUND', async () => {
    const ledger = new FakeLedger();
    const tx = ledger.transaction();
    const step = { action: 'accredit', event: 'SchoolAccredited', from: null, to: 'ACCREDITED' };
    await schools.create(
      openScene(tx.asStub(), ministry(), false, authorities),
      { id: 'SchoolMSP', status: 'ACCREDITED' },
      { step },
    );
    tx.commit();
    const reader = () => openScene(ledger.transaction().asStub(), ministry(), true, authorities);
    const found = (await getSchool.run(reader(), { schoolId: 'SchoolMSP' })) as { data: unknown };
    expect(found.data).to.deep.equal({ id: 'SchoolMSP', status: 'ACCREDITED' });
    const refusal = await getSchool.run(reader(), { schoolId: 'OtherMSP' }).catch((e: unknown) => e);
    expect(String(refusal)).to.include('NOT_FOUND: KitSchool OtherMSP does not exist');
  });
});
