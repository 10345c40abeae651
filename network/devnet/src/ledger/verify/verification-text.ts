import type { LedgerVerification } from './verify-ledger';

/** The verdict as `scenechain-devnet verify` prints it: one line per channel, the first problem of a bad one. */
export function formatVerification(result: LedgerVerification, ms: number): string {
  const lines = [`ledger ${result.dataDir}: ${result.ok ? 'OK' : 'DAMAGED'} (${ms.toFixed(0)} ms)`];
  for (const c of result.channels) {
    const counts =
      `${c.blocks} blocks, ${c.transactions} transactions (${c.validTransactions} valid), ` +
      `${c.stateKeys} state keys, ${c.historyEntries} history entries, ${c.hashedKeys} hashed private keys, ` +
      `${c.privateEntries} private entries`;
    if (c.problem) {
      lines.push(`  channel ${c.channel}: ${c.problem.message}`);
      lines.push(`    (checked before it: ${c.blocks} blocks, ${c.transactions} transactions)`);
    } else {
      const expired = c.expiredHashedKeys > 0 ? `; ${c.expiredHashedKeys} hashed keys expired (blockToLive)` : '';
      lines.push(`  channel ${c.channel}: ok: ${counts}${expired}`);
    }
  }
  return lines.join('\n');
}
