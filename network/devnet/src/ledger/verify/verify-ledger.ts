import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { common } from '@hyperledger/fabric-protos';
import { ClassicLevel } from 'classic-level';
import { decode } from '../../wire';
import { ChannelLedger, type LedgerDb } from '../channel-ledger';
import { channelSection, KeyLayout, prefixEnd, SECTION } from '../key-layout';
import { PrivateKeyLayout, sha256 } from '../private-key-layout';
import { decodeMeta, decodeState } from '../record-codec';
import { VALID } from '../types';
import { checkBlock, checkOrdererSignatures } from './block-checks';
import { channelMsps, type ChannelMsps } from './channel-config-msps';
import { LedgerProblem } from './ledger-problem';
import { LedgerToolError } from './ledger-tool-error';
import { RecordedDefinitions } from './recorded-definitions';
import { countKeys, sectionDifferences } from './section-differences';
import {
  blockHashProblem,
  blockProblem,
  hashedProblem,
  historyProblem,
  metaProblem,
  stateProblem,
  txIndexProblem,
} from './section-problems';
import { revalidateBlock } from './tx-revalidation';
import { storedChannels, openStoredLedger } from './stored-ledger';

export interface VerifyLedgerOptions {
  /** A dev network data folder (its LevelDB ledger is `<dataDir>/ledger`); the network must be stopped. */
  readonly dataDir: string;
  /** Verify only these channels (default: every channel in the ledger). */
  readonly channels?: readonly string[];
}

/** What verification found in one channel. */
export interface ChannelVerification {
  readonly channel: string;
  /** Blocks checked (all of them when healthy; up to the bad one otherwise). */
  readonly blocks: number;
  readonly transactions: number;
  readonly validTransactions: number;
  /** Keys in world state, history entries, hashed private keys and org plaintext entries (when healthy). */
  readonly stateKeys: number;
  readonly historyEntries: number;
  readonly hashedKeys: number;
  readonly privateEntries: number;
  /** Hashed keys the blocks wrote that the ledger no longer holds: expired by a collection's blockToLive. */
  readonly expiredHashedKeys: number;
  /** The first thing wrong, if any. */
  readonly problem?: {
    readonly message: string;
    readonly block?: number;
    readonly txNum?: number;
    readonly txId?: string;
  };
}

export interface LedgerVerification {
  readonly dataDir: string;
  readonly ok: boolean;
  readonly channels: readonly ChannelVerification[];
}

/**
 * Checks a stopped dev network's ledger offline, channel by channel. Every block is checked (encoding, number,
 * hash chain, data hash, orderer signatures against the orderer orgs' MSPs of the channel configuration in block
 * 0), its transactions are re-validated by the committer's own code against a replay of the earlier blocks (the
 * transactions filter must agree; VALID ones need verifying creator and endorsement signatures), and the replay's
 * commit hash must be the block's. Then world state, history, the txid and block-hash indexes, the channel's top
 * record and the hashed private state must equal the replay's, and every org's private plaintext must hash to
 * the hashed state. Throws LedgerToolError for input that is not a ledger; findings are in the result.
 */
export async function verifyLedger(options: VerifyLedgerOptions): Promise<LedgerVerification> {
  const db = await openStoredLedger(options.dataDir);
  const workDir = await mkdtemp(path.join(tmpdir(), 'scenechain-verify-'));
  const replayDb: LedgerDb = new ClassicLevel<Buffer, Buffer>(path.join(workDir, 'replay'), {
    keyEncoding: 'buffer',
    valueEncoding: 'buffer',
  });
  try {
    const stored = await storedChannels(db);
    if (stored.length === 0)
      throw new LedgerToolError(`the ledger in ${path.resolve(options.dataDir)} holds no channel`);
    const unknown = (options.channels ?? []).filter((name) => !stored.includes(name));
    if (unknown.length > 0) {
      throw new LedgerToolError(`no channel ${unknown.join(', ')} in the ledger; it holds ${stored.join(', ')}`);
    }
    await replayDb.open();
    const channels: ChannelVerification[] = [];
    for (const name of options.channels ?? stored) channels.push(await verifyChannel(db, replayDb, name, workDir));
    return { dataDir: path.resolve(options.dataDir), ok: channels.every((c) => !c.problem), channels };
  } finally {
    await db.close();
    await replayDb.close();
    await rm(workDir, { recursive: true, force: true });
  }
}

interface Counts {
  blocks: number;
  transactions: number;
  validTransactions: number;
  stateKeys: number;
  historyEntries: number;
  hashedKeys: number;
  privateEntries: number;
  expiredHashedKeys: number;
}

async function verifyChannel(
  db: LedgerDb,
  replayDb: LedgerDb,
  name: string,
  workDir: string,
): Promise<ChannelVerification> {
  const counts: Counts = {
    blocks: 0,
    transactions: 0,
    validTransactions: 0,
    stateKeys: 0,
    historyEntries: 0,
    hashedKeys: 0,
    privateEntries: 0,
    expiredHashedKeys: 0,
  };
  try {
    await replayBlocks(db, replayDb, name, workDir, counts);
    await compareSections(db, replayDb, name, counts);
    await checkPlaintext(db, name, counts);
    return { channel: name, ...counts };
  } catch (err) {
    if (!(err instanceof LedgerProblem)) throw err;
    const { message, block, txNum, txId } = err;
    return { channel: name, ...counts, problem: { message, block, txNum, txId } };
  }
}

async function replayBlocks(
  db: LedgerDb,
  replayDb: LedgerDb,
  name: string,
  workDir: string,
  counts: Counts,
): Promise<void> {
  const keys = new KeyLayout(name);
  const metaRecord = await db.get(keys.meta);
  if (!metaRecord) throw new LedgerProblem('the channel has no top record (its height is unknown)');
  let height: number;
  try {
    height = decodeMeta(metaRecord).height;
  } catch (err) {
    throw new LedgerProblem(`the channel's top record is unreadable: ${(err as Error).message}`);
  }
  const replay = await ChannelLedger.open(replayDb, name, { sync: false, stateCacheEntries: 10_000 });
  const definitions = new RecordedDefinitions();
  let msps: ChannelMsps | undefined;
  let previousHash: Uint8Array | undefined;
  for (let number = 0; number < height; number++) {
    const bytes = await db.get(keys.block(number)).catch((err: Error) => {
      throw new LedgerProblem(`unreadable in the block store: ${err.message}`, number);
    });
    if (!bytes) throw new LedgerProblem(`missing from the block store (the channel's height is ${height})`, number);
    const checked = checkBlock(number, bytes, previousHash);
    msps ??= await channelMsps(name, checked.block, workDir);
    checkOrdererSignatures(checked, msps.orderer);
    const txs =
      number === 0
        ? []
        : await revalidateBlock(checked, {
            channelId: name,
            membership: msps.application,
            chaincodes: definitions,
            ledger: replay,
          });
    try {
      await replay.commitBlock(decode(common.Block, bytes), txs);
    } catch (err) {
      throw new LedgerProblem(`cannot be replayed: ${(err as Error).message}`, number);
    }
    const rebuilt = (await replay.getBlock(number))!;
    if (!Buffer.from(rebuilt).equals(bytes)) {
      const commitHash = (block: Uint8Array) =>
        Buffer.from(
          decode(common.Block, block).getMetadata()!.getMetadataList_asU8()[common.BlockMetadataIndex.COMMIT_HASH] ??
            [],
        );
      throw new LedgerProblem(
        commitHash(rebuilt).equals(commitHash(bytes))
          ? 'its metadata is not what committing it gives'
          : 'COMMIT_HASH is not the commit hash of its transactions filter and valid writes',
        number,
      );
    }
    previousHash = checked.headerHash;
    counts.blocks++;
    counts.transactions += checked.envelopes.length;
    if (number > 0) counts.validTransactions += txs.filter((tx) => tx.validationCode === VALID).length;
  }
}

async function compareSections(db: LedgerDb, replayDb: LedgerDb, name: string, counts: Counts): Promise<void> {
  const section = (byte: number) => channelSection(name, byte);
  const first = async (byte: number) => {
    try {
      for await (const difference of sectionDifferences(db, replayDb, section(byte))) return difference;
    } catch (err) {
      throw new LedgerProblem(`the ledger cannot be read: ${(err as Error).message}`);
    }
    return undefined;
  };
  const meta = await first(SECTION.meta);
  if (meta) throw metaProblem(meta);
  const height = decodeMeta((await db.get(new KeyLayout(name).meta))!).height;
  const prefixLength = section(SECTION.block).length;
  const checks: Array<[number, (d: NonNullable<typeof meta>, prefixLength: number) => LedgerProblem]> = [
    [SECTION.block, (d, p) => blockProblem(d, p, height)],
    [SECTION.txid, txIndexProblem],
    [SECTION.blockHash, blockHashProblem],
    [SECTION.state, stateProblem],
    [SECTION.history, historyProblem],
  ];
  for (const [byte, problem] of checks) {
    const difference = await first(byte);
    if (difference) throw problem(difference, prefixLength);
  }
  for await (const difference of sectionDifferences(db, replayDb, section(SECTION.hashedState))) {
    const problem = hashedProblem(difference, prefixLength);
    if (problem) throw problem;
    counts.expiredHashedKeys++;
  }
  counts.stateKeys = await countKeys(db, section(SECTION.state));
  counts.historyEntries = await countKeys(db, section(SECTION.history));
  counts.hashedKeys = await countKeys(db, section(SECTION.hashedState));
}

/** Every org's plaintext (`<msp>\0<ns>\0<coll>\0<key>`) must hash to the hashed state, at the same version. */
async function checkPlaintext(db: LedgerDb, name: string, counts: Counts): Promise<void> {
  const prefix = channelSection(name, SECTION.privateState);
  const layout = new PrivateKeyLayout(name);
  for await (const [entryKey, record] of db.iterator({ gte: prefix, lt: prefixEnd(prefix) })) {
    const parts: string[] = [];
    let offset = prefix.length;
    for (let i = 0; i < 3; i++) {
      const end = entryKey.indexOf(0, offset);
      if (end < 0) throw new LedgerProblem(`malformed private data key ${entryKey.toString('hex')}`);
      parts.push(entryKey.toString('utf8', offset, end));
      offset = end + 1;
    }
    const [mspId, namespace, collection] = parts;
    const key = entryKey.toString('utf8', offset);
    const entry = `private data of ${mspId} ${namespace}/${collection}/${JSON.stringify(key)}`;
    let plain: ReturnType<typeof decodeState>;
    try {
      plain = decodeState(record);
    } catch (err) {
      throw new LedgerProblem(`${entry} is unreadable: ${(err as Error).message}`);
    }
    const hashedRecord = await db.get(layout.hashedState(namespace, collection, sha256(key)));
    const hashed = hashedRecord && decodeState(hashedRecord);
    const same =
      hashed &&
      sha256(plain.value).equals(hashed.value) &&
      hashed.version.blockNum === plain.version.blockNum &&
      hashed.version.txNum === plain.version.txNum;
    if (!same) {
      throw new LedgerProblem(
        `${entry} does not match the hashed private state`,
        plain.version.blockNum,
        plain.version.txNum,
      );
    }
    counts.privateEntries++;
  }
}
