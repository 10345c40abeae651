export {
  startDevnet,
  DEFAULT_DATA_DIR,
  DEFAULT_TOPOLOGY_FILE,
  type CaEndpoint,
  type Devnet,
  type DevnetOptions,
  type OrgEndpoint,
  type PortPicker,
} from './devnet';
export {
  connectGateway,
  nodeCryptoSigner,
  peerGrpcClient,
  type ClientIdentityFiles,
  type ConnectGatewayOptions,
  type GatewayConnection,
  type PeerClientOptions,
  type PeerTarget,
  type TlsClientCertificate,
} from './client/connect';
export { loadTopology, validateTopology, TopologyError, type LoadedTopology } from './topology/load';
export type * from './topology/schema';
export { shiftPorts, parsePortOffset } from './topology/port-offset';
export { findExample, exampleNames, type DevnetExample } from './topology/examples';
export { parseChaincodeFlag, withChaincodes, type ChaincodeFlag } from './topology/chaincode-flag';
export type { IdentityFiles } from './identity';
export {
  verifyLedger,
  formatVerification,
  LedgerToolError,
  type ChannelVerification,
  type LedgerVerification,
  type VerifyLedgerOptions,
} from './ledger/verify';
export {
  writeSnapshot,
  restoreSnapshot,
  type RestoreSnapshotOptions,
  type SnapshotManifest,
  type SnapshotWritten,
  type WriteSnapshotOptions,
} from './snapshot';
export type { OrdererEndpoint } from './assembly/orderer-nodes';
export type { ConnectionProfileFiles } from './client/connection-profile-files';
