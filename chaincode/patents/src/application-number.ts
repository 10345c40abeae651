import { createHash } from 'node:crypto';

/** Hex digits of the hash in a number: 64 bits keep a spurious clash below 3 in 10^8 at a million filings. */
export const APPLICATION_NUMBER_DIGITS = 16;

/**
 * An application number derived from the transaction: `PA<year>-<16 hex digits>`. Every endorser derives the
 * same number (same transaction ID, same position in the call, same attempt), and no shared counter is needed,
 * so filings never conflict with each other under MVCC. `attempt` > 0 derives the next candidate when an
 * earlier one is taken (see `allocateApplicationNumber` in the file flow).
 */
export function applicationNumber(txId: string, position: number, filedAtIso: string, attempt = 0): string {
  const seed = attempt === 0 ? `${txId}:${position}` : `${txId}:${position}:${attempt}`;
  const digest = createHash('sha256').update(seed).digest('hex');
  return `PA${filedAtIso.slice(0, 4)}-${digest.slice(0, APPLICATION_NUMBER_DIGITS).toUpperCase()}`;
}
