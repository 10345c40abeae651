import '../support/quiet-contract-api';
import { expect } from 'chai';
import { commonNameOf, describeRule, identityOf, mayAct, party, requireAccess } from '../../../chaincode/scene-kit/src';
import { fakeIdentity } from './fake-stub';

describe('scene kit: access by org and role', () => {
  const inspector = { mspId: 'RegulatorMSP', user: 'inspector1', role: 'inspector' };

  it('reads org, user and role from the client identity', () => {
    const identity = identityOf(fakeIdentity('RegulatorMSP', 'inspector1', { role: 'inspector', subject: 'S-1' }));
    expect(identity.actor).to.deep.equal(inspector);
    expect(identity.attribute('subject')).to.equal('S-1');
    expect(identityOf(fakeIdentity('RegulatorMSP', 'User1')).actor.role).to.equal(null);
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
