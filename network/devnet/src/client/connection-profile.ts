import { stringify } from 'yaml';

/** What a connection profile says about one org's peer. */
export interface ProfilePeer {
  /** `peer0.org1.example.com`: the profile's key, and the name its TLS certificate carries. */
  hostAlias: string;
  port: number;
}

/** What a connection profile says about an org's Fabric CA. */
export interface ProfileCa {
  /** `ca.org1.example.com`: the profile's key. */
  hostAlias: string;
  /** The CA's name on its server (fabric-ca-server `ca.name`), e.g. `ca-org1`. */
  caName: string;
  /** `https://localhost:7054`. */
  url: string;
  /** PEM of the certificate that verifies the CA server (the org's TLS CA). */
  certPem: string;
}

export interface ProfileOrg {
  /** The org's name in the topology (`Org1`), the profile's organization key. */
  name: string;
  mspId: string;
  peers: readonly ProfilePeer[];
  /** PEM of the org's TLS CA; absent when the peers serve plaintext (`grpc://` URLs). */
  tlsCaPem?: string;
  /** Absent when the org runs no Fabric CA. */
  ca?: ProfileCa;
}

/**
 * A common connection profile for one org in the shape fabric-samples' test network writes (organizations/
 * ccp-template.json): the org, its peers (URL, TLS CA, host name override) and its CA when it runs one. Like the test network's it
 * lists no orderers or channels: applications find those through service discovery.
 */
export function connectionProfile(profileName: string, org: ProfileOrg, urlHost = 'localhost'): object {
  const peers = Object.fromEntries(
    org.peers.map((peer) => [
      peer.hostAlias,
      {
        url: `${org.tlsCaPem === undefined ? 'grpc' : 'grpcs'}://${urlHost}:${peer.port}`,
        ...(org.tlsCaPem !== undefined && { tlsCACerts: { pem: org.tlsCaPem } }),
        grpcOptions: { 'ssl-target-name-override': peer.hostAlias, hostnameOverride: peer.hostAlias },
      },
    ]),
  );
  return {
    name: profileName,
    version: '1.0.0',
    client: { organization: org.name, connection: { timeout: { peer: { endorser: '300' } } } },
    organizations: {
      [org.name]: {
        mspid: org.mspId,
        peers: org.peers.map((peer) => peer.hostAlias),
        ...(org.ca && { certificateAuthorities: [org.ca.hostAlias] }),
      },
    },
    peers,
    ...(org.ca && {
      certificateAuthorities: {
        [org.ca.hostAlias]: {
          url: org.ca.url,
          caName: org.ca.caName,
          tlsCACerts: { pem: [org.ca.certPem] },
          httpOptions: { verify: false },
        },
      },
    }),
  };
}

/** The profile as `connection-<org>.json` holds it. */
export function profileJson(profile: object): string {
  return `${JSON.stringify(profile, null, 4)}\n`;
}

/** The profile as `connection-<org>.yaml` holds it (PEMs as block scalars). */
export function profileYaml(profile: object): string {
  return `---\n${stringify(profile, { lineWidth: 0 })}`;
}
