import { readFileSync } from 'node:fs';
import type { Devnet, IdentityFiles } from '@scenechain/devnet';
import type { FabricIdentity } from './identity';
import type { NetworkDirectory, OrgInfo } from './network-directory';

function fromDevnetFiles(files: { mspId: string; certPem: string; keyPem: string }, userName: string): FabricIdentity {
  return { mspId: files.mspId, label: `${userName}@${files.mspId}`, certPem: files.certPem, keyPem: files.keyPem };
}

/** Under mutual TLS the app's connections present User1's TLS client certificate of the org. */
function tlsClientOf(files: IdentityFiles): { certPem: string; keyPem: string } {
  return { certPem: readFileSync(files.tlsCertPath, 'utf8'), keyPem: readFileSync(files.tlsKeyPath, 'utf8') };
}

/** The directory of a dev network running in this process: its peers, its identities, its CAs. */
export function devnetDirectory(devnet: Devnet, channelName: string): NetworkDirectory {
  const channel = devnet.topology.channels.find((c) => c.name === channelName);
  if (!channel) throw new Error(`the dev network's topology has no channel ${channelName}`);
  const orgs: OrgInfo[] = devnet.topology.orgs
    .filter((org) => channel.orgs.includes(org.mspId))
    .map((org) => ({
      mspId: org.mspId,
      name: org.name,
      chaincodes: channel.chaincodes
        .filter((cc) => (cc.installedOn ?? channel.orgs).includes(org.mspId))
        .map((cc) => cc.name),
    }));
  return {
    kind: 'devnet',
    channel: channelName,
    orgs,
    knownUsers: devnet.topology.orgs
      .filter((org) => channel.orgs.includes(org.mspId))
      .flatMap((org) => org.users.map((user) => ({ mspId: org.mspId, name: user.name, attrs: user.attrs }))),
    peer: (mspId) => {
      const org = devnet.org(mspId);
      if (!org.tlsRootCertPem) return { mspId, endpoint: org.endpoint };
      return {
        mspId,
        endpoint: org.endpoint,
        tlsRootCertPem: org.tlsRootCertPem,
        hostOverride: org.hostAlias,
        ...(devnet.tls.clientAuthRequired && { tlsClient: tlsClientOf(devnet.identity(mspId, 'User1')) }),
      };
    },
    identity: (mspId, userName) => fromDevnetFiles(devnet.identity(mspId, userName), userName),
    issueIdentity: async (mspId, userName, attrs) =>
      fromDevnetFiles(await devnet.addUser(mspId, userName, { ...attrs }), userName),
  };
}
