export { LedgerStore, type LedgerStoreOptions } from './ledger-store';
export { ChannelLedger } from './channel-ledger';
export { LedgerError } from './ledger-error';
export {
  VALID,
  type KeyMetadataWrite,
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
