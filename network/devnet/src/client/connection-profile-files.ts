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
  port: number;
  caName: string;
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
  /** The org's CA (the org's position in the topology given). */
  ca(org: OrgSpec, index: number): CaTarget;
}

/** fabric-samples' CA ports: org1 7054, org2 8054, ...; a topology-wide port offset moves them like every port. */
export function defaultCaTarget(org: OrgSpec, index: number, portOffset = 0): CaTarget {
  return { port: 7054 + 1000 * index + portOffset, caName: `ca-${orgLabel(org)}` };
}

/**
 * Writes `connection-<org>.json` and `.yaml` into each peer org's folder (`peerOrganizations/<domain>/`), where
 * fabric-samples' ccp-generate.sh puts them, for the peers as they listen now. Rewritten at every start, since
 * ports may differ between runs.
 */
export function writeConnectionProfiles(options: ConnectionProfileOptions): ConnectionProfileFiles[] {
  const { topology, cryptoDir } = options;
  const urlHost = isLoopback(options.host) ? 'localhost' : options.host;
  return topology.orgs.map((org, index) => {
    const layout = orgLayout(topology, cryptoDir, org.mspId);
    const peer = org.peers[0];
    const ca = options.ca(org, index);
    const profileOrg: ProfileOrg = {
      name: org.name,
      mspId: org.mspId,
      peers: [{ hostAlias: nodeLayout(layout, 'peer', peer.name).commonName, port: options.peerPort(org.mspId) }],
      ...(options.tls && { tlsCaPem: readFileSync(layout.tlsCa.certPath, 'utf8') }),
      ca: {
        hostAlias: `ca.${org.domain}`,
        caName: ca.caName,
        port: ca.port,
        certPem: readFileSync(layout.ca.certPath, 'utf8'),
      },
    };
    const profile = connectionProfile(`${topology.name}-${orgLabel(org)}`, profileOrg, urlHost);
    const base = path.join(layout.dir, `connection-${orgLabel(org)}`);
    const files = { mspId: org.mspId, json: `${base}.json`, yaml: `${base}.yaml` };
    writeFileSync(files.json, profileJson(profile));
    writeFileSync(files.yaml, profileYaml(profile));
    return files;
  });
}

/** `org1` for org1.example.com: the name the test network gives an org's profile files. */
function orgLabel(org: OrgSpec): string {
  return org.domain.split('.')[0];
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '0.0.0.0' || host === '::' || host.startsWith('127.');
}
