export {
  verifyLedger,
  type ChannelVerification,
  type LedgerVerification,
  type VerifyLedgerOptions,
} from './verify-ledger';
export { formatVerification } from './verification-text';
export { LedgerToolError } from './ledger-tool-error';
export { ledgerDirOf, openStoredLedger, storedChannels } from './stored-ledger';
