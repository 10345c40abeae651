import type { Contract } from '@hyperledger/fabric-gateway';
import { connectGateway, type Devnet, type GatewayConnection } from '@scenechain/devnet';

export interface TestClient extends GatewayConnection {
  contract(channel: string, chaincode: string): Contract;
}

/** The real fabric-gateway client connected to an org's peer of a dev network as one of its users. */
export function connectClient(net: Devnet, mspId: string, userName = 'User1', peerMspId = mspId): TestClient {
  const connection = connectGateway(net.endpoint(peerMspId), net.identity(mspId, userName));
  return {
    ...connection,
    contract: (channel, chaincode) => connection.gateway.getNetwork(channel).getContract(chaincode),
  };
}
