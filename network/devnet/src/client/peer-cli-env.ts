import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Devnet } from '../devnet';
import { nodeLayout, orgLayout } from '../identity';
import { localhostEndpoint } from './app-env';

/**
 * The client part of a peer's core.yaml that Fabric's `peer` CLI needs before it reads its CORE_PEER_* variables:
 * the software crypto provider. fabric-samples ships a whole core.yaml in `config/` for this; the CLI only needs
 * these settings to act as a client.
 */
const CLIENT_CORE_YAML = `# Written by the Scenechain dev network: what Fabric's peer CLI needs to act as a client.
peer:
  BCCSP:
    Default: SW
    SW:
      Hash: SHA2
      Security: 256
  client:
    connTimeout: 3s
`;

/** Writes `<data>/config/core.yaml` (the test network's FABRIC_CFG_PATH folder) and returns the folder. */
export function writePeerCliConfig(dataDir: string): string {
  const dir = path.join(dataDir, 'config');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'core.yaml'), CLIENT_CORE_YAML);
  return dir;
}

/**
 * What the test network's `setGlobals` exports for one org, so `peer chaincode query|invoke`, `peer channel
 * getinfo|fetch` and `peer lifecycle chaincode querycommitted` run against this org's peer as its Admin, and
 * `ORDERER_CA`/`ORDERER_ADDRESS`/`ORDERER_HOST_ALIAS` for `-o ... --tls --cafile ... --ordererTLSHostnameOverride`.
 */
export function peerCliEnv(devnet: Devnet, mspId: string, configDir: string): Record<string, string> {
  const org = devnet.org(mspId);
  const layout = orgLayout(devnet.topology, devnet.cryptoDir, mspId);
  const admin = nodeLayout(layout, 'user', 'Admin');
  const orderer = devnet.orderers[0];
  return {
    FABRIC_CFG_PATH: configDir,
    CORE_PEER_TLS_ENABLED: String(devnet.tls.enabled),
    CORE_PEER_LOCALMSPID: mspId,
    CORE_PEER_TLS_ROOTCERT_FILE: org.tlsCaCertPath,
    CORE_PEER_MSPCONFIGPATH: admin.mspDir,
    CORE_PEER_ADDRESS: localhostEndpoint(org.endpoint),
    ...(orderer && {
      ORDERER_CA: orderer.tlsCaCertPath,
      ORDERER_ADDRESS: localhostEndpoint(orderer.endpoint),
      ORDERER_HOST_ALIAS: orderer.hostAlias,
    }),
  };
}
