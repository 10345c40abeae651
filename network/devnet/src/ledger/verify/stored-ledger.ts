import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ClassicLevel } from 'classic-level';
import type { LedgerDb } from '../channel-ledger';
import { LedgerToolError } from './ledger-tool-error';

/** Where a dev network data folder keeps its LevelDB ledger. */
export function ledgerDirOf(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'ledger');
}

/**
 * Opens the ledger of a stopped dev network for the ledger tools: never creates one, and refuses a ledger that a
 * running network holds (LevelDB allows one process at a time). LevelDB has no read-only mode: the tools only
 * read, but opening lets LevelDB recover its log as the network's own next start would (a log record whose
 * checksum fails is dropped then, so its block shows up as missing).
 */
export async function openStoredLedger(dataDir: string): Promise<LedgerDb> {
  const dir = path.resolve(dataDir);
  const info = await stat(dir).catch(() => undefined);
  if (!info) throw new LedgerToolError(`data folder ${dir} does not exist`);
  if (!info.isDirectory()) throw new LedgerToolError(`data folder ${dir} is not a folder`);
  const ledgerDir = ledgerDirOf(dir);
  if (!(await stat(path.join(ledgerDir, 'CURRENT')).catch(() => undefined))) {
    throw new LedgerToolError(`${dir} holds no dev network ledger (no LevelDB in ${ledgerDir})`);
  }
  const db: LedgerDb = new ClassicLevel<Buffer, Buffer>(ledgerDir, {
    keyEncoding: 'buffer',
    valueEncoding: 'buffer',
    createIfMissing: false,
  });
  try {
    await db.open();
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code === 'LEVEL_LOCKED') {
      throw new LedgerToolError(`the ledger in ${dir} is in use by a running network: stop it first`);
    }
    throw new LedgerToolError(`${ledgerDir} is not a readable LevelDB ledger: ${cause?.message ?? String(err)}`);
  }
  return db;
}

/**
 * Names of the channels with anything in the ledger: every key starts with `<channel>\0`, so one seek per channel
 * finds them all.
 */
export async function storedChannels(db: LedgerDb): Promise<string[]> {
  const names: string[] = [];
  let from = Buffer.alloc(0);
  for (;;) {
    const [first] = await db.keys({ gte: from, limit: 1 }).all();
    if (!first) return names;
    const end = first.indexOf(0);
    if (end <= 0) throw new LedgerToolError(`the ledger holds a key outside any channel (${first.toString('hex')})`);
    names.push(first.toString('utf8', 0, end));
    from = Buffer.concat([first.subarray(0, end), Buffer.of(1)]);
  }
}
