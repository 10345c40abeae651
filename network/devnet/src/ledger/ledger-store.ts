import { mkdir } from 'node:fs/promises';
import { ClassicLevel } from 'classic-level';
import { ChannelLedger, type LedgerDb } from './channel-ledger';
import { checkChannelName } from './key-layout';

export interface LedgerStoreOptions {
  /** fsync each block batch; default false (a killed process loses nothing, a power cut may lose the tail). */
  readonly sync?: boolean;
  /** Entries of each channel's state cache (bounded LRU, write-through); default 100 000. */
  readonly stateCacheEntries?: number;
}

const DEFAULT_STATE_CACHE_ENTRIES = 100_000;

/** One LevelDB per data folder; channels live side by side under their own key prefix. */
export class LedgerStore {
  readonly #db: LedgerDb;
  readonly #options: Required<LedgerStoreOptions>;
  readonly #channels = new Map<string, Promise<ChannelLedger>>();

  private constructor(db: LedgerDb, options: Required<LedgerStoreOptions>) {
    this.#db = db;
    this.#options = options;
  }

  static async open(dir: string, options: LedgerStoreOptions = {}): Promise<LedgerStore> {
    await mkdir(dir, { recursive: true });
    const db: LedgerDb = new ClassicLevel<Buffer, Buffer>(dir, { keyEncoding: 'buffer', valueEncoding: 'buffer' });
    await db.open();
    return new LedgerStore(db, {
      sync: options.sync ?? false,
      stateCacheEntries: options.stateCacheEntries ?? DEFAULT_STATE_CACHE_ENTRIES,
    });
  }

  /** Deletes the ledger in `dir` (LevelDB files only; the store must be closed). */
  static async reset(dir: string): Promise<void> {
    await ClassicLevel.destroy(dir);
  }

  /** The channel's ledger, created empty (height 0) on first use; one instance per name. */
  channel(name: string): Promise<ChannelLedger> {
    checkChannelName(name);
    let ledger = this.#channels.get(name);
    if (!ledger) {
      ledger = ChannelLedger.open(this.#db, name, {
        sync: this.#options.sync,
        stateCacheEntries: this.#options.stateCacheEntries,
      });
      this.#channels.set(name, ledger);
    }
    return ledger;
  }

  async close(): Promise<void> {
    this.#channels.clear();
    await this.#db.close();
  }
}
