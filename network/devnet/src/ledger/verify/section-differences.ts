import type { LedgerDb } from '../channel-ledger';
import { prefixEnd } from '../key-layout';

/** One key on which the stored ledger and its replay disagree; a side without the key has no value. */
export interface Difference {
  readonly key: Buffer;
  readonly stored?: Buffer;
  readonly replayed?: Buffer;
}

/** Walks the keys under `prefix` of both ledgers in order, yielding every key whose presence or value differs. */
export async function* sectionDifferences(
  stored: LedgerDb,
  replayed: LedgerDb,
  prefix: Buffer,
): AsyncGenerator<Difference> {
  const range = { gte: prefix, lt: prefixEnd(prefix) };
  const ours = stored.iterator(range);
  const theirs = replayed.iterator(range);
  try {
    let a = await ours.next();
    let b = await theirs.next();
    while (a || b) {
      const order = !a ? 1 : !b ? -1 : Buffer.compare(a[0], b[0]);
      if (order === 0) {
        if (!a![1].equals(b![1])) yield { key: a![0], stored: a![1], replayed: b![1] };
        a = await ours.next();
        b = await theirs.next();
      } else if (order < 0) {
        yield { key: a![0], stored: a![1] };
        a = await ours.next();
      } else {
        yield { key: b![0], replayed: b![1] };
        b = await theirs.next();
      }
    }
  } finally {
    await Promise.all([ours.close(), theirs.close()]);
  }
}

/** Number of keys under `prefix`. */
export async function countKeys(db: LedgerDb, prefix: Buffer): Promise<number> {
  let count = 0;
  for await (const _key of db.keys({ gte: prefix, lt: prefixEnd(prefix) })) count++;
  return count;
}
