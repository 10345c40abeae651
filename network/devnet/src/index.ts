export {
  startDevnet,
  DEFAULT_DATA_DIR,
  DEFAULT_TOPOLOGY_FILE,
  type Devnet,
  type DevnetOptions,
  type OrgEndpoint,
  type PortPicker,
} from './devnet';
export { connectGateway, nodeCryptoSigner, type ClientIdentityFiles, type GatewayConnection } from './client/connect';
export { loadTopology, validateTopology, TopologyError, type LoadedTopology } from './topology/load';
export type * from './topology/schema';
export type { IdentityFiles } from './identity';
