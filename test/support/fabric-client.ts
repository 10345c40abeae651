import { readFileSync } from 'node:fs';
import type { Contract } from '@hyperledger/fabric-gateway';
import { connectGateway, type Devnet, type GatewayConnection, type TlsClientCertificate } from '@scenechain/devnet';

export interface TestClient extends GatewayConnection {
  contract(channel: string, chaincode: string): Contract;
}

/** The user's TLS client certificate when the network requires one (mutual TLS), else undefined. */
export function tlsClientOf(net: Devnet, mspId: string, userName = 'User1'): TlsClientCertificate | undefined {
  if (!net.tls.clientAuthRequired) return undefined;
  const files = net.identity(mspId, userName);
  return { certPem: readFileSync(files.tlsCertPath, 'utf8'), keyPem: readFileSync(files.tlsKeyPath, 'utf8') };
}

/**
 * The real fabric-gateway client connected to an org's peer of a dev network as one of its users, over TLS
 * with the peer's org TLS CA and host name as applications do (plaintext when the network serves plaintext).
 */
export function connectClient(net: Devnet, mspId: string, userName = 'User1', peerMspId = mspId): TestClient {
  const connection = connectGateway(net.org(peerMspId), net.identity(mspId, userName), {
    tlsClient: tlsClientOf(net, mspId, userName),
  });
  return {
    ...connection,
    contract: (channel, chaincode) => connection.gateway.getNetwork(channel).getContract(chaincode),
  };
}
