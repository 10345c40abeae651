/** A commit the ledger refuses (wrong height, broken hash chain, inconsistent transactions) or misuse. */
export class LedgerError extends Error {
  override readonly name = 'LedgerError';
}
