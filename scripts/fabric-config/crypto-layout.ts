import path from 'node:path';

/**
 * cryptogen's folder layout (also what the Fabric CA path and the dev network write), relative to a crypto
 * root: `peerOrganizations/<domain>/peers/<host>/{msp,tls}`, `users/<name>@<domain>/msp`, org `msp/`.
 */
export type OrgKind = 'peer' | 'orderer';

export function orgDir(kind: OrgKind, domain: string): string {
  return path.posix.join(kind === 'peer' ? 'peerOrganizations' : 'ordererOrganizations', domain);
}

/** The org's verifying MSP, as a channel configuration holds it. */
export function orgMspDir(kind: OrgKind, domain: string): string {
  return path.posix.join(orgDir(kind, domain), 'msp');
}

/** Folder of a peer or orderer (`host` is `<name>.<domain>`). */
export function nodeDir(kind: OrgKind, domain: string, host: string): string {
  return path.posix.join(orgDir(kind, domain), kind === 'peer' ? 'peers' : 'orderers', host);
}

/** Folder of a user identity: `users/<name>@<domain>`. */
export function userDir(kind: OrgKind, domain: string, name: string): string {
  return path.posix.join(orgDir(kind, domain), 'users', `${name}@${domain}`);
}

/** The org's TLS CA certificate: `tlsca/tlsca.<domain>-cert.pem`. */
export function tlsCaCertFile(kind: OrgKind, domain: string): string {
  return path.posix.join(orgDir(kind, domain), 'tlsca', `tlsca.${domain}-cert.pem`);
}

/** Files of an identity's MSP folder: certificate `signcerts/<cn>-cert.pem`, key `keystore/priv_sk`. */
export function mspFiles(
  identityDir: string,
  commonName: string,
): { mspDir: string; certPath: string; keyPath: string } {
  const mspDir = path.posix.join(identityDir, 'msp');
  return {
    mspDir,
    certPath: path.posix.join(mspDir, 'signcerts', `${commonName}-cert.pem`),
    keyPath: path.posix.join(mspDir, 'keystore', 'priv_sk'),
  };
}
