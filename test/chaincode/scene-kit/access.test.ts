import '../support/quiet-contract-api';
import { expect } from 'chai';
import {
  channelMembers,
  commonNameOf,
  describeAuthorities,
  describeReadRule,
  describeRule,
  identityOf,
  mayAct,
  party,
  readableBy,
  requireAccess,
  requireReader,
  roleAuthorities,
} from '../../../chaincode/scene-kit/src';
import { fakeIdentity } from './fake-stub';

describe('scene kit: access by org and role', () => {
  const inspector = { mspId: 'RegulatorMSP', user: 'inspector1', role: 'inspector' };
  const authorities = roleAuthorities({
    inspector: { issuedBy: ['RegulatorMSP'], attributes: ['lab'] },
    citizen: { issuedBy: ['CitizenAgentMSP'], attributes: ['subject'] },
    operator: { issuedBy: 'own-org' },
  });

  it('reads org, user and role from the client identity', () => {
    const identity = identityOf(
      fakeIdentity('RegulatorMSP', 'inspector1', { role: 'inspector', lab: 'L-1', subject: 'S-1' }),
      authorities,
    );
    expect(identity.actor).to.deep.equal(inspector);
    expect(identity.attribute('lab')).to.equal('L-1');
    expect(identity.attribute('subject'), 'an attribute not declared for the role').to.equal(null);
    expect(identityOf(fakeIdentity('RegulatorMSP', 'User1'), authorities).actor.role).to.equal(null);
    expect(identityOf(fakeIdentity('BankMSP', 'o', { role: 'operator' }), authorities).actor.role).to.equal('operator');
  });

  it('counts a role and its attributes only from the org the scenario names as its authority', () => {
    const forged = identityOf(
      fakeIdentity('ManufacturerMSP', 'x', { role: 'citizen', subject: 'SUBJ-0001' }),
      authorities,
    );
    expect(forged.actor).to.deep.equal({ mspId: 'ManufacturerMSP', user: 'x', role: null });
    expect(forged.attribute('subject')).to.equal(null);
    expect(forged.attribute('role')).to.equal(null);
    expect(() => requireAccess(forged.actor, [party(undefined, ['citizen'])], 'grant a consent')).to.throw(
      'FORBIDDEN: ManufacturerMSP user x claims role citizen, which counts only from CitizenAgentMSP, so the user may not grant a consent; allowed: any org with role citizen',
    );
    const unknown = identityOf(fakeIdentity('BankMSP', 'o', { role: 'loan-officer' }), authorities);
    expect(unknown.actor.role).to.equal(null);
    expect(() => requireAccess(unknown.actor, [party(['RegulatorMSP'])], 'recall')).to.throw(
      'FORBIDDEN: BankMSP user o claims role loan-officer, which this chaincode does not recognise, so the user may not recall',
    );
    const real = identityOf(
      fakeIdentity('CitizenAgentMSP', 'c', { role: 'citizen', subject: 'SUBJ-0001' }),
      authorities,
    );
    expect(real.attribute('subject')).to.equal('SUBJ-0001');
    expect(JSON.parse(JSON.stringify(forged.actor)), 'the ignored claim stays out of audit trails').to.deep.equal({
      mspId: 'ManufacturerMSP',
      user: 'x',
      role: null,
    });
    expect(describeAuthorities(authorities)).to.deep.equal([
      { role: 'inspector', issuedBy: 'RegulatorMSP', attributes: ['lab'] },
      { role: 'citizen', issuedBy: 'CitizenAgentMSP', attributes: ['subject'] },
      { role: 'operator', issuedBy: 'any org, for its own staff', attributes: [] },
    ]);
    expect(() => roleAuthorities({ nobody: { issuedBy: [] } })).to.throw('INTERNAL: role nobody names no organisation');
  });

  it('describes and checks who may read a query', () => {
    const rule = readableBy([party(['RegulatorMSP'], ['inspector'])], "the batch's custodian");
    expect(describeReadRule(rule)).to.equal("RegulatorMSP with role inspector; only the batch's custodian");
    expect(describeReadRule(channelMembers)).to.equal('any channel member');
    expect(() => requireReader({ mspId: 'BankMSP', user: 'o', role: null }, rule, 'getBatch')).to.throw(
      "FORBIDDEN: BankMSP user o (no role) may not read getBatch; readable by RegulatorMSP with role inspector; only the batch's custodian",
    );
    expect(() => requireReader(inspector, rule, 'getBatch')).not.to.throw();
  });

  it('takes the last common name of the subject, unescaping slashes', () => {
    expect(commonNameOf('x509::/C=US/O=Org/OU=client/CN=alice::/C=US/CN=ca.org')).to.equal('alice');
    expect(commonNameOf('x509::/C=US/CN=a\\/b::/CN=ca')).to.equal('a/b');
  });

  it('allows any of the parties of a rule', () => {
    const rule = [party(['RegulatorMSP'], ['inspector']), party(undefined, ['lab'])];
    expect(mayAct(inspector, rule)).to.equal(true);
    expect(mayAct({ mspId: 'LabMSP', user: 'x', role: 'lab' }, rule)).to.equal(true);
    expect(mayAct({ mspId: 'RegulatorMSP', user: 'x', role: 'clerk' }, rule)).to.equal(false);
    expect(mayAct({ mspId: 'RegulatorMSP', user: 'x', role: null }, rule)).to.equal(false);
    expect(describeRule(rule)).to.equal('RegulatorMSP with role inspector, or any org with role lab');
  });

  it('refuses with FORBIDDEN naming who tried and who may', () => {
    expect(() =>
      requireAccess({ mspId: 'BankMSP', user: 'o', role: 'loan-officer' }, [party(['RegulatorMSP'])], 'recall a batch'),
    ).to.throw('FORBIDDEN: BankMSP user o (role loan-officer) may not recall a batch; allowed: RegulatorMSP');
  });
});
