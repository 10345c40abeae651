import { expect } from 'chai';
import { startupBanner } from '../../gateway-app/src/startup-banner';

describe('gateway app: startup banner', () => {
  it('keeps the demo users table aligned whatever the length of an MSP ID', () => {
    const banner = startupBanner(
      'http://127.0.0.1:3000',
      [
        { username: 'operator1', mspId: 'ManufacturerMSP', role: 'operator', isAdmin: false },
        { username: 'accreditor1', mspId: 'EducationMinistryMSP', role: 'accreditor', isAdmin: false },
        { username: 'admin-bank', mspId: 'BankMSP', role: null, isAdmin: true },
      ],
      'secret',
      'devnet',
    );
    const lines = banner.split('\n');
    const header = lines.findIndex((line) => line.trimStart().startsWith('username'));
    const table = lines.slice(header, header + 4);
    const roleColumn = table[0].indexOf('role');
    expect(table.map((line) => line.slice(roleColumn).trimEnd())).to.deep.equal([
      'role',
      'operator',
      'accreditor',
      'org admin',
    ]);
  });
});
