export { LedgerStore, type LedgerStoreOptions } from './ledger-store';
export { ChannelLedger } from './channel-ledger';
export { LedgerError } from './ledger-error';
export {
  VALID,
  type KeyModification,
  type KeyWrite,
  type StateEntry,
  type TxCommit,
  type TxLocation,
  type TxTimestamp,
  type Version,
  type VersionedValue,
} from './types';
