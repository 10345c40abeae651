import { createHash } from 'node:crypto';

/**
 * An application number derived from the transaction: `PA<year>-<10 hex digits>`. Every endorser derives the
 * same number (same transaction ID, same position in the call), and no shared counter is needed, so filings
 * never conflict with each other under MVCC.
 */
export function applicationNumber(txId: string, position: number, filedAtIso: string): string {
  const digest = createHash('sha256').update(`${txId}:${position}`).digest('hex');
  return `PA${filedAtIso.slice(0, 4)}-${digest.slice(0, 10).toUpperCase()}`;
}
