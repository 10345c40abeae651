import type { Logger } from 'pino';
import { clearReadModel, type ReadModelDatabase } from './read-model-database';

/** What the read model held before it was bound to the ledger the app now reads. */
export type LedgerBindingOutcome =
  | 'same-ledger'
  /** Nothing projected yet: bound as it is. */
  | 'bound'
  /** Built before bindings were kept, so of an unknown ledger: emptied to be built again. */
  | 'rebuilt-unbound'
  /** Built from another ledger (block 0 differs): emptied to be built again. */
  | 'rebuilt-other-ledger';

/**
 * The read model remembers the channel's genesis block hash beside its checkpoints: a read model built from
 * one ledger and its checkpoints mean nothing on another (a new network under the same channel name), where
 * they would leave the old records on show and skip the new ledger's first blocks.
 */
export class LedgerBinding {
  private readonly select;
  private readonly upsert;

  constructor(
    private readonly db: ReadModelDatabase,
    private readonly channel: string,
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS ledger_binding (
      channel TEXT PRIMARY KEY,
      genesis_hash TEXT NOT NULL,
      bound_at TEXT NOT NULL
    )`);
    this.select = db.prepare<[string], { genesis_hash: string }>(
      'SELECT genesis_hash FROM ledger_binding WHERE channel = ?',
    );
    this.upsert = db.prepare(`INSERT INTO ledger_binding (channel, genesis_hash, bound_at) VALUES (?, ?, ?)
      ON CONFLICT (channel) DO UPDATE SET genesis_hash = excluded.genesis_hash, bound_at = excluded.bound_at`);
  }

  /** The genesis block hash of the ledger the read model was built from, if it is bound. */
  get genesisHash(): string | undefined {
    return this.select.get(this.channel)?.genesis_hash;
  }

  /**
   * Binds the read model to the ledger whose block 0 hashes to `genesisHash`, emptying it (events, records,
   * checkpoints, in one SQLite transaction) when it was built from another or an unknown ledger, so that the
   * listeners, started after this, replay the ledger from block 0. Call it while no listener runs.
   */
  bind(genesisHash: string, logger: Logger): LedgerBindingOutcome {
    const previous = this.genesisHash;
    if (previous === genesisHash) return 'same-ledger';
    const projected = this.db.prepare('SELECT 1 FROM checkpoints UNION ALL SELECT 1 FROM events LIMIT 1').get();
    const outcome: LedgerBindingOutcome =
      previous !== undefined ? 'rebuilt-other-ledger' : projected ? 'rebuilt-unbound' : 'bound';
    this.db.transaction(() => {
      if (outcome !== 'bound') clearReadModel(this.db);
      this.upsert.run(this.channel, genesisHash, new Date().toISOString());
    })();
    if (outcome === 'rebuilt-other-ledger')
      logger.warn(
        { channel: this.channel, previousGenesis: previous, genesis: genesisHash },
        `channel ${this.channel} is a different ledger from the one the read model was built from (its block 0 differs): read model emptied, rebuilding from block 0`,
      );
    else if (outcome === 'rebuilt-unbound')
      logger.info(
        { channel: this.channel, genesis: genesisHash },
        'the read model does not say which ledger it was built from: rebuilding it from block 0',
      );
    return outcome;
  }
}
