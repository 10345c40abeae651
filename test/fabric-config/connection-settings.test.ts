import path from 'node:path';
import { expect } from 'chai';
import { allOrgLayouts, nodeLayout } from '../../network/devnet/src/identity/layout';
import { buildConnectionSettings } from '../../scripts/fabric-config/connection-settings';
import { repoPlan, repoTopology } from './repo-topology';

describe('gateway connection settings (connection.json)', () => {
  const workDir = '/srv/scenechain-work';
  const layouts = allOrgLayouts(repoTopology(), path.join(workDir, 'crypto'));

  it('gives every org its peer endpoints on loopback, TLS CA and host override, in cryptogen paths', () => {
    const settings = buildConnectionSettings(repoPlan(), workDir, 'native', 'cryptogen');
    expect(Object.keys(settings.orgs)).to.have.length(repoTopology().orgs.length);
    const bank = settings.orgs.BankMSP;
    const layout = layouts.find((org) => org.mspId === 'BankMSP')!;
    const peer = nodeLayout(layout, 'peer', 'peer0');
    expect(bank.peers).to.deep.equal([
      {
        name: 'peer0',
        endpoint: '127.0.0.1:23051',
        hostOverride: 'peer0.bank.scenechain.example',
        tlsCACertPath: peer.tlsCaCertPath,
      },
    ]);
    expect(bank.tlsCACertPath).to.equal(layout.tlsCa.certPath);
    expect(bank.mspPath).to.equal(layout.mspDir);
    const admin = nodeLayout(layout, 'user', 'Admin');
    expect(bank.admin).to.deep.equal({
      label: admin.commonName,
      mspPath: admin.mspDir,
      certPath: admin.certPath,
      keyPath: admin.keyPath,
    });
    expect(bank.user.certPath).to.equal(nodeLayout(layout, 'user', 'User1').certPath);
    const officer = nodeLayout(layout, 'user', 'officer1');
    expect(bank.users).to.deep.equal({
      officer1: {
        label: officer.commonName,
        mspPath: officer.mspDir,
        certPath: officer.certPath,
        keyPath: officer.keyPath,
        attrs: { role: 'loan-officer' },
      },
    });
    expect(bank.chaincodes).to.have.members(['patents', 'gov-records', 'supply-chain-finance']);
    expect(settings.channels[0]).to.deep.include({ name: 'public-services' });
    expect(settings.channels[0].chaincodes).to.include('gov-records');
  });

  it('lists the same topology users when identities come from Fabric CA', () => {
    const settings = buildConnectionSettings(repoPlan(), workDir, 'docker', 'ca');
    const officer = settings.orgs.BankMSP.users.officer1;
    expect(officer.attrs).to.deep.equal({ role: 'loan-officer' });
    expect(officer.certPath).to.equal(
      nodeLayout(
        layouts.find((o) => o.mspId === 'BankMSP')!,
        'user',
        'officer1',
      ).certPath,
    );
  });
});
