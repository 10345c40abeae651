import path from 'node:path';
import type { Devnet } from '../devnet';
import { nodeLayout, orgLayout } from '../identity';
import { fabricCaCertPath } from '../identity/msp-folders';

/**
 * The settings an application written for Fabric's test network reads from its environment (fabric-samples'
 * application-gateway apps: CRYPTO_PATH, KEY_DIRECTORY_PATH, CERT_DIRECTORY_PATH or CERT_PATH, TLS_CERT_PATH,
 * PEER_ENDPOINT, PEER_HOST_ALIAS), pointing at one org's peer and User1 of a running dev network.
 */
export function applicationEnv(
  devnet: Devnet,
  mspId: string,
  channel: string,
  chaincode?: string,
): Record<string, string> {
  const org = devnet.org(mspId);
  const layout = orgLayout(devnet.topology, devnet.cryptoDir, mspId);
  const user = nodeLayout(layout, 'user', 'User1');
  return {
    CHANNEL_NAME: channel,
    ...(chaincode && { CHAINCODE_NAME: chaincode }),
    MSP_ID: mspId,
    CRYPTO_PATH: layout.dir,
    KEY_DIRECTORY_PATH: path.dirname(user.keyPath),
    CERT_DIRECTORY_PATH: path.dirname(user.certPath),
    CERT_PATH: fabricCaCertPath(user),
    TLS_CERT_PATH: org.tlsCaCertPath,
    // The peer's certificate names localhost too, and samples dial localhost:<port>.
    PEER_ENDPOINT: localhostEndpoint(org.endpoint),
    PEER_HOST_ALIAS: org.hostAlias,
  };
}

/** `localhost:<port>` for a `host:port` the network listens on (its TLS certificates name localhost too). */
export function localhostEndpoint(endpoint: string): string {
  return `localhost:${endpoint.slice(endpoint.lastIndexOf(':') + 1)}`;
}

/** `KEY=value` lines (dotenv and `set -a; . file` alike), single-quoting values a shell would split. */
export function envFileText(env: Record<string, string>): string {
  return Object.entries(env)
    .map(([key, value]) => `${key}=${shellQuote(value)}\n`)
    .join('');
}

export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
