import path from 'node:path';
import { mspFiles, nodeDir, orgMspDir, tlsCaCertFile, userDir } from './crypto-layout';
import type { NetworkPlan, Runtime } from './network-plan';
import { loopbackAddress } from './node-hosts';

/**
 * What the gateway app needs to reach the real network, written by `network.sh up` to
 * `<workDir>/connection.json`. Every path is absolute. Schema documented in network/README.md.
 */
export interface ConnectionSettings {
  readonly version: 1;
  readonly network: string;
  readonly runtime: Runtime;
  readonly cryptoMode: CryptoMode;
  readonly orgs: Readonly<Record<string, OrgConnection>>;
  readonly channels: readonly ChannelConnection[];
}

export type CryptoMode = 'cryptogen' | 'ca';

export interface OrgConnection {
  readonly name: string;
  readonly mspId: string;
  readonly domain: string;
  /** The org's verifying MSP folder (cacerts, tlscacerts, config.yaml). */
  readonly mspPath: string;
  /** The org's TLS CA certificate: trust it to reach any of the org's peers. */
  readonly tlsCACertPath: string;
  readonly peers: readonly PeerConnection[];
  /** Chaincodes this org's peers run (and so can endorse), on any channel. */
  readonly chaincodes: readonly string[];
  readonly admin: IdentityFiles;
  /** `User1`: a plain client identity. */
  readonly user: IdentityFiles;
  /**
   * The topology's named users with their attributes: enrolled at the org's Fabric CA (`cryptoMode: ca`) or
   * issued by its cryptogen CA (`cryptoMode: cryptogen`).
   */
  readonly users: Readonly<Record<string, IdentityFiles & { readonly attrs: Readonly<Record<string, string>> }>>;
}

export interface PeerConnection {
  readonly name: string;
  /**
   * gRPC endpoint to dial from the host: `127.0.0.1:<port>` with Docker (published ports), the peer's own
   * address natively (the loopback unless network.sh --hosts gave its org another).
   */
  readonly endpoint: string;
  /** Name to verify the peer's TLS certificate against (`grpc.ssl_target_name_override`). */
  readonly hostOverride: string;
  readonly tlsCACertPath: string;
}

export interface IdentityFiles {
  readonly label: string;
  readonly mspPath: string;
  readonly certPath: string;
  readonly keyPath: string;
}

export interface ChannelConnection {
  readonly name: string;
  readonly orgs: readonly string[];
  readonly chaincodes: readonly string[];
}

function identity(root: string, domain: string, name: string): IdentityFiles {
  const dir = path.join(root, userDir('peer', domain, name));
  const files = mspFiles(dir, `${name}@${domain}`);
  return { label: `${name}@${domain}`, mspPath: files.mspDir, certPath: files.certPath, keyPath: files.keyPath };
}

export function buildConnectionSettings(
  plan: NetworkPlan,
  workDir: string,
  runtime: Runtime,
  cryptoMode: CryptoMode,
): ConnectionSettings {
  const cryptoRoot = path.join(path.resolve(workDir), 'crypto');
  const orgs: Record<string, OrgConnection> = {};
  for (const org of plan.orgs) {
    orgs[org.mspId] = {
      name: org.name,
      mspId: org.mspId,
      domain: org.domain,
      mspPath: path.join(cryptoRoot, orgMspDir('peer', org.domain)),
      tlsCACertPath: path.join(cryptoRoot, tlsCaCertFile('peer', org.domain)),
      peers: org.peers.map((peer) => ({
        name: peer.name,
        endpoint: runtime === 'docker' ? `${loopbackAddress}:${peer.port}` : `${peer.address}:${peer.port}`,
        hostOverride: peer.host,
        tlsCACertPath: path.join(cryptoRoot, nodeDir('peer', org.domain, peer.host), 'tls', 'ca.crt'),
      })),
      chaincodes: [...new Set(plan.ccaas.filter((s) => s.mspId === org.mspId).map((s) => s.chaincode))],
      admin: identity(cryptoRoot, org.domain, 'Admin'),
      user: identity(cryptoRoot, org.domain, 'User1'),
      users: Object.fromEntries(
        org.users.map((user) => [user.name, { ...identity(cryptoRoot, org.domain, user.name), attrs: user.attrs }]),
      ),
    };
  }
  return {
    version: 1,
    network: plan.name,
    runtime,
    cryptoMode,
    orgs,
    channels: plan.channels.map((channel) => ({
      name: channel.name,
      orgs: channel.orgs,
      chaincodes: channel.chaincodes.map((chaincode) => chaincode.name),
    })),
  };
}
