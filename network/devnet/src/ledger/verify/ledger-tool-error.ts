/** Input a ledger tool cannot work on (no such folder, not a ledger, a ledger in use, a bad snapshot file). */
export class LedgerToolError extends Error {
  override readonly name = 'LedgerToolError';
}
