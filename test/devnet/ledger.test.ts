import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { common } from '@hyperledger/fabric-protos';
import { expect } from 'chai';
import { blockHeaderHash, buildBlock, buildGenesisBlock, headerFields } from '../../network/devnet/src/block';
import {
  LedgerError,
  LedgerStore,
  type ChannelLedger,
  type KeyWrite,
  type StateEntry,
  type TxCommit,
} from '../../network/devnet/src/ledger';
import { RecentTxLocations } from '../../network/devnet/src/ledger/recent-tx-locations';
import { StateCache } from '../../network/devnet/src/ledger/state-cache';
import { commitTxs } from '../support/ledger-blocks';

const MVCC_READ_CONFLICT = 11;
const DUPLICATE_TXID = 9;
const hex = (bytes: Uint8Array | undefined) => (bytes ? Buffer.from(bytes).toString('hex') : undefined);
const utf8 = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');
const sha256 = (...parts: Uint8Array[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const signer = { serialized: Buffer.from('orderer identity'), sign: (message: Uint8Array) => sha256(message) };

const put = (namespace: string, key: string, value: string): KeyWrite => ({
  namespace,
  key,
  isDelete: false,
  value: Buffer.from(value),
});
const del = (namespace: string, key: string): KeyWrite => ({ namespace, key, isDelete: true });

interface TxSpec {
  txId: string;
  code?: number;
  writes?: KeyWrite[];
}

/** Builds the next block of `ledger` from transaction specs, as the committer would, and commits it. */
async function commitNext(ledger: ChannelLedger, specs: TxSpec[]): Promise<common.Block> {
  const number = ledger.height();
  const txs: TxCommit[] = specs.map((spec, txNum) => ({
    txId: spec.txId,
    txNum,
    validationCode: spec.code ?? 0,
    timestamp: { seconds: 1_700_000_000 + number, nanos: txNum },
    writes: spec.writes ?? [],
  }));
  return commitTxs(ledger, txs, (tx) => Buffer.from(`envelope of ${tx.txId}`));
}

function genesis(channelName = 'mychannel'): common.Block {
  const org = { mspId: 'Org1MSP', rootCertPem: 'ca pem', tlsRootCertPem: 'tls ca pem' };
  return buildGenesisBlock({
    channelName,
    orgs: [org],
    ordererOrg: { ...org, mspId: 'OrdererMSP' },
    ordererAddresses: ['127.0.0.1:7050'],
    batch: { maxMessageCount: 10, absoluteMaxBytes: 1024 * 1024, preferredMaxBytes: 512 * 1024, batchTimeoutMs: 20 },
    timestamp: new Date('2025-01-01T00:00:00Z'),
  });
}

async function collect(scan: AsyncIterable<StateEntry>): Promise<string[]> {
  const keys: string[] = [];
  for await (const entry of scan) keys.push(entry.key);
  return keys;
}

async function text(ledger: ChannelLedger, namespace: string, key: string): Promise<string | undefined> {
  const state = await ledger.getState(namespace, key);
  return state && utf8(state.value);
}

function storedBlock(bytes: Uint8Array | undefined): common.Block {
  expect(bytes, 'stored block').to.not.equal(undefined);
  return common.Block.deserializeBinary(bytes!);
}

function commitHashOf(block: common.Block): string | undefined {
  const entry = block.getMetadata()!.getMetadataList_asU8()[common.BlockMetadataIndex.COMMIT_HASH];
  return entry.length === 0 ? undefined : hex(common.Metadata.deserializeBinary(entry).getValue_asU8());
}

describe('ledger', () => {
  let dir: string;
  let store: LedgerStore;
  let ledger: ChannelLedger;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'scenechain-ledger-'));
    store = await LedgerStore.open(dir);
    ledger = await store.channel('mychannel');
  });

  afterEach(async () => {
    await store.close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  async function reopen(): Promise<void> {
    await store.close();
    store = await LedgerStore.open(dir);
    ledger = await store.channel('mychannel');
  }

  describe('blocks', () => {
    it('starts empty and commits the genesis block, indexing its config transaction from the envelope', async () => {
      expect(ledger.height()).to.equal(0);
      expect(ledger.lastHeaderHash()).to.equal(undefined);
      expect(await ledger.getBlock(0)).to.equal(undefined);
      const block = genesis();
      await ledger.commitBlock(block, []);
      expect(ledger.height()).to.equal(1);
      expect(hex(ledger.lastHeaderHash())).to.equal(hex(blockHeaderHash(headerFields(block))));
      const stored = storedBlock(await ledger.getBlock(0));
      expect(hex(stored.serializeBinary())).to.equal(hex(block.serializeBinary()));
      expect(commitHashOf(stored)).to.equal(undefined); // Fabric starts the commit hash chain at block 1
      const payload = common.Payload.deserializeBinary(
        common.Envelope.deserializeBinary(stored.getData()!.getDataList_asU8()[0]).getPayload_asU8(),
      );
      const txId = common.ChannelHeader.deserializeBinary(payload.getHeader()!.getChannelHeader_asU8()).getTxId();
      expect(await ledger.getTx(txId)).to.deep.equal({ blockNum: 0, txNum: 0, validationCode: 0 });
    });

    it('stores each block as committed, with its transactions filter and commit hash chain', async () => {
      await ledger.commitBlock(genesis(), []);
      await commitNext(ledger, [{ txId: 't1', writes: [put('cc', 'k', 'v')] }]);
      await commitNext(ledger, [
        { txId: 't2', writes: [del('cc', 'k')] },
        { txId: 't3', code: MVCC_READ_CONFLICT },
      ]);

      const block1 = storedBlock(await ledger.getBlock(1));
      // Independently encoded txmgr.Updates{KVWrite{ns "cc", key "k", value "v", version (1,0)}}.
      const updates1 = Buffer.from('0a0f' + '0a026363' + '1a016b' + '2a0176' + '3203010100', 'hex');
      const hash1 = sha256(Buffer.of(1), Buffer.of(0), updates1);
      expect(commitHashOf(block1)).to.equal(hex(hash1));

      const block2 = storedBlock(await ledger.getBlock(2));
      expect([
        ...block2.getMetadata()!.getMetadataList_asU8()[common.BlockMetadataIndex.TRANSACTIONS_FILTER],
      ]).to.deep.equal([0, MVCC_READ_CONFLICT]);
      // KVWrite{ns "cc", key "k", isDelete, version (2,0)}
      const updates2 = Buffer.from('0a0e' + '0a026363' + '1a016b' + '2001' + '3203010200', 'hex');
      expect(commitHashOf(block2)).to.equal(
        hex(sha256(Buffer.of(2), Buffer.of(0, MVCC_READ_CONFLICT), updates2, hash1)),
      );
      expect(hex(block2.getHeader()!.getPreviousHash_asU8())).to.equal(hex(blockHeaderHash(headerFields(block1))));
      expect(await ledger.getBlock(3)).to.equal(undefined);
      expect(await ledger.getBlock(-1)).to.equal(undefined);
    });

    it('refuses blocks out of order, off the hash chain, committed concurrently or disagreeing with the filter', async () => {
      await ledger.commitBlock(genesis(), []);
      const block1 = buildBlock({
        number: 1,
        previousHash: ledger.lastHeaderHash()!,
        envelopes: [Buffer.from('e')],
        validationCodes: [0],
        lastConfigIndex: 0,
        signer,
      });
      const tx: TxCommit = {
        txId: 'a',
        txNum: 0,
        validationCode: 0,
        timestamp: { seconds: 1, nanos: 0 },
        writes: [put('cc', 'k', 'v')],
      };

      const skipping = buildBlock({
        number: 2,
        previousHash: ledger.lastHeaderHash()!,
        envelopes: [],
        validationCodes: [],
        lastConfigIndex: 0,
        signer,
      });
      await expectLedgerError(ledger.commitBlock(skipping, []), /expected block 1, got 2/);
      const forked = buildBlock({
        number: 1,
        previousHash: sha256(Buffer.from('other')),
        envelopes: [],
        validationCodes: [],
        lastConfigIndex: 0,
        signer,
      });
      await expectLedgerError(ledger.commitBlock(forked, []), /previous_hash/);
      await expectLedgerError(ledger.commitBlock(block1, [{ ...tx, validationCode: MVCC_READ_CONFLICT }]), /disagrees/);
      await expectLedgerError(ledger.commitBlock(block1, [{ ...tx, txNum: 1 }]), /txNum 1/);

      const first = ledger.commitBlock(block1, [tx]);
      await expectLedgerError(ledger.commitBlock(block1, [tx]), /another block is being committed/);
      await first;
      expect(ledger.height()).to.equal(2);
      await expectLedgerError(ledger.commitBlock(block1, [tx]), /expected block 2, got 1/);
    });

    it('leaves the previous top and state untouched when a commit is refused', async () => {
      await ledger.commitBlock(genesis(), []);
      await commitNext(ledger, [{ txId: 'a', writes: [put('cc', 'k', 'old')] }]);
      const top = hex(ledger.lastHeaderHash());
      await expectLedgerError(
        commitNext(ledger, [{ txId: 'b', writes: [put('cc\0x', 'k', 'new')] }]),
        undefined,
        TypeError,
      );
      await expectLedgerError(
        commitNext(ledger, [{ txId: 'c', writes: [put('cc', 'k', 'new'), put('cc', 'bad\uD800', 'x')] }]),
        undefined,
        TypeError,
      );
      expect(ledger.height()).to.equal(2);
      expect(hex(ledger.lastHeaderHash())).to.equal(top);
      expect(await text(ledger, 'cc', 'k')).to.equal('old');
      expect(await ledger.getTx('c')).to.equal(undefined);
      await reopen();
      expect(await text(ledger, 'cc', 'k')).to.equal('old');
      expect(ledger.height()).to.equal(2);
    });
  });

  describe('state', () => {
    beforeEach(async () => {
      await ledger.commitBlock(genesis(), []);
    });

    it('versions each value with the height of the transaction that wrote it; the last write in a block wins', async () => {
      await commitNext(ledger, [
        { txId: 'a', writes: [put('cc', 'x', 'one'), put('cc', 'y', 'why')] },
        { txId: 'b', writes: [put('cc', 'x', 'two')] },
      ]);
      expect(await ledger.getState('cc', 'x')).to.deep.include({ version: { blockNum: 1, txNum: 1 } });
      expect(await text(ledger, 'cc', 'x')).to.equal('two');
      expect(await ledger.getStateVersion('cc', 'y')).to.deep.equal({ blockNum: 1, txNum: 0 });
      expect(await ledger.getStateVersion('cc', 'missing')).to.equal(undefined);
      await commitNext(ledger, [{ txId: 'c' }, { txId: 'd', writes: [put('cc', 'y', 'again')] }]);
      expect(await ledger.getStateVersion('cc', 'y')).to.deep.equal({ blockNum: 2, txNum: 1 });
      expect(await ledger.getStateVersion('cc', 'x')).to.deep.equal({ blockNum: 1, txNum: 1 });
    });

    it('deletes keys, and treats a write without a value as a delete as Fabric does', async () => {
      await commitNext(ledger, [
        { txId: 'a', writes: [put('cc', 'x', '1'), put('cc', 'y', '2'), put('cc', 'z', '3')] },
      ]);
      await commitNext(ledger, [
        {
          txId: 'b',
          writes: [del('cc', 'x'), { namespace: 'cc', key: 'y', isDelete: false, value: new Uint8Array(0) }],
        },
      ]);
      expect(await ledger.getState('cc', 'x')).to.equal(undefined);
      expect(await ledger.getStateVersion('cc', 'y')).to.equal(undefined);
      expect(await collect(ledger.rangeScan('cc', '', ''))).to.deep.equal(['z']);
      const [latest] = await ledger.getHistory('cc', 'y');
      expect(latest).to.deep.include({ txId: 'b', isDelete: true, blockNum: 2, txNum: 0 });
      await reopen();
      expect(await ledger.getState('cc', 'x')).to.equal(undefined);
      expect(await collect(ledger.rangeScan('cc', '', ''))).to.deep.equal(['z']);
    });

    it('applies nothing from an invalid transaction, yet indexes its ID with its code', async () => {
      await commitNext(ledger, [{ txId: 'a', writes: [put('cc', 'x', 'kept')] }]);
      await commitNext(ledger, [
        { txId: 'bad', code: MVCC_READ_CONFLICT, writes: [put('cc', 'x', 'lost'), put('cc', 'new', 'lost')] },
      ]);
      expect(await text(ledger, 'cc', 'x')).to.equal('kept');
      expect(await ledger.getStateVersion('cc', 'x')).to.deep.equal({ blockNum: 1, txNum: 0 });
      expect(await ledger.getState('cc', 'new')).to.equal(undefined);
      expect(await ledger.getHistory('cc', 'x')).to.have.length(1);
      expect(await ledger.getHistory('cc', 'new')).to.deep.equal([]);
      expect(await ledger.getTx('bad')).to.deep.equal({ blockNum: 2, txNum: 0, validationCode: MVCC_READ_CONFLICT });
    });

    it('returns values that later commits cannot change', async () => {
      const value = Buffer.from('original');
      await commitNext(ledger, [{ txId: 'a', writes: [{ namespace: 'cc', key: 'k', isDelete: false, value }] }]);
      value.write('mutated!');
      expect(await text(ledger, 'cc', 'k')).to.equal('original');
    });

    it('stays correct with a tiny state cache', async () => {
      await store.close();
      store = await LedgerStore.open(dir, { stateCacheEntries: 2 });
      ledger = await store.channel('mychannel');
      const writes = Array.from({ length: 10 }, (_, i) => put('cc', `k${i}`, `v${i}`));
      await commitNext(ledger, [{ txId: 'a', writes }]);
      for (let round = 0; round < 2; round++) {
        for (let i = 0; i < 10; i++) expect(await text(ledger, 'cc', `k${i}`)).to.equal(`v${i}`);
      }
      await commitNext(ledger, [{ txId: 'b', writes: [del('cc', 'k3')] }]);
      expect(await ledger.getState('cc', 'k3')).to.equal(undefined);
    });
  });

  describe('range scans', () => {
    beforeEach(async () => {
      await ledger.commitBlock(genesis(), []);
    });

    it('orders keys by UTF-8 bytes, not UTF-16 code units', async () => {
      // UTF-16 order would put U+1F600 (surrogates D83D..) before U+FFFF; UTF-8 puts F0 9F 98 80 after EF BF BF.
      const keys = ['😀', '\uFFFF', '中', 'é', 'z', 'a', 'A', '\u0001'];
      await commitNext(ledger, [{ txId: 'a', writes: keys.map((key) => put('cc', key, key)) }]);
      const expected = [...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
      expect(expected).to.deep.equal(['\u0001', 'A', 'a', 'z', 'é', '中', '\uFFFF', '😀']);
      expect(await collect(ledger.rangeScan('cc', '', ''))).to.deep.equal(expected);
      expect(await collect(ledger.rangeScan('cc', 'é', '\uFFFF'))).to.deep.equal(['é', '中']);
      expect(await collect(ledger.rangeScan('cc', '\uFFFF', ''))).to.deep.equal(['\uFFFF', '😀']);
      for await (const entry of ledger.rangeScan('cc', '中', '中\u0000')) {
        expect(utf8(entry.value)).to.equal('中');
        expect(entry.version).to.deep.equal({ blockNum: 1, txNum: 0 });
      }
    });

    it('includes the start key, excludes the end key, and honours the limit', async () => {
      await commitNext(ledger, [{ txId: 'a', writes: ['k1', 'k2', 'k3', 'k4'].map((key) => put('cc', key, key)) }]);
      expect(await collect(ledger.rangeScan('cc', 'k2', 'k4'))).to.deep.equal(['k2', 'k3']);
      expect(await collect(ledger.rangeScan('cc', 'k1', ''))).to.deep.equal(['k1', 'k2', 'k3', 'k4']);
      expect(await collect(ledger.rangeScan('cc', '', '', 3))).to.deep.equal(['k1', 'k2', 'k3']);
      expect(await collect(ledger.rangeScan('cc', 'k3', 'k2'))).to.deep.equal([]);
      expect(await collect(ledger.rangeScan('cc', 'k2', 'k2'))).to.deep.equal([]);
    });

    it('finds composite keys between \\u0000<type>\\u0000 and a \\u{10FFFF} end, as the shim asks', async () => {
      const composite = (...parts: string[]) => `\u0000${parts.join('\u0000')}\u0000`;
      const keys = [
        composite('color~name', 'blue', 'marble1'),
        composite('color~name', 'blue', 'marble2'),
        composite('color~name', 'red', 'marble3'),
        composite('color~name', 'blué', 'marble4'),
        composite('color~namex', 'blue', 'other'),
        composite('owner', 'tom'),
        'marble1',
      ];
      await commitNext(ledger, [{ txId: 'a', writes: keys.map((key) => put('cc', key, '\u0000')) }]);
      const prefix = composite('color~name', 'blue');
      expect(await collect(ledger.rangeScan('cc', prefix, `${prefix}\u{10FFFF}`))).to.deep.equal([keys[0], keys[1]]);
      const byType = composite('color~name');
      expect(await collect(ledger.rangeScan('cc', byType, `${byType}\u{10FFFF}`))).to.deep.equal([
        keys[0],
        keys[1],
        keys[3],
        keys[2],
      ]);
      // The shim's simple-key scans start at \u0001, so they never see composite keys.
      expect(await collect(ledger.rangeScan('cc', '\u0001', ''))).to.deep.equal(['marble1']);
    });

    it('keeps namespaces and channels apart, even when one name prefixes another', async () => {
      const other = await store.channel('mychannel2');
      await other.commitBlock(genesis('mychannel2'), []);
      await commitNext(ledger, [
        {
          txId: 'a',
          writes: [
            put('a', 'k', 'a'),
            put('ab', 'k', 'ab'),
            put('a-b', 'k', 'a-b'),
            put('a', '\u0000z', 'a0'),
            put('', 'k', 'cfg'),
          ],
        },
      ]);
      await commitNext(other, [
        { txId: 'a', writes: [put('a', 'k', 'other channel'), put('a', 'k2', 'other channel')] },
      ]);
      expect(await collect(ledger.rangeScan('a', '', ''))).to.deep.equal(['\u0000z', 'k']);
      expect(await collect(ledger.rangeScan('ab', '', ''))).to.deep.equal(['k']);
      expect(await collect(ledger.rangeScan('', '', ''))).to.deep.equal(['k']);
      expect(await collect(other.rangeScan('a', '', ''))).to.deep.equal(['k', 'k2']);
      expect(await text(ledger, 'a', 'k')).to.equal('a');
      expect(await text(other, 'a', 'k')).to.equal('other channel');
      expect(await ledger.getState('a', 'k2')).to.equal(undefined);
      expect(await ledger.getTx('a')).to.deep.equal({ blockNum: 1, txNum: 0, validationCode: 0 });
      expect(await other.getTx('a')).to.deep.equal({ blockNum: 1, txNum: 0, validationCode: 0 });
      expect(await store.channel('mychannel')).to.equal(ledger);
      expect(() => store.channel('Bad\u0000Name')).to.throw(TypeError);
    });
  });

  describe('history and transaction index', () => {
    beforeEach(async () => {
      await ledger.commitBlock(genesis(), []);
    });

    it('returns every valid modification newest first, with transaction ID, timestamp and delete flag', async () => {
      await commitNext(ledger, [
        { txId: 't1', writes: [put('cc', 'k', 'v1')] },
        { txId: 't2', writes: [put('cc', 'k', 'v2')] },
      ]);
      await commitNext(ledger, [
        { txId: 't3', code: MVCC_READ_CONFLICT, writes: [put('cc', 'k', 'never')] },
        { txId: 't4', writes: [del('cc', 'k')] },
      ]);
      await commitNext(ledger, [
        { txId: 't5', writes: [put('cc', 'k', 'v5'), put('cc', 'k\u0000suffix', 'other key')] },
      ]);
      const history = await ledger.getHistory('cc', 'k');
      expect(
        history.map((entry) => [entry.txId, entry.blockNum, entry.txNum, entry.isDelete, utf8(entry.value)]),
      ).to.deep.equal([
        ['t5', 3, 0, false, 'v5'],
        ['t4', 2, 1, true, ''],
        ['t2', 1, 1, false, 'v2'],
        ['t1', 1, 0, false, 'v1'],
      ]);
      expect(history[1].timestamp).to.deep.equal({ seconds: 1_700_000_002, nanos: 1 });
      expect(await ledger.getHistory('cc', 'k\u0000suffix')).to.have.length(1);
      expect(await ledger.getHistory('other', 'k')).to.deep.equal([]);
    });

    it('keeps the first occurrence of a transaction ID, across blocks and within one', async () => {
      await commitNext(ledger, [
        { txId: 'dup', writes: [put('cc', 'k', '1')] },
        { txId: 'dup', code: DUPLICATE_TXID },
      ]);
      await commitNext(ledger, [{ txId: 'other' }, { txId: 'dup', code: DUPLICATE_TXID }]);
      expect(await ledger.getTx('dup')).to.deep.equal({ blockNum: 1, txNum: 0, validationCode: 0 });
      expect(await ledger.getTx('other')).to.deep.equal({ blockNum: 2, txNum: 0, validationCode: 0 });
      expect(await ledger.getTx('unknown')).to.equal(undefined);
    });

    it('remembers the latest transaction locations up to its capacity, dropping the oldest', () => {
      const recent = new RecentTxLocations(2);
      for (const [index, txId] of ['a', 'b', 'c'].entries())
        recent.add(txId, { blockNum: index, txNum: 0, validationCode: 0 });
      expect(recent.get('a')).to.equal(undefined);
      expect(recent.get('c')).to.deep.equal({ blockNum: 2, txNum: 0, validationCode: 0 });
      expect(new RecentTxLocations(0).get('a')).to.equal(undefined);
      expect(() => new RecentTxLocations(-1)).to.throw(RangeError);
    });
  });

  describe('durability', () => {
    it('resumes after reopening with the same height, hashes, state, history, index and commit hash chain', async () => {
      await ledger.commitBlock(genesis(), []);
      await commitNext(ledger, [{ txId: 'a', writes: [put('cc', 'k', 'v1'), put('cc', 'gone', 'x')] }]);
      await commitNext(ledger, [{ txId: 'b', writes: [put('cc', 'k', 'v2'), del('cc', 'gone')] }]);
      const top = hex(ledger.lastHeaderHash());
      const block2 = await ledger.getBlock(2);
      await reopen();
      expect(ledger.height()).to.equal(3);
      expect(hex(ledger.lastHeaderHash())).to.equal(top);
      expect(hex(await ledger.getBlock(2))).to.equal(hex(block2));
      expect(await ledger.getState('cc', 'k')).to.deep.include({ version: { blockNum: 2, txNum: 0 } });
      expect(await text(ledger, 'cc', 'k')).to.equal('v2');
      expect(await ledger.getState('cc', 'gone')).to.equal(undefined);
      expect((await ledger.getHistory('cc', 'k')).map((entry) => entry.txId)).to.deep.equal(['b', 'a']);
      expect(await ledger.getTx('a')).to.deep.equal({ blockNum: 1, txNum: 0, validationCode: 0 });

      // Block 3 must chain its commit hash from the persisted one.
      await commitNext(ledger, [{ txId: 'c' }]);
      const previous = Buffer.from(commitHashOf(storedBlock(block2))!, 'hex');
      const expected = sha256(Buffer.of(1), Buffer.of(0), previous); // no updates: empty Updates message
      expect(commitHashOf(storedBlock(await ledger.getBlock(3)))).to.equal(hex(expected));
    });

    it('survives a process killed mid-stream with a consistent top block', async function () {
      this.timeout(30_000);
      const ledgerModule = path.resolve(__dirname, '../../network/devnet/src/ledger');
      const blockModule = path.resolve(__dirname, '../../network/devnet/src/block');
      await store.close();
      const script = `
        const { LedgerStore } = require(${JSON.stringify(ledgerModule)});
        const { buildBlock } = require(${JSON.stringify(blockModule)});
        (async () => {
          const store = await LedgerStore.open(${JSON.stringify(dir)});
          const ledger = await store.channel('mychannel');
          const signer = { serialized: Buffer.from('o'), sign: () => Buffer.from('s') };
          for (;;) {
            const number = ledger.height();
            const writes = [
              { namespace: 'cc', key: 'counter', isDelete: false, value: Buffer.from(String(number)) },
              { namespace: 'cc', key: 'k' + number, isDelete: false, value: Buffer.alloc(4096, number % 256) },
            ];
            const block = buildBlock({ number, previousHash: ledger.lastHeaderHash() ?? new Uint8Array(0),
              envelopes: [Buffer.from('e' + number)], validationCodes: [0], lastConfigIndex: 0, signer });
            await ledger.commitBlock(block, [{ txId: 'tx' + number, txNum: 0, validationCode: 0,
              timestamp: { seconds: number, nanos: 0 }, writes }]);
            if (number === 30) process.stdout.write('ready\\n');
          }
        })();`;
      const child = spawn(process.execPath, ['--require', 'tsx/cjs', '-e', script], {
        cwd: path.resolve(__dirname, '../..'),
      });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('ready')) setTimeout(resolve, 150); // let it commit more, then kill mid-stream
        });
        child.on('exit', (code) => reject(new Error(`child exited early (${code}): ${stderr}`)));
      });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;

      store = await LedgerStore.open(dir);
      ledger = await store.channel('mychannel');
      const height = ledger.height();
      expect(height).to.be.greaterThan(31);
      const top = storedBlock(await ledger.getBlock(height - 1));
      expect(hex(ledger.lastHeaderHash())).to.equal(hex(blockHeaderHash(headerFields(top))));
      expect(await ledger.getBlock(height)).to.equal(undefined);
      expect(await text(ledger, 'cc', 'counter')).to.equal(String(height - 1));
      expect(await ledger.getState('cc', `k${height - 1}`)).to.not.equal(undefined);
      expect(await ledger.getState('cc', `k${height}`)).to.equal(undefined);
      expect(await ledger.getTx(`tx${height - 1}`)).to.deep.equal({
        blockNum: height - 1,
        txNum: 0,
        validationCode: 0,
      });
      expect(await ledger.getTx(`tx${height}`)).to.equal(undefined);
      for (let number = 1; number < height; number++) {
        const previous = storedBlock(await ledger.getBlock(number - 1));
        const block = storedBlock(await ledger.getBlock(number));
        expect(hex(block.getHeader()!.getPreviousHash_asU8())).to.equal(hex(blockHeaderHash(headerFields(previous))));
      }
      await commitNext(ledger, [{ txId: 'after crash', writes: [put('cc', 'counter', 'resumed')] }]);
      expect(ledger.height()).to.equal(height + 1);
    });

    it('wipes the ledger with reset', async () => {
      await ledger.commitBlock(genesis(), []);
      await store.close();
      await LedgerStore.reset(dir);
      store = await LedgerStore.open(dir);
      ledger = await store.channel('mychannel');
      expect(ledger.height()).to.equal(0);
      expect(await ledger.getBlock(0)).to.equal(undefined);
    });
  });
});

describe('StateCache', () => {
  const entry = (text: string, blockNum: number) => ({ value: Buffer.from(text), version: { blockNum, txNum: 0 } });

  it('ignores a fill read before a commit that landed meanwhile', () => {
    const cache = new StateCache(10);
    const generation = cache.generation;
    cache.commit([['k', entry('new', 2)]]);
    cache.fill('k', entry('stale', 1), generation);
    cache.fill('other', null, generation);
    expect(utf8(cache.get('k')!.value)).to.equal('new');
    expect(cache.get('other')).to.equal(undefined);
    cache.fill('other', null, cache.generation);
    expect(cache.get('other')).to.equal(null);
  });

  it('evicts the least recently used entry', () => {
    const cache = new StateCache(2);
    cache.commit([
      ['a', entry('a', 1)],
      ['b', entry('b', 1)],
    ]);
    cache.get('a');
    cache.commit([['c', entry('c', 2)]]);
    expect(cache.get('b')).to.equal(undefined);
    expect(cache.get('a')).to.not.equal(undefined);
    expect(cache.size).to.equal(2);
  });
});

async function expectLedgerError(
  promise: Promise<unknown>,
  message: RegExp | undefined,
  type: new (...args: never[]) => Error = LedgerError,
): Promise<void> {
  let caught: unknown;
  try {
    await promise;
  } catch (err) {
    caught = err;
  }
  expect(caught).to.be.instanceOf(type);
  if (message) expect((caught as Error).message).to.match(message);
}
