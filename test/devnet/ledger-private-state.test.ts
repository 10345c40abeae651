import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { common, ledger as protos } from '@hyperledger/fabric-protos';
import { expect } from 'chai';
import { buildGenesisBlock } from '../../network/devnet/src/block';
import {
  LedgerStore,
  type ChannelLedger,
  type CollectionHashedWrites,
  type OrgPrivateWrites,
  type TxCommit,
} from '../../network/devnet/src/ledger';
import { commitTxs } from '../support/ledger-blocks';

const sha256 = (data: string | Uint8Array): Buffer => createHash('sha256').update(data).digest();
const NS = 'cc';
const MEMBERS = ['Org1MSP', 'Org2MSP'];

/** One private write: `value` undefined deletes; `purge` purges. */
interface Write {
  key: string;
  value?: string;
  purge?: boolean;
}

interface TxSpec {
  collection?: string;
  blockToLive?: number;
  writes: Write[];
  /** Member orgs that get the plaintext (default both). */
  members?: string[];
}

function kvBytes(writes: Write[]): Uint8Array {
  const kv = new protos.rwset.kvrwset.KVRWSet();
  kv.setWritesList(
    writes.map((write) => {
      const kvWrite = new protos.rwset.kvrwset.KVWrite();
      kvWrite.setKey(write.key);
      kvWrite.setIsDelete(write.value === undefined);
      if (write.value !== undefined) kvWrite.setValue(Buffer.from(write.value));
      return kvWrite;
    }),
  );
  return kv.serializeBinary();
}

/** Commits the next block with one transaction per spec, as the committer hands private data to the ledger. */
async function commitNext(channel: ChannelLedger, specs: TxSpec[]): Promise<common.Block> {
  const number = channel.height();
  const txs: TxCommit[] = specs.map((spec, txNum) => {
    const collection = spec.collection ?? 'coll';
    const blockToLive = spec.blockToLive ?? 0;
    const hashed: CollectionHashedWrites = {
      namespace: NS,
      collection,
      blockToLive,
      writes: spec.writes.map((write) => ({
        keyHash: sha256(write.key),
        ...(write.value !== undefined ? { valueHash: sha256(write.value) } : {}),
        isDelete: write.value === undefined,
        isPurge: write.purge ?? false,
      })),
    };
    const rwset = kvBytes(spec.writes);
    const privateWrites: OrgPrivateWrites[] = (spec.members ?? MEMBERS).map((mspId) => ({
      mspId,
      namespace: NS,
      collection,
      blockToLive,
      rwset,
    }));
    return {
      txId: `tx-${number}-${txNum}`,
      txNum,
      validationCode: 0,
      timestamp: { seconds: 1_700_000_000, nanos: 0 },
      writes: [],
      hashedWrites: [hashed],
      privateWrites,
    };
  });
  return commitTxs(channel, txs);
}

function genesis(): common.Block {
  const org = { mspId: 'Org1MSP', rootCertPem: 'ca pem', tlsRootCertPem: 'tls ca pem' };
  return buildGenesisBlock({
    channelName: 'mychannel',
    orgs: [org],
    ordererOrg: { ...org, mspId: 'OrdererMSP' },
    ordererAddresses: ['127.0.0.1:7050'],
    batch: { maxMessageCount: 10, absoluteMaxBytes: 1024 * 1024, preferredMaxBytes: 512 * 1024, batchTimeoutMs: 20 },
    timestamp: new Date('2025-01-01T00:00:00Z'),
  });
}

describe('ledger: private data (hashed state, per-org stores, expiry, purge)', () => {
  let dir: string;
  let store: LedgerStore;
  let channel: ChannelLedger;

  const plain = async (mspId: string, key: string, collection = 'coll'): Promise<string | undefined> => {
    const entry = await channel.privateState.getPrivate(mspId, NS, collection, key);
    return entry && Buffer.from(entry.value).toString('utf8');
  };
  const hashedVersion = async (key: string, collection = 'coll') =>
    (await channel.privateState.getHashed(NS, collection, sha256(key)))?.version;
  /** Keys (and values) of an org's stored write set of one transaction. */
  const stored = async (mspId: string, blockNum: number, txNum = 0): Promise<string[] | undefined> => {
    const tx = (await channel.privateState.blockPrivateData(mspId, blockNum)).get(txNum);
    if (!tx) return undefined;
    return tx.getNsPvtRwsetList().flatMap((ns) =>
      ns.getCollectionPvtRwsetList().flatMap((coll) =>
        protos.rwset.kvrwset.KVRWSet.deserializeBinary(coll.getRwset_asU8())
          .getWritesList()
          .map((write) => `${write.getKey()}=${Buffer.from(write.getValue_asU8()).toString('utf8')}`),
      ),
    );
  };

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'scenechain-private-ledger-'));
    store = await LedgerStore.open(dir);
    channel = await store.channel('mychannel');
    await channel.commitBlock(genesis(), []);
  });

  afterEach(async () => {
    await store.close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  it("keeps each org's plaintext apart, in key order, with the write sets by block", async () => {
    await commitNext(channel, [
      {
        writes: [
          { key: 'b', value: 'B' },
          { key: 'a', value: 'A' },
        ],
        members: ['Org1MSP'],
      },
    ]);
    expect(await plain('Org1MSP', 'a')).to.equal('A');
    expect(await plain('Org2MSP', 'a')).to.equal(undefined);
    expect(await hashedVersion('a')).to.deep.equal({ blockNum: 1, txNum: 0 });
    const keys: string[] = [];
    for await (const entry of channel.privateState.privateRange('Org1MSP', NS, 'coll', '', '')) keys.push(entry.key);
    expect(keys).to.deep.equal(['a', 'b']);
    expect(await stored('Org1MSP', 1)).to.deep.equal(['b=B', 'a=A']);
    expect(await stored('Org2MSP', 1)).to.equal(undefined);
  });

  it('puts hashed writes into the commit hash', async () => {
    const other = await LedgerStore.open(`${dir}-other`);
    try {
      const second = await other.channel('mychannel');
      await second.commitBlock(genesis(), []);
      const a = await commitNext(channel, [{ writes: [{ key: 'k', value: 'one' }] }]);
      const b = await commitNext(second, [{ writes: [{ key: 'k', value: 'two' }] }]);
      const hashOf = (block: common.Block) =>
        Buffer.from(block.getMetadata()!.getMetadataList_asU8()[common.BlockMetadataIndex.COMMIT_HASH]).toString('hex');
      expect(hashOf(a)).to.not.equal(hashOf(b));
    } finally {
      await other.close();
      await rm(`${dir}-other`, { recursive: true, force: true });
    }
  });

  it('expires after blockToLive blocks, but not a key written again since', async () => {
    await commitNext(channel, [
      {
        blockToLive: 2,
        writes: [
          { key: 'old', value: '1' },
          { key: 'kept', value: '1' },
        ],
      },
    ]);
    await commitNext(channel, [{ blockToLive: 2, writes: [{ key: 'kept', value: '2' }] }]);
    await commitNext(channel, [{ collection: 'other', writes: [{ key: 'x', value: 'x' }] }]);
    expect(await plain('Org1MSP', 'old')).to.equal('1');
    await commitNext(channel, [{ collection: 'other', writes: [{ key: 'y', value: 'y' }] }]); // block 4 = 1 + 2 + 1
    expect(await plain('Org1MSP', 'old')).to.equal(undefined);
    expect(await hashedVersion('old')).to.equal(undefined);
    expect(await stored('Org2MSP', 1)).to.equal(undefined);
    expect(await plain('Org2MSP', 'kept')).to.equal('2');
    expect(await hashedVersion('kept')).to.deep.equal({ blockNum: 2, txNum: 0 });
    await commitNext(channel, [{ collection: 'other', writes: [{ key: 'z', value: 'z' }] }]); // block 5
    expect(await plain('Org2MSP', 'kept')).to.equal(undefined);
    expect(await stored('Org1MSP', 2)).to.equal(undefined);
    expect(await plain('Org1MSP', 'x', 'other')).to.equal('x'); // blockToLive 0 never expires
  });

  it('expires what was scheduled before a reopen', async () => {
    await commitNext(channel, [{ blockToLive: 1, writes: [{ key: 'brief', value: '1' }] }]);
    await store.close();
    store = await LedgerStore.open(dir);
    channel = await store.channel('mychannel');
    await commitNext(channel, [{ collection: 'other', writes: [{ key: 'x', value: 'x' }] }]);
    expect(await plain('Org1MSP', 'brief')).to.equal('1');
    await commitNext(channel, [{ collection: 'other', writes: [{ key: 'y', value: 'y' }] }]); // block 3 = 1 + 1 + 1
    expect(await plain('Org1MSP', 'brief')).to.equal(undefined);
    expect(await hashedVersion('brief')).to.equal(undefined);
    expect(await stored('Org2MSP', 1)).to.equal(undefined);
  });

  it('purges every earlier version of a key, in earlier blocks and in the same block, and keeps later writes', async () => {
    await commitNext(channel, [
      {
        writes: [
          { key: 'p', value: 'v1' },
          { key: 'q', value: 'q1' },
        ],
      },
    ]);
    await commitNext(channel, [
      { writes: [{ key: 'p', value: 'v2' }] },
      { writes: [{ key: 'p', purge: true }] },
      { writes: [{ key: 'p', value: 'v3' }] },
    ]);
    expect(await stored('Org1MSP', 1)).to.deep.equal(['q=q1']);
    expect(await stored('Org1MSP', 2, 0)).to.equal(undefined);
    expect(await stored('Org1MSP', 2, 1)).to.equal(undefined);
    expect(await stored('Org2MSP', 2, 2)).to.deep.equal(['p=v3']);
    expect(await plain('Org2MSP', 'p')).to.equal('v3');
    expect(await hashedVersion('p')).to.deep.equal({ blockNum: 2, txNum: 2 });

    await commitNext(channel, [{ writes: [{ key: 'p', purge: true }] }]);
    expect(await plain('Org1MSP', 'p')).to.equal(undefined);
    expect(await hashedVersion('p')).to.equal(undefined);
    expect(await stored('Org1MSP', 2, 2)).to.equal(undefined);
    expect(await plain('Org1MSP', 'q')).to.equal('q1');
  });

  it('keeps private data across a reopen', async () => {
    await commitNext(channel, [{ writes: [{ key: 'durable', value: 'yes' }] }]);
    await store.close();
    store = await LedgerStore.open(dir);
    channel = await store.channel('mychannel');
    expect(await plain('Org2MSP', 'durable')).to.equal('yes');
    expect(await stored('Org1MSP', 1)).to.deep.equal(['durable=yes']);
  });
});
