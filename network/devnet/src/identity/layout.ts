import path from 'node:path';
import type { Topology } from '../topology/schema';
import { IdentityError } from './identity-error';

/**
 * Where cryptogen puts an organization's material: `<cryptoDir>/peerOrganizations/<domain>` or
 * `<cryptoDir>/ordererOrganizations/<domain>`, with its signing CA, TLS CA and verifying MSP.
 */
export interface OrgLayout {
  readonly mspId: string;
  readonly domain: string;
  readonly kind: 'peer' | 'orderer';
  readonly dir: string;
  readonly ca: CaLayout;
  readonly tlsCa: CaLayout;
  /** The org's verifying MSP (what a channel configuration holds): cacerts, tlscacerts, config.yaml. */
  readonly mspDir: string;
}

/** A CA folder: `ca.<domain>-cert.pem` (or `tlsca.<domain>-cert.pem`) and its key `priv_sk`. */
export interface CaLayout {
  readonly dir: string;
  readonly commonName: string;
  /** The certificate file name, also used in every MSP's cacerts/ or tlscacerts/. */
  readonly certFile: string;
  readonly certPath: string;
  readonly keyPath: string;
}

/** Peers and orderers are named `<name>.<domain>`; users `<name>@<domain>`. */
export type NodeKind = 'peer' | 'orderer' | 'user';

/** A node's local MSP and TLS folders, as cryptogen lays them out. */
export interface NodeLayout {
  readonly kind: NodeKind;
  /** The short name from the topology: `peer0`, `orderer`, `Admin`, `User1`, `inspector1`. */
  readonly name: string;
  /** Certificate subject CN and folder name: `peer0.org1.example.com`, `Admin@org1.example.com`. */
  readonly commonName: string;
  readonly dir: string;
  readonly mspDir: string;
  /** `msp/signcerts/<commonName>-cert.pem` */
  readonly certPath: string;
  /** `msp/keystore/priv_sk` */
  readonly keyPath: string;
  readonly tlsDir: string;
  /** `tls/ca.crt`: the TLS CA certificate. */
  readonly tlsCaCertPath: string;
  /** `tls/server.crt` for peers and orderers, `tls/client.crt` for users. */
  readonly tlsCertPath: string;
  readonly tlsKeyPath: string;
}

/** The layout of the org with this MSP ID; throws when the topology has no such org. */
export function orgLayout(topology: Topology, cryptoDir: string, mspId: string): OrgLayout {
  const org = allOrgLayouts(topology, cryptoDir).find((candidate) => candidate.mspId === mspId);
  if (!org) throw new IdentityError(`MSP ${mspId} is not in topology ${topology.name}`);
  return org;
}

/** Every org of the topology: the orderer org first, then the peer orgs in topology order. */
export function allOrgLayouts(topology: Topology, cryptoDir: string): OrgLayout[] {
  const { ordererOrg } = topology;
  return [
    makeOrgLayout(cryptoDir, 'orderer', ordererOrg.mspId, ordererOrg.domain),
    ...topology.orgs.map((org) => makeOrgLayout(cryptoDir, 'peer', org.mspId, org.domain)),
  ];
}

function makeOrgLayout(cryptoDir: string, kind: 'peer' | 'orderer', mspId: string, domain: string): OrgLayout {
  const dir = path.join(cryptoDir, kind === 'peer' ? 'peerOrganizations' : 'ordererOrganizations', domain);
  return {
    mspId,
    domain,
    kind,
    dir,
    ca: caLayout(path.join(dir, 'ca'), `ca.${domain}`),
    tlsCa: caLayout(path.join(dir, 'tlsca'), `tlsca.${domain}`),
    mspDir: path.join(dir, 'msp'),
  };
}

function caLayout(dir: string, commonName: string): CaLayout {
  const certFile = `${commonName}-cert.pem`;
  return { dir, commonName, certFile, certPath: path.join(dir, certFile), keyPath: path.join(dir, 'priv_sk') };
}

const nodeFolders: Record<NodeKind, string> = { peer: 'peers', orderer: 'orderers', user: 'users' };

/** The layout of one node of an org. `name` must be a plain name (no path separators). */
export function nodeLayout(org: OrgLayout, kind: NodeKind, name: string): NodeLayout {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) throw new IdentityError(`invalid ${kind} name '${name}'`);
  const commonName = kind === 'user' ? `${name}@${org.domain}` : `${name}.${org.domain}`;
  const dir = path.join(org.dir, nodeFolders[kind], commonName);
  const mspDir = path.join(dir, 'msp');
  const tlsDir = path.join(dir, 'tls');
  const tlsPrefix = kind === 'user' ? 'client' : 'server';
  return {
    kind,
    name,
    commonName,
    dir,
    mspDir,
    certPath: path.join(mspDir, 'signcerts', `${commonName}-cert.pem`),
    keyPath: path.join(mspDir, 'keystore', 'priv_sk'),
    tlsDir,
    tlsCaCertPath: path.join(tlsDir, 'ca.crt'),
    tlsCertPath: path.join(tlsDir, `${tlsPrefix}.crt`),
    tlsKeyPath: path.join(tlsDir, `${tlsPrefix}.key`),
  };
}
