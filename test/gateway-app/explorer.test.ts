import { expect } from 'chai';
import { common } from '@hyperledger/fabric-protos';
import { decodeBlock } from '../../gateway-app/src/explorer/block-decode';
import { MalformedLedgerData } from '../../gateway-app/src/fabric/proto-read';
import { decodeTransaction } from '../../gateway-app/src/explorer/tx-decode';
import { CHANNEL, startTestApp, type Json, type TestApp } from './support/test-app';

describe('ledger explorer', function () {
  this.timeout(180_000);
  let t: TestApp;
  let operator: string;
  let examiner: string;
  let admin: string;
  let auditor: string;
  /** The committed submits of `before`, by name. */
  const submitted: Record<string, Json> = {};
  /** Raw bytes of real blocks from the dev network, for the decoder's unit tests. */
  const rawBlocks: Uint8Array[] = [];

  const qscc = async (fn: string, ...args: string[]) =>
    t.app.ctx.pool
      .gateway(t.app.ctx.directory.identity('ManufacturerMSP', 'User1'))
      .getNetwork(CHANNEL)
      .getContract('qscc')
      .evaluateTransaction(fn, CHANNEL, ...args);

  before(async () => {
    t = await startTestApp({ chaincodes: ['supply-chain'] });
    [operator, examiner, admin] = await Promise.all([
      t.login('operator1'),
      t.login('examiner1'),
      t.login('admin-regulator'),
    ]);
    const steps: [string, string, string, unknown][] = [
      [
        'product',
        operator,
        '/api/supply-chain/products/register-product',
        { productId: 'P-EXP', name: 'Pears', unit: 'kg' },
      ],
      [
        'batch',
        operator,
        '/api/supply-chain/batches/commission',
        { batchId: 'B-EXP-1', productId: 'P-EXP', quantity: 10, location: 'PLANT' },
      ],
    ];
    for (const [name, token, url, body] of steps) {
      const answer = await t.call('POST', url, { token, body });
      expect(answer.status, `${name}: ${JSON.stringify(answer.body)}`).to.equal(200);
      submitted[name] = answer.body;
    }
    // An auditor: an org admin registers a user whose certificate carries role=auditor.
    const registered = await t.call('POST', '/api/admin/users', {
      token: admin,
      body: { username: 'auditor1', password: 'auditor-password-1', role: 'auditor' },
    });
    expect(registered.status, JSON.stringify(registered.body)).to.equal(201);
    const login = await t.call('POST', '/api/auth/login', {
      body: { username: 'auditor1', password: 'auditor-password-1' },
    });
    auditor = login.body.token;
    const height = t.devnet.height(CHANNEL);
    for (let n = 0; n < height; n++) rawBlocks.push(await qscc('GetBlockByNumber', String(n)));
  });
  after(async () => t?.close());

  describe('decoding real blocks', () => {
    it('reads the genesis block as one CONFIG transaction and every other block as endorser transactions', () => {
      const genesis = decodeBlock(rawBlocks[0]);
      expect(genesis).to.include({ number: 0, txCount: 1 });
      expect(genesis.transactions[0]).to.include({ type: 'CONFIG' });
      expect(genesis.transactions[0].malformed).to.equal(undefined);
      const commissioned = rawBlocks.map(decodeBlock).find((b) => b.number === submitted.batch.blockNumber)!;
      const tx = commissioned.transactions.find((x) => x.txId === submitted.batch.transactionId)!;
      expect(tx).to.include({ type: 'ENDORSER_TRANSACTION', validationCode: 'VALID', chaincode: 'supply-chain' });
      expect(tx.creator).to.deep.equal({
        mspId: 'ManufacturerMSP',
        name: 'operator1@manufacturer.scenechain.example',
      });
      expect(tx.function).to.equal('commission');
      expect(tx.eventName).to.equal('BatchCommissioned');
      expect(tx.event!.json).to.be.an('object');
      expect(commissioned.dataHash).to.match(/^[0-9a-f]{64}$/);
      expect(Date.parse(commissioned.time!)).to.be.closeTo(Date.parse(tx.timestamp!), 0);
    });

    it('turns every truncation of a real block into MalformedLedgerData or a readable prefix, never a crash', () => {
      const bytes = rawBlocks[rawBlocks.length - 1];
      for (let cut = 0; cut < bytes.length; cut += 7) {
        try {
          const block = decodeBlock(bytes.subarray(0, cut));
          for (const tx of block.transactions) expect(tx.txId).to.be.a('string');
        } catch (err) {
          expect(err, `cut at ${cut}`).to.be.instanceOf(MalformedLedgerData);
        }
      }
    });

    it('refuses lengths that point beyond the bytes, and survives flipped bytes throughout a real block', () => {
      // Field 1 (header), length-delimited, claiming 2^62 bytes; then a field claiming 0xffffffff bytes.
      const huge = Uint8Array.from([0x0a, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40, 0x01]);
      const overlong = Uint8Array.from([0x12, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x00]);
      const tenByteVarint = Uint8Array.from([0x08, ...new Array<number>(11).fill(0xff)]);
      for (const worst of [huge, overlong, tenByteVarint, Uint8Array.from([0xff]), new Uint8Array(4096).fill(0xff)])
        expect(() => decodeBlock(worst)).to.throw(MalformedLedgerData);
      const source = rawBlocks[rawBlocks.length - 1];
      let seed = 1;
      for (let round = 0; round < 300; round++) {
        const damaged = Uint8Array.from(source);
        for (let i = 0; i < 4; i++) {
          seed = (seed * 1103515245 + 12345) % 2 ** 31;
          damaged[seed % damaged.length] = seed & 0xff;
        }
        try {
          decodeBlock(damaged);
        } catch (err) {
          expect(err, `round ${round}`).to.be.instanceOf(MalformedLedgerData);
        }
      }
    });

    it('reports a damaged transaction inside a readable block on that transaction only', () => {
      const block = common.Block.deserializeBinary(rawBlocks[submitted.batch.blockNumber]);
      const data = block.getData()!;
      data.setDataList([...data.getDataList_asU8(), Uint8Array.from([0x0a, 0x05, 0x01])]);
      const decoded = decodeBlock(block.serializeBinary());
      expect(decoded.transactions.at(-2)!.malformed).to.equal(undefined);
      expect(decoded.transactions.at(-1)!.malformed).to.match(/^envelope: /);
      expect(decodeTransaction(new Uint8Array(), 0)).to.include({ txId: '', validationCode: 'VALID' });
    });
  });

  describe('REST', () => {
    it('shows a submitted transaction with creator, endorsers, validation code, rw-set keys and its event', async () => {
      const { transactionId, blockNumber } = submitted.batch;
      for (const token of [admin, auditor, operator]) {
        const answer = await t.call('GET', `/api/explorer/transactions/${transactionId}`, { token });
        expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
        const tx = answer.body;
        expect(tx).to.include({ txId: transactionId, blockNumber, validationCode: 'VALID', chaincode: 'supply-chain' });
        expect(tx.creator).to.deep.equal({
          mspId: 'ManufacturerMSP',
          name: 'operator1@manufacturer.scenechain.example',
        });
        // The chaincode's policy: two of Manufacturer, Logistics and Regulator; each signs as its peer.
        const endorsingOrgs = tx.endorsers.map((e: Json) => e.mspId);
        expect(new Set(endorsingOrgs).size).to.equal(2);
        for (const e of tx.endorsers) {
          expect(['ManufacturerMSP', 'LogisticsMSP', 'RegulatorMSP']).to.include(e.mspId);
          expect(e.name).to.match(/^peer0\./);
        }
        const ns = tx.readWriteSets.find((s: Json) => s.namespace === 'supply-chain');
        const written = ns.writes.map((w: Json) => w.key.split('\u0000'));
        expect(
          written.some((parts: string[]) => parts.includes('B-EXP-1')),
          JSON.stringify(ns.writes),
        ).to.equal(true);
        expect(ns.reads.some((r: Json) => r.key.split('\u0000').includes('P-EXP'))).to.equal(true);
        expect(tx.event).to.include({ name: 'BatchCommissioned' });
        expect(tx.event.json).to.be.an('object');
      }
    });

    it('lists blocks newest first and shows a block with its transactions', async () => {
      const height = t.devnet.height(CHANNEL);
      const list = await t.call('GET', '/api/explorer/blocks?limit=2', { token: admin });
      expect(list.status, JSON.stringify(list.body)).to.equal(200);
      expect(list.body.height).to.equal(height);
      expect(list.body.items.map((b: Json) => b.number)).to.deep.equal([height - 1, height - 2]);
      expect(list.body.next).to.equal(height - 2);
      const older = await t.call('GET', `/api/explorer/blocks?before=${list.body.next}&limit=50`, { token: admin });
      expect(older.body.items.at(-1).number).to.equal(0);
      expect(older.body.next).to.equal(null);
      const block = await t.call('GET', `/api/explorer/blocks/${submitted.product.blockNumber}`, { token: auditor });
      expect(block.status).to.equal(200);
      const tx = block.body.transactions.find((x: Json) => x.txId === submitted.product.transactionId);
      expect(tx).to.include({ validationCode: 'VALID', chaincode: 'supply-chain', eventName: 'ProductRegistered' });
      expect(tx.creator.mspId).to.equal('ManufacturerMSP');
      expect(tx.readWriteSets).to.equal(undefined);
    });

    it('summarises the channel: height, orgs, peers up with their height, chaincode definitions', async () => {
      const answer = await t.call('GET', '/api/explorer/summary', { token: admin });
      expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
      const summary = answer.body;
      expect(summary).to.include({ channel: CHANNEL, network: 'devnet', height: t.devnet.height(CHANNEL) });
      expect(summary.peers.length).to.equal(t.app.ctx.directory.orgs.length);
      for (const peer of summary.peers) expect(peer).to.include({ status: 'up', height: summary.height });
      expect(summary.chaincodeSource).to.equal('lifecycle');
      expect(summary.chaincodes).to.deep.equal([
        {
          name: 'supply-chain',
          version: '1.0',
          sequence: 1,
          initRequired: false,
          endorsementPolicy: 'OutOf(2, ManufacturerMSP.peer, LogisticsMSP.peer, RegulatorMSP.peer)',
          collections: 0,
        },
      ]);
    });

    it('searches by transaction ID, block number and key', async () => {
      const search = (q: string) => t.call('GET', `/api/explorer/search?q=${encodeURIComponent(q)}`, { token: admin });
      expect((await search(submitted.batch.transactionId)).body).to.deep.equal({
        kind: 'transaction',
        txId: submitted.batch.transactionId,
        blockNumber: submitted.batch.blockNumber,
      });
      expect((await search('1')).body).to.deep.equal({ kind: 'block', blockNumber: 1 });
      const key = (await search('B-EXP-1')).body;
      expect(key).to.include({ kind: 'key', complete: true });
      expect(key.writers.map((w: Json) => w.txId)).to.include(submitted.batch.transactionId);
      expect((await search('f'.repeat(64))).body).to.deep.equal({ kind: 'none', query: 'f'.repeat(64) });
      expect((await search('NO-SUCH-KEY')).body.writers).to.deep.equal([]);
    });

    it('keeps the whole ledger to admins and auditors; others see only transactions their org took part in', async () => {
      for (const url of [
        '/api/explorer/summary',
        '/api/explorer/blocks',
        '/api/explorer/blocks/1',
        '/api/explorer/search?q=1',
      ]) {
        const answer = await t.call('GET', url, { token: examiner });
        expect([answer.status, answer.body.error.code], url).to.deep.equal([403, 'FORBIDDEN']);
        expect((await t.call('GET', url)).status).to.equal(401);
      }
      const other = await t.call('GET', `/api/explorer/transactions/${submitted.batch.transactionId}`, {
        token: examiner,
      });
      expect([other.status, other.body.error.code]).to.deep.equal([404, 'TRANSACTION_NOT_FOUND']);
    });

    it('answers every bad input with a 4xx and a code', async () => {
      const cases: [string, number, string][] = [
        ['/api/explorer/transactions/not-hex', 400, 'INVALID_TRANSACTION_ID'],
        [`/api/explorer/transactions/${'g'.repeat(64)}`, 400, 'INVALID_TRANSACTION_ID'],
        [`/api/explorer/transactions/${'a'.repeat(65)}`, 400, 'INVALID_TRANSACTION_ID'],
        [`/api/explorer/transactions/${'a'.repeat(64)}`, 404, 'TRANSACTION_NOT_FOUND'],
        ['/api/explorer/blocks/-1', 400, 'INVALID_BLOCK_NUMBER'],
        ['/api/explorer/blocks/1.5', 400, 'INVALID_BLOCK_NUMBER'],
        ['/api/explorer/blocks/99999999999999999999999', 400, 'INVALID_BLOCK_NUMBER'],
        ['/api/explorer/blocks/9007199254740991', 404, 'BLOCK_NOT_FOUND'],
        ['/api/explorer/blocks/100000', 404, 'BLOCK_NOT_FOUND'],
        ['/api/explorer/blocks?limit=0', 400, 'INVALID_ARGUMENT'],
        ['/api/explorer/blocks?limit=51', 400, 'INVALID_ARGUMENT'],
        ['/api/explorer/blocks?before=-3', 400, 'INVALID_ARGUMENT'],
        ['/api/explorer/blocks?before=1&before=2', 400, 'INVALID_ARGUMENT'],
        ['/api/explorer/search?q=', 400, 'INVALID_QUERY'],
        ['/api/explorer/search', 400, 'INVALID_QUERY'],
        [`/api/explorer/search?q=${'k'.repeat(300)}`, 400, 'INVALID_QUERY'],
      ];
      for (const [url, status, code] of cases) {
        const answer = await t.call('GET', url, { token: admin });
        expect([answer.status, answer.body.error?.code], url).to.deep.equal([status, code]);
      }
    });
  });
});
