import path from 'node:path';
import { expect } from 'chai';
import { loadTopology, type Devnet } from '@scenechain/devnet';
import { openAppDatabase } from '../../gateway-app/src/auth/app-database';
import { adminUsername, ensureDemoAccounts } from '../../gateway-app/src/auth/demo-accounts';
import { UserStore } from '../../gateway-app/src/auth/user-store';
import { REPO_ROOT } from '../../gateway-app/src/config/app-config';
import { devnetDirectory } from '../../gateway-app/src/fabric/devnet-directory';

const CHANNEL = 'public-services';

/*
 * The app signs each topology user in under the user's own name, and login names are global (compared
 * ignoring case), while Fabric user names are only unique per org: a second org's `registrar1` would get no
 * login of its own and `registrar1` would keep acting for the first org. This keeps network/topology.yaml
 * free of such pairs as orgs are added.
 */
describe('gateway app: a login for every user of network/topology.yaml', () => {
  const topology = loadTopology(path.join(REPO_ROOT, 'network', 'topology.yaml'), REPO_ROOT);
  const channel = topology.channels.find((c) => c.name === CHANNEL)!;
  const members = topology.orgs.filter((org) => channel.orgs.includes(org.mspId));

  it('signs every user and every org admin in as its own org', async () => {
    // The directory only reads the topology here; peers and identities are not asked for.
    const directory = devnetDirectory({ topology } as unknown as Devnet, CHANNEL);
    const users = new UserStore(openAppDatabase(':memory:'));
    await ensureDemoAccounts(users, directory, 'test-password');
    for (const org of members) {
      for (const user of org.users) {
        expect(users.find(user.name), `${user.name}@${org.mspId}`).to.include({
          mspId: org.mspId,
          fabricUser: user.name,
          role: user.attrs.role ?? null,
        });
      }
      expect(users.find(adminUsername(org.mspId))).to.include({ mspId: org.mspId, fabricUser: 'Admin' });
    }
    const expected = members.reduce((count, org) => count + org.users.length + 1, 0);
    expect(users.list()).to.have.length(expected);
  });
});
