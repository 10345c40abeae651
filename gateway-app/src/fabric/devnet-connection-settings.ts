import type { Devnet } from '@scenechain/devnet';

function identityEntry(devnet: Devnet, mspId: string, name: string) {
  const files = devnet.identity(mspId, name);
  return { label: `${name}@${mspId}`, mspPath: files.mspDir, certPath: files.certPath, keyPath: files.keyPath };
}

/**
 * A connection.json, in the shape `scripts/network.sh up` writes for a real network, describing a running dev
 * network (TLS CA and host override of each peer, or plaintext peers with --no-tls; cryptogen MSP folders), so
 * an app in another process can reach it by configuration alone (`SCENECHAIN_CONNECTION`). connection.json has
 * no client certificates: a dev network that requires mutual TLS cannot be reached this way.
 */
export function devnetConnectionSettings(devnet: Devnet, channelName: string) {
  const channel = devnet.topology.channels.find((c) => c.name === channelName);
  if (!channel) throw new Error(`the dev network has no channel ${channelName}`);
  if (devnet.tls.clientAuthRequired) {
    throw new Error('connection.json carries no TLS client certificates; this dev network requires mutual TLS');
  }
  return {
    version: 1 as const,
    network: devnet.topology.name,
    orgs: Object.fromEntries(
      devnet.topology.orgs
        .filter((org) => channel.orgs.includes(org.mspId))
        .map((org) => [
          org.mspId,
          {
            name: org.name,
            mspId: org.mspId,
            peers: [
              {
                name: org.peers[0].name,
                endpoint: devnet.endpoint(org.mspId),
                hostOverride: `${org.peers[0].name}.${org.domain}`,
                ...(devnet.tls.enabled && { tlsCACertPath: devnet.org(org.mspId).tlsCaCertPath }),
              },
            ],
            admin: identityEntry(devnet, org.mspId, 'Admin'),
            user: identityEntry(devnet, org.mspId, 'User1'),
            users: Object.fromEntries(
              org.users.map((user) => [
                user.name,
                { ...identityEntry(devnet, org.mspId, user.name), attrs: user.attrs },
              ]),
            ),
          },
        ]),
    ),
    channels: [{ name: channelName, orgs: channel.orgs, chaincodes: channel.chaincodes.map((c) => c.name) }],
  };
}
