import { readFileSync } from 'node:fs';
import { ServerCredentials } from '@grpc/grpc-js';
import { allOrgLayouts, nodeLayout, orgLayout } from '../identity';
import type { ChannelSpec, Topology } from '../topology/schema';

/** What a peer's gRPC server needs to serve TLS as a Fabric peer with `peer.tls.enabled` does. */
export interface PeerTls {
  /** The peer's `tls/server.crt` and `tls/server.key`, issued by its org's TLS CA. */
  readonly certPem: string;
  readonly keyPem: string;
  /** `peer.tls.clientAuthRequired`: refuse clients without a certificate from `clientRootCertsPem`. */
  readonly clientAuthRequired: boolean;
  /** The TLS CA certificates of the orderer org and of every org sharing a channel with this peer. */
  readonly clientRootCertsPem: string;
}

/** Reads a peer's TLS material from its cryptogen folders. */
export function loadPeerTls(
  topology: Topology,
  cryptoDir: string,
  mspId: string,
  peerName: string,
  channels: readonly ChannelSpec[],
  clientAuthRequired: boolean,
): PeerTls {
  // As a Fabric peer takes its client root CAs from the configuration of the channels it joined.
  const trusted = new Set([topology.ordererOrg.mspId, mspId]);
  for (const channel of channels) if (channel.orgs.includes(mspId)) channel.orgs.forEach((org) => trusted.add(org));
  return loadNodeTls(topology, cryptoDir, mspId, 'peer', peerName, clientAuthRequired, (org) => trusted.has(org));
}

/**
 * A peer's or orderer's TLS material from its cryptogen folder (`tls/server.crt` and `server.key`), with the TLS
 * CA certificates of the orgs `trusts` accepts as its client roots.
 */
export function loadNodeTls(
  topology: Topology,
  cryptoDir: string,
  mspId: string,
  kind: 'peer' | 'orderer',
  nodeName: string,
  clientAuthRequired: boolean,
  trusts: (mspId: string) => boolean,
): PeerTls {
  const node = nodeLayout(orgLayout(topology, cryptoDir, mspId), kind, nodeName);
  const clientRootCertsPem = allOrgLayouts(topology, cryptoDir)
    .filter((org) => trusts(org.mspId))
    .map((org) => readFileSync(org.tlsCa.certPath, 'utf8'))
    .join('');
  return {
    certPem: readFileSync(node.tlsCertPath, 'utf8'),
    keyPem: readFileSync(node.tlsKeyPath, 'utf8'),
    clientAuthRequired,
    clientRootCertsPem,
  };
}

/** Server credentials for a peer: TLS (mutual when required) or, without `tls`, plaintext. */
export function peerServerCredentials(tls: PeerTls | undefined): ServerCredentials {
  if (!tls) return ServerCredentials.createInsecure();
  return ServerCredentials.createSsl(
    tls.clientAuthRequired ? Buffer.from(tls.clientRootCertsPem) : null,
    [{ private_key: Buffer.from(tls.keyPem), cert_chain: Buffer.from(tls.certPem) }],
    tls.clientAuthRequired,
  );
}
