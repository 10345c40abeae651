/** The first thing found wrong in a channel's ledger, with the block and transaction it is in when it has one. */
export class LedgerProblem extends Error {
  override readonly name = 'LedgerProblem';

  constructor(
    readonly detail: string,
    readonly block?: number,
    readonly txNum?: number,
    readonly txId?: string,
  ) {
    const where = [
      block === undefined ? undefined : `block ${block}`,
      txNum === undefined ? undefined : `tx ${txNum}${txId ? ` (${txId})` : ''}`,
    ].filter((part) => part !== undefined);
    super(where.length > 0 ? `${where.join(' ')}: ${detail}` : detail);
  }
}
