export { LedgerStore, type LedgerStoreOptions } from './ledger-store';
export { ChannelLedger } from './channel-ledger';
export { LedgerError } from './ledger-error';
export { PrivateState, type HashedValue } from './private-state';
export {
  VALID,
  type KeyMetadataWrite,
  type CollectionHashedWrites,
  type HashedMetadataWrite,
  type HashedWrite,
  type OrgPrivateWrites,
  type KeyModification,
  type KeyWrite,
  type StateEntry,
  type TxCommit,
  type TxLocation,
  type TxTimestamp,
  type Version,
  type VersionedValue,
} from './types';
export {
  deserializeStateMetadata,
  metadataOfWrite,
  serializeStateMetadata,
  validationParameterOf,
  VALIDATION_PARAMETER,
} from './state-metadata';
