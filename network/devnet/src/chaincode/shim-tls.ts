import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PeerTls } from '../peer/peer-tls';

/** The files fabric-shim reads to dial its peer over TLS (CORE_PEER_TLS_* and CORE_TLS_CLIENT_* variables). */
export interface ShimTlsFiles {
  /** PEM of the CA that issued the peer's server certificate (CORE_PEER_TLS_ROOTCERT_FILE). */
  readonly rootCertFile: string;
  /** Client key and certificate, each as base64 of its PEM: fabric-shim decodes them so. */
  readonly clientKeyFile: string;
  readonly clientCertFile: string;
  /** Name the peer's certificate is checked against. */
  readonly hostOverride: string;
}

/**
 * Writes the TLS files chaincode processes of a peer use. fabric-shim always presents a client certificate;
 * until the chaincode listener issues one per launch, it is the peer's own TLS pair, which the peer trusts.
 */
export function writeShimTlsFiles(dir: string, tls: PeerTls, hostOverride: string): ShimTlsFiles {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const clientKeyFile = path.join(dir, 'client.key');
  const clientCertFile = path.join(dir, 'client.crt');
  writeFileSync(clientKeyFile, Buffer.from(tls.keyPem).toString('base64'), { mode: 0o600 });
  writeFileSync(clientCertFile, Buffer.from(tls.certPem).toString('base64'));
  return { rootCertFile: tls.node.tlsCaCertPath, clientKeyFile, clientCertFile, hostOverride };
}
