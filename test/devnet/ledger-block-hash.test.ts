import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { common } from '@hyperledger/fabric-protos';
import { expect } from 'chai';
import { ClassicLevel } from 'classic-level';
import { blockHeaderHash, buildBlock, buildGenesisBlock, headerFields } from '../../network/devnet/src/block';
import { LedgerStore, type ChannelLedger } from '../../network/devnet/src/ledger';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest();
const signer = { serialized: Buffer.from('orderer identity'), sign: (message: Uint8Array) => sha256(message) };

async function commitBlocks(ledger: ChannelLedger, count: number): Promise<void> {
  const org = { mspId: 'Org1MSP', rootCertPem: 'ca pem', tlsRootCertPem: 'tls ca pem' };
  await ledger.commitBlock(
    buildGenesisBlock({
      channelName: ledger.name,
      orgs: [org],
      ordererOrg: { ...org, mspId: 'OrdererMSP' },
      ordererAddresses: ['127.0.0.1:7050'],
      batch: { maxMessageCount: 10, absoluteMaxBytes: 1024 * 1024, preferredMaxBytes: 512 * 1024, batchTimeoutMs: 20 },
      timestamp: new Date('2025-01-01T00:00:00Z'),
    }),
    [],
  );
  for (let number = 1; number < count; number++) {
    const txId = `tx-${number}`;
    const block = buildBlock({
      number,
      previousHash: ledger.lastHeaderHash()!,
      envelopes: [Buffer.from(`envelope of ${txId}`)],
      validationCodes: [0],
      lastConfigIndex: 0,
      signer,
    });
    await ledger.commitBlock(block, [
      { txId, txNum: 0, validationCode: 0, timestamp: { seconds: number, nanos: 0 }, writes: [] },
    ]);
  }
}

/** Every block's header hash, from the stored blocks themselves. */
async function headerHashes(ledger: ChannelLedger): Promise<Buffer[]> {
  const hashes: Buffer[] = [];
  for (let number = 0; number < ledger.height(); number++) {
    const block = common.Block.deserializeBinary((await ledger.getBlock(number))!);
    hashes.push(Buffer.from(blockHeaderHash(headerFields(block))));
  }
  return hashes;
}

describe('devnet ledger: block-hash index', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'scenechain-blockhash-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('finds every committed block by its header hash, and nothing for other hashes', async () => {
    const store = await LedgerStore.open(dir);
    try {
      const ledger = await store.channel('mychannel');
      await commitBlocks(ledger, 5);
      const hashes = await headerHashes(ledger);
      expect(Buffer.from(ledger.lastHeaderHash()!).equals(hashes[4])).to.equal(true);
      for (const [number, hash] of hashes.entries()) {
        expect(
          Buffer.from((await ledger.getBlockByHash(hash))!).equals(Buffer.from((await ledger.getBlock(number))!)),
        ).to.equal(true);
      }
      expect(await ledger.getBlockByHash(sha256(Buffer.from('no such block')))).to.equal(undefined);
      expect(await ledger.getBlockByHash(new Uint8Array(0))).to.equal(undefined);
      // Another channel's blocks are not found through this one.
      const other = await store.channel('otherchannel');
      await commitBlocks(other, 1);
      expect(await ledger.getBlockByHash((await headerHashes(other))[0])).to.equal(undefined);
    } finally {
      await store.close();
    }
  });

  it('builds the index when it opens a ledger written before the index existed', async () => {
    let store = await LedgerStore.open(dir);
    let hashes: Buffer[];
    try {
      const ledger = await store.channel('mychannel');
      await commitBlocks(ledger, 4);
      hashes = await headerHashes(ledger);
    } finally {
      await store.close();
    }
    // Remove the index entries (section byte 'k' under the channel prefix), as an older ledger would lack them.
    const db = new ClassicLevel<Buffer, Buffer>(dir, { keyEncoding: 'buffer', valueEncoding: 'buffer' });
    const prefix = Buffer.from('mychannel\u0000k', 'latin1');
    const end = Buffer.from('mychannel\u0000l', 'latin1');
    let removed = 0;
    for await (const key of db.keys({ gte: prefix, lt: end })) {
      await db.del(key);
      removed++;
    }
    await db.close();
    expect(removed).to.equal(4);

    store = await LedgerStore.open(dir);
    try {
      const ledger = await store.channel('mychannel');
      for (const [number, hash] of hashes.entries()) {
        expect(
          Buffer.from((await ledger.getBlockByHash(hash))!).equals(Buffer.from((await ledger.getBlock(number))!)),
        ).to.equal(true);
      }
    } finally {
      await store.close();
    }
  });
});
