import { readFileSync } from 'node:fs';
import { Gateway, Wallets, type GatewayOptions, type Wallet, type X509Identity } from 'fabric-network';
import type { Devnet } from '@scenechain/devnet';

/**
 * A connection profile in the shape Fabric's test network writes (`connection-org1.json`): the given orgs'
 * peers by host name, with their TLS CA and the host name to verify, at the address the dev network serves.
 * With `channel`, the profile also lists the channel and its peers (what discovery-off clients need).
 */
export function connectionProfile(net: Devnet, clientMspId: string, orgs: readonly string[], channel?: string) {
  const orgName = (mspId: string) => net.topology.orgs.find((org) => org.mspId === mspId)!.name;
  const peers: Record<string, unknown> = {};
  const organizations: Record<string, unknown> = {};
  for (const mspId of orgs) {
    const org = net.org(mspId);
    peers[org.hostAlias] = {
      url: `${net.tls.enabled ? 'grpcs' : 'grpc'}://${org.endpoint}`,
      ...(net.tls.enabled ? { tlsCACerts: { pem: readFileSync(org.tlsCaCertPath, 'utf8') } } : {}),
      grpcOptions: { 'ssl-target-name-override': org.hostAlias, hostnameOverride: org.hostAlias },
    };
    organizations[orgName(mspId)] = { mspid: mspId, peers: [org.hostAlias] };
  }
  return {
    name: `devnet-${orgName(clientMspId).toLowerCase()}`,
    version: '1.0.0',
    client: { organization: orgName(clientMspId), connection: { timeout: { peer: { endorser: '300' } } } },
    organizations,
    peers,
    ...(channel
      ? { channels: { [channel]: { peers: Object.fromEntries(orgs.map((mspId) => [net.org(mspId).hostAlias, {}])) } } }
      : {}),
  };
}

/** An in-memory wallet holding an org user's X.509 identity (and its TLS client identity) from the dev network's files. */
export async function walletFor(net: Devnet, mspId: string, userName = 'User1'): Promise<Wallet> {
  const files = net.identity(mspId, userName);
  const wallet = await Wallets.newInMemoryWallet();
  const identity: X509Identity = {
    type: 'X.509',
    mspId,
    credentials: { certificate: files.certPem, privateKey: files.keyPem },
  };
  await wallet.put(userName, identity);
  const tlsIdentity: X509Identity = {
    type: 'X.509',
    mspId,
    credentials: {
      certificate: readFileSync(files.tlsCertPath, 'utf8'),
      privateKey: readFileSync(files.tlsKeyPath, 'utf8'),
    },
  };
  await wallet.put(`${userName}-tls`, tlsIdentity);
  return wallet;
}

/** A connected fabric-network 2.2 Gateway, as a legacy application builds one. */
export async function connectLegacyGateway(
  net: Devnet,
  mspId: string,
  options: { discovery: boolean; orgs?: readonly string[]; channel?: string; userName?: string },
): Promise<Gateway> {
  const userName = options.userName ?? 'User1';
  const wallet = await walletFor(net, mspId, userName);
  const gatewayOptions: GatewayOptions = {
    wallet,
    identity: userName,
    discovery: { enabled: options.discovery, asLocalhost: true },
    ...(net.tls.clientAuthRequired ? { clientTlsIdentity: `${userName}-tls` } : {}),
  };
  const gateway = new Gateway();
  await gateway.connect(
    connectionProfile(net, mspId, options.orgs ?? [mspId], options.channel) as Record<string, unknown>,
    gatewayOptions,
  );
  return gateway;
}
