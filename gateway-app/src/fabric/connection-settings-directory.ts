import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { loadIdentity, type FabricIdentity } from './identity';
import type { NetworkDirectory, OrgInfo } from './network-directory';

/**
 * The parts of `connection.json` (written by `scripts/network.sh up`, schema in network/README.md) the app
 * reads. Every path in it is absolute.
 */
const identityFiles = z.object({ label: z.string(), mspPath: z.string(), certPath: z.string(), keyPath: z.string() });
const connectionSettings = z.object({
  version: z.literal(1),
  orgs: z.record(
    z.string(),
    z.object({
      name: z.string(),
      mspId: z.string(),
      // Without tlsCACertPath the peer is reached in plaintext (a dev network started with --no-tls).
      peers: z
        .array(
          z.object({
            name: z.string(),
            endpoint: z.string(),
            hostOverride: z.string(),
            tlsCACertPath: z.string().optional(),
          }),
        )
        .min(1),
      admin: identityFiles,
      user: identityFiles,
      users: z.record(z.string(), identityFiles.extend({ attrs: z.record(z.string(), z.string()) })).default({}),
    }),
  ),
  channels: z.array(z.object({ name: z.string(), orgs: z.array(z.string()), chaincodes: z.array(z.string()) })),
});
export type ConnectionSettingsFile = z.input<typeof connectionSettings>;

export function readConnectionSettings(file: string): z.output<typeof connectionSettings> {
  const parsed = connectionSettings.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(
      `${file} is not a connection settings file: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

/**
 * The directory of a real Fabric network: each org's first peer (TLS with its CA and host override) and the
 * identities listed in connection.json (`Admin`, `User1` and, with Fabric CA, the topology's users). Users
 * registered later are read from `extraIdentities` (MSP folders an admin pointed the app at).
 */
export function connectionSettingsDirectory(
  settings: z.output<typeof connectionSettings>,
  channelName: string,
  extraIdentities: (mspId: string, userName: string) => { certPath: string; keyPath: string } | undefined = () =>
    undefined,
): NetworkDirectory {
  const channel = settings.channels.find((c) => c.name === channelName);
  if (!channel) throw new Error(`connection settings have no channel ${channelName}`);
  const orgOf = (mspId: string) => {
    const org = settings.orgs[mspId];
    if (!org) throw new Error(`unknown org ${mspId}`);
    return org;
  };
  const orgs: OrgInfo[] = channel.orgs.map((mspId) => ({
    mspId,
    name: orgOf(mspId).name,
    chaincodes: channel.chaincodes,
  }));
  return {
    kind: 'fabric',
    channel: channelName,
    orgs,
    knownUsers: channel.orgs.flatMap((mspId) =>
      Object.entries(orgOf(mspId).users).map(([name, files]) => ({ mspId, name, attrs: files.attrs })),
    ),
    peer(mspId) {
      const peer = orgOf(mspId).peers[0];
      if (!peer.tlsCACertPath) return { mspId, endpoint: peer.endpoint };
      return {
        mspId,
        endpoint: peer.endpoint,
        tlsRootCertPem: readFileSync(peer.tlsCACertPath, 'utf8'),
        hostOverride: peer.hostOverride,
      };
    },
    identity(mspId, userName): FabricIdentity {
      const org = orgOf(mspId);
      const files =
        userName === 'Admin'
          ? org.admin
          : userName === 'User1'
            ? org.user
            : (org.users[userName] ?? extraIdentities(mspId, userName));
      if (!files) throw new Error(`no identity ${userName} of ${mspId} in the connection settings`);
      return loadIdentity({ mspId, certPath: files.certPath, keyPath: files.keyPath }, userName);
    },
  };
}
