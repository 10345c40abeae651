import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { nodeLayout, orgLayout } from '../identity';
import type { OrgSpec, Topology } from '../topology/schema';
import { connectionProfile, profileJson, profileYaml, type ProfileOrg } from './connection-profile';

/** Where an org's connection profiles were written. */
export interface ConnectionProfileFiles {
  mspId: string;
  json: string;
  yaml: string;
}

/** An org's Fabric CA as its profile names it. */
export interface CaTarget {
  /** `https://127.0.0.1:7054` (`http://` when the network serves plaintext). */
  url: string;
  caName: string;
  /** The certificate that verifies the CA server: the org's TLS CA, or its CA when the CA serves plain HTTP. */
  certPath: string;
}

export interface ConnectionProfileOptions {
  topology: Topology;
  cryptoDir: string;
  /** Whether the peers serve TLS (grpcs URLs with the org's TLS CA) or plaintext. */
  tls: boolean;
  /** The address the network listens on; loopback addresses are written as `localhost`, as the test network does. */
  host: string;
  /** The port an org's first peer listens on. */
  peerPort(mspId: string): number;
  /** The org's Fabric CA being served, if any: a profile names only a CA that answers. */
  ca(org: OrgSpec): CaTarget | undefined;
}

/**
 * Writes `connection-<org>.json` and `.yaml` into each peer org's folder (`peerOrganizations/<domain>/`), where
 * fabric-samples' ccp-generate.sh puts them, for the peers as they listen now. Rewritten at every start, since
 * ports may differ between runs.
 */
export function writeConnectionProfiles(options: ConnectionProfileOptions): ConnectionProfileFiles[] {
  const { topology, cryptoDir } = options;
  const urlHost = isLoopback(options.host) ? 'localhost' : options.host;
  return topology.orgs.map((org) => {
    const layout = orgLayout(topology, cryptoDir, org.mspId);
    const peer = org.peers[0];
    const ca = options.ca(org);
    const profileOrg: ProfileOrg = {
      name: org.name,
      mspId: org.mspId,
      peers: [{ hostAlias: nodeLayout(layout, 'peer', peer.name).commonName, port: options.peerPort(org.mspId) }],
      ...(options.tls && { tlsCaPem: readFileSync(layout.tlsCa.certPath, 'utf8') }),
      ...(ca && {
        ca: {
          hostAlias: `ca.${org.domain}`,
          caName: ca.caName,
          url: localUrl(ca.url, urlHost),
          certPem: readFileSync(ca.certPath, 'utf8'),
        },
      }),
    };
    const profile = connectionProfile(`${topology.name}-${orgLabel(org)}`, profileOrg, urlHost);
    const base = path.join(layout.dir, `connection-${orgLabel(org)}`);
    const files = { mspId: org.mspId, json: `${base}.json`, yaml: `${base}.yaml` };
    writeFileSync(files.json, profileJson(profile));
    writeFileSync(files.yaml, profileYaml(profile));
    return files;
  });
}

/** The CA's URL with a loopback host written as the profile's host (`localhost`, as the test network's). */
function localUrl(url: string, urlHost: string): string {
  const parsed = new URL(url);
  if (isLoopback(parsed.hostname)) parsed.hostname = urlHost;
  return parsed.toString().replace(/\/$/, '');
}

/** `org1` for org1.example.com: the name the test network gives an org's profile files. */
function orgLabel(org: OrgSpec): string {
  return org.domain.split('.')[0];
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '0.0.0.0' || host === '::' || host.startsWith('127.');
}
