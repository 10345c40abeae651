export { blockHeaderBytes, blockHeaderHash, type BlockHeaderFields } from './header-hash';
export { blockDataHash } from './data-hash';
export type { BlockSigner } from './signer';
export { buildBlock, headerFields, METADATA_ENTRIES, type BlockContents, type BuildBlockInput } from './build-block';
export { buildGenesisBlock, type GenesisBlockInput } from './genesis-block';
export {
  channelGroup,
  type BatchConfig,
  type ChannelConfigInput,
  type ConsensusConfig,
  type EtcdRaftConsenter,
} from './config/channel-group';
export type { OrgMsp } from './config/msp-value';
export { transactionsFilter } from './transactions-filter';
export { commitHashMetadata, computeCommitHash, stateUpdatesBytes, type StateUpdate } from './commit-hash';
