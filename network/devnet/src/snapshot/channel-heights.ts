import { KeyLayout } from '../ledger/key-layout';
import { decodeMeta } from '../ledger/record-codec';
import { openStoredLedger, storedChannels } from '../ledger/verify';

/** Each channel's height in a stopped network's ledger (opens and closes it; refuses a ledger in use). */
export async function channelHeights(dataDir: string): Promise<Array<{ name: string; height: number }>> {
  const db = await openStoredLedger(dataDir);
  try {
    const heights: Array<{ name: string; height: number }> = [];
    for (const name of await storedChannels(db)) {
      heights.push({ name, height: decodeMeta(await db.get(new KeyLayout(name).meta)).height });
    }
    return heights;
  } finally {
    await db.close();
  }
}
