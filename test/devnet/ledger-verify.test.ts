import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Contract } from '@hyperledger/fabric-gateway';
import { common, peer } from '@hyperledger/fabric-protos';
import { expect } from 'chai';
import { ClassicLevel } from 'classic-level';
import { loadTopology, verifyLedger, type LedgerVerification } from '@scenechain/devnet';
import { buildBlock } from '../../network/devnet/src/block';
import { ordererIdentityFiles, SigningIdentity } from '../../network/devnet/src/identity';
import { KeyLayout } from '../../network/devnet/src/ledger/key-layout';
import { PrivateKeyLayout } from '../../network/devnet/src/ledger/private-key-layout';
import {
  decodeState,
  decodeTxLocation,
  encodeState,
  encodeTxLocation,
} from '../../network/devnet/src/ledger/record-codec';
import { REPO_ROOT, startTestDevnet } from '../support/devnet';
import { DEVNET_CLI } from '../support/devnet-cli';
import { connectClient } from '../support/fabric-client';

const run = promisify(execFile);
const CHANNEL = 'testchannel';
const TOPOLOGY = path.join(REPO_ROOT, 'test', 'fixtures', 'topology', 'devnet-private-data.yaml');
const VALID = peer.TxValidationCode.VALID;
const keys = new KeyLayout(CHANNEL);

type Ledger = ClassicLevel<Buffer, Buffer>;

/** `scenechain-devnet --data-dir <dir> verify` as its own process: exit code and output. */
async function verifyCli(dataDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(process.execPath, [DEVNET_CLI, '--data-dir', dataDir, 'verify']).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: { code: number; stdout: string; stderr: string }) => err,
  );
}

/** The one problem a damaged ledger's verification reports. */
function problemOf(result: LedgerVerification) {
  expect(result.ok, 'verification fails').to.equal(false);
  const channel = result.channels.find((c) => c.problem)!;
  return channel.problem!;
}

describe('devnet ledger tools: verify', function () {
  this.timeout(180_000);
  const root = mkdtempSync(path.join(os.tmpdir(), 'scenechain-verify-'));
  const pristine = path.join(root, 'pristine');
  const physical = path.join(root, 'physical');
  /** Where each test's transactions landed. */
  const at: Record<string, { block: number; txId: string }> = {};
  let height = 0;
  let inUse: unknown;
  let conflictCode = -1;

  before(async () => {
    const net = await startTestDevnet({ topologyFile: TOPOLOGY, dataDir: pristine });
    try {
      const client = connectClient(net, 'Org1MSP');
      try {
        const contract = client.contract(CHANNEL, 'private');
        const submit = async (label: string, name: string, args: string[], value?: string): Promise<void> => {
          const commit = await contract.submitAsync(name, {
            arguments: args,
            ...(value !== undefined && { transientData: { value } }),
          });
          const status = await commit.getStatus();
          expect(status.code, label).to.equal(VALID);
          at[label] = { block: Number(status.blockNumber), txId: status.transactionId };
        };
        await submit('k1', 'probe:put', ['k1', 'v1']);
        await submit('k2', 'probe:put', ['k2', 'v2']);
        for (let i = 0; i < 3; i++) await submit(`counter${i}`, 'probe:increment', ['counter']);
        await submit('delete', 'probe:del', ['k2']);
        await submit('composite', 'probe:putComposite', ['asset', '["a","b"]', 'composite value']);
        await submit('shared', 'private:put', ['shared', 's1'], `secret-${randomUUID()}`);
        await submit('implicit', 'private:putArg', ['_implicit_org_Org1MSP', 'mine', 'implicit value']);
        await submit('shortLived', 'private:put', ['shortLived', 'gone'], `short-${randomUUID()}`);
        // Two endorsements of the same read, submitted together: the second one fails MVCC in the ledger.
        conflictCode = await conflictingIncrements(contract);
        for (let i = 0; i < 3; i++) await submit(`filler${i}`, 'probe:put', [`filler-${i}`, 'x']);
      } finally {
        client.close();
      }
      height = net.height(CHANNEL);
      inUse = await verifyLedger({ dataDir: pristine }).catch((err: unknown) => err);
    } finally {
      await net.stop();
    }
    // Untouched since the network wrote it: its blocks are still in LevelDB's log, as a stopped network leaves them.
    cpSync(pristine, physical, { recursive: true });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  async function conflictingIncrements(contract: Contract): Promise<number> {
    const first = await contract.newProposal('probe:increment', { arguments: ['counter'] }).endorse();
    const second = await contract.newProposal('probe:increment', { arguments: ['counter'] }).endorse();
    const [a, b] = await Promise.all([first.submit(), second.submit()]);
    expect((await a.getStatus()).code).to.equal(VALID);
    return (await b.getStatus()).code;
  }

  /** A copy of the healthy data folder to damage, with its ledger open. */
  async function damaged(change: (db: Ledger, dataDir: string) => Promise<void>): Promise<string> {
    const dataDir = path.join(root, `copy-${randomUUID()}`);
    cpSync(pristine, dataDir, { recursive: true });
    const db: Ledger = new ClassicLevel(path.join(dataDir, 'ledger'), {
      keyEncoding: 'buffer',
      valueEncoding: 'buffer',
    });
    await db.open();
    try {
      await change(db, dataDir);
    } finally {
      await db.close();
    }
    return dataDir;
  }

  async function storedBlock(db: Ledger, number: number): Promise<common.Block> {
    return common.Block.deserializeBinary((await db.get(keys.block(number)))!);
  }

  it('passes a healthy ledger built with real transactions and prints a summary (exit 0)', async () => {
    expect(conflictCode).to.equal(peer.TxValidationCode.MVCC_READ_CONFLICT);
    const { code, stdout } = await verifyCli(pristine);
    expect(code).to.equal(0);
    expect(stdout).to.match(/: OK \(\d+ ms\)/);
    expect(stdout).to.match(new RegExp(`channel ${CHANNEL}: ok: ${height} blocks, \\d+ transactions \\(\\d+ valid\\)`));
    const result = await verifyLedger({ dataDir: pristine });
    expect(result.ok).to.equal(true);
    const [channel] = result.channels;
    expect(channel.blocks).to.equal(height);
    expect(channel.transactions - channel.validTransactions).to.equal(2); // block 0's config tx and the conflict
    expect(channel.stateKeys).to.be.at.least(5);
    expect(channel.historyEntries).to.be.at.least(channel.stateKeys);
    expect(channel.hashedKeys).to.equal(2); // shared/s1 and the implicit key; shortLived/gone expired
    expect(channel.expiredHashedKeys).to.equal(1);
    expect(channel.privateEntries).to.be.at.least(2);
  });

  it('names the block when one byte of it is flipped in the block store (exit 2)', async () => {
    const number = at.k1.block;
    const dataDir = await damaged(async (db) => {
      const bytes = Buffer.from((await db.get(keys.block(number)))!);
      bytes[Math.floor(bytes.length / 2)] ^= 0x01;
      await db.put(keys.block(number), bytes);
    });
    const { code, stderr } = await verifyCli(dataDir);
    expect(code).to.equal(2);
    expect(stderr).to.include('DAMAGED');
    expect(stderr).to.match(new RegExp(`channel ${CHANNEL}: block ${number}: `));
  });

  it("names the first block lost when one byte of LevelDB's own files is flipped", async () => {
    const ledgerDir = path.join(physical, 'ledger');
    const [log] = readdirSync(ledgerDir)
      .filter((name) => name.endsWith('.log'))
      .map((name) => ({ file: path.join(ledgerDir, name), size: statSync(path.join(ledgerDir, name)).size }))
      .sort((a, b) => b.size - a.size);
    // LevelDB drops a log record whose checksum fails (and the rest of its 32 KiB block): a byte in the first half,
    // with more blocks after it, loses blocks in the middle of the chain.
    expect(log.size).to.be.above(3 * 32 * 1024);
    const bytes = readFileSync(log.file);
    bytes[Math.floor(bytes.length / 3)] ^= 0xff;
    writeFileSync(log.file, bytes);
    const { code, stderr } = await verifyCli(physical);
    expect(code).to.equal(2);
    const lost = Number(/: block (\d+): missing from the block store/.exec(stderr)?.[1]);
    expect(lost).to.be.within(1, height - 2);
  });

  it('finds a tampered world state value, naming the transaction that wrote it', async () => {
    const dataDir = await damaged(async (db) => {
      const key = keys.state('private', 'k1');
      const { version } = decodeState((await db.get(key))!);
      await db.put(key, encodeState(Buffer.from('forged'), version));
    });
    const problem = problemOf(await verifyLedger({ dataDir }));
    expect(problem.block).to.equal(at.k1.block);
    expect(problem.message).to.equal(
      `block ${at.k1.block} tx 0: world state private/"k1": stored value (version block ${at.k1.block} tx 0) is not the one block ${at.k1.block} tx 0 wrote`,
    );
  });

  it("finds a tampered orderer signature against the orderer org's MSP of the channel config", async () => {
    const number = at.k2.block;
    const dataDir = await damaged(async (db) => {
      const block = await storedBlock(db, number);
      const entries = block.getMetadata()!.getMetadataList_asU8();
      const metadata = common.Metadata.deserializeBinary(entries[common.BlockMetadataIndex.SIGNATURES]);
      const signature = Buffer.from(metadata.getSignaturesList()[0].getSignature_asU8());
      signature[signature.length - 1] ^= 0x01;
      metadata.getSignaturesList()[0].setSignature(signature);
      entries[common.BlockMetadataIndex.SIGNATURES] = metadata.serializeBinary();
      block.getMetadata()!.setMetadataList(entries);
      await db.put(keys.block(number), Buffer.from(block.serializeBinary()));
    });
    const problem = problemOf(await verifyLedger({ dataDir }));
    expect(problem.message).to.equal(
      `block ${number}: orderer signature 0 (OrdererMSP) does not verify over the block header and metadata`,
    );
  });

  it("finds a bad creator signature in a block re-sealed with the orderer's own key", async () => {
    const number = height - 1;
    const dataDir = await damaged(async (db, dir) => {
      const topology = loadTopology(TOPOLOGY, REPO_ROOT);
      const orderer = SigningIdentity.fromFiles(ordererIdentityFiles(topology, path.join(dir, 'crypto'), 'orderer'));
      const block = await storedBlock(db, number);
      const envelopes = block.getData()!.getDataList_asU8();
      const envelope = common.Envelope.deserializeBinary(envelopes[0]);
      const signature = Buffer.from(envelope.getSignature_asU8());
      signature[signature.length - 1] ^= 0x01;
      envelope.setSignature(signature);
      envelopes[0] = envelope.serializeBinary();
      const entries = block.getMetadata()!.getMetadataList_asU8();
      const resealed = buildBlock({
        number,
        previousHash: block.getHeader()!.getPreviousHash_asU8(),
        envelopes,
        validationCodes: [...entries[common.BlockMetadataIndex.TRANSACTIONS_FILTER]],
        lastConfigIndex: 0,
        signer: orderer,
      });
      entries[common.BlockMetadataIndex.SIGNATURES] = resealed.getMetadata()!.getMetadataList_asU8()[
        common.BlockMetadataIndex.SIGNATURES
      ];
      block.setHeader(resealed.getHeader());
      block.setData(resealed.getData());
      block.getMetadata()!.setMetadataList(entries);
      await db.put(keys.block(number), Buffer.from(block.serializeBinary()));
    });
    const problem = problemOf(await verifyLedger({ dataDir }));
    expect(problem).to.include({ block: number, txNum: 0, txId: at.filler2.txId });
    expect(problem.message).to.equal(
      `block ${number} tx 0 (${at.filler2.txId}): recorded VALID, but BAD_CREATOR_SIGNATURE (4): creator's signature over the proposal is not valid`,
    );
  });

  it('finds a transactions filter that re-validation contradicts', async () => {
    const number = at.k1.block;
    const dataDir = await damaged(async (db) => {
      const block = await storedBlock(db, number);
      const entries = block.getMetadata()!.getMetadataList_asU8();
      const filter = Uint8Array.from(entries[common.BlockMetadataIndex.TRANSACTIONS_FILTER]);
      filter[0] = peer.TxValidationCode.MVCC_READ_CONFLICT;
      entries[common.BlockMetadataIndex.TRANSACTIONS_FILTER] = filter;
      block.getMetadata()!.setMetadataList(entries);
      await db.put(keys.block(number), Buffer.from(block.serializeBinary()));
    });
    const problem = problemOf(await verifyLedger({ dataDir }));
    expect(problem.message).to.equal(
      `block ${number} tx 0 (${at.k1.txId}): TRANSACTIONS_FILTER records MVCC_READ_CONFLICT (11) but re-validation finds VALID (0)`,
    );
  });

  it('finds a deleted block', async () => {
    const number = at.counter1.block;
    const dataDir = await damaged((db) => db.del(keys.block(number)));
    const problem = problemOf(await verifyLedger({ dataDir }));
    expect(problem.message).to.equal(
      `block ${number}: missing from the block store (the channel's height is ${height})`,
    );
  });

  it('finds history and txid index entries that disagree with the blocks', async () => {
    const history = await damaged((db) => db.del(keys.history('private', 'counter', at.counter1.block, 0)));
    expect(problemOf(await verifyLedger({ dataDir: history })).message).to.equal(
      `block ${at.counter1.block} tx 0: history index entry of private/"counter" is missing from the ledger`,
    );
    const txIndex = await damaged(async (db) => {
      const location = decodeTxLocation((await db.get(keys.txid(at.k2.txId)))!);
      await db.put(keys.txid(at.k2.txId), encodeTxLocation({ ...location, validationCode: 11 }));
    });
    expect(problemOf(await verifyLedger({ dataDir: txIndex })).message).to.equal(
      `block ${at.k2.block} tx 0: txid index entry of ${at.k2.txId} differs from what the blocks give (stored: block ${at.k2.block} tx 0 MVCC_READ_CONFLICT (11); blocks: block ${at.k2.block} tx 0 VALID (0))`,
    );
  });

  it("finds an org's private plaintext that does not hash to the hashed state", async () => {
    const dataDir = await damaged(async (db) => {
      const key = new PrivateKeyLayout(CHANNEL).privateState('Org1MSP', 'private', 'shared', 's1');
      const { version } = decodeState((await db.get(key))!);
      await db.put(key, encodeState(Buffer.from('not the secret'), version));
    });
    expect(problemOf(await verifyLedger({ dataDir })).message).to.equal(
      `block ${at.shared.block} tx 0: private data of Org1MSP private/shared/"s1" does not match the hashed private state`,
    );
  });

  it("reports an org's truncated private plaintext record as a problem, not a crash", async () => {
    const dataDir = await damaged(async (db) => {
      const key = new PrivateKeyLayout(CHANNEL).privateState('Org1MSP', 'private', 'shared', 's1');
      await db.put(key, Buffer.from([0, 0, 0]));
    });
    expect(problemOf(await verifyLedger({ dataDir })).message).to.match(
      /^private data of Org1MSP private\/shared\/"s1" is unreadable: /,
    );
  });

  it('refuses bad input with clear errors: missing folder, not a ledger, a ledger in use', async () => {
    expect((inUse as Error).message).to.equal(
      `the ledger in ${pristine} is in use by a running network: stop it first`,
    );
    const missing = path.join(root, 'nope');
    const result = await verifyCli(missing);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.include(`error: data folder ${missing} does not exist`);
    const empty = path.join(root, 'empty');
    mkdirSync(empty);
    expect((await verifyCli(empty)).stderr).to.include(`${empty} holds no dev network ledger`);
    const garbage = path.join(root, 'garbage');
    mkdirSync(path.join(garbage, 'ledger'), { recursive: true });
    writeFileSync(path.join(garbage, 'ledger', 'CURRENT'), 'MANIFEST-000042\n');
    const notLevel = await verifyCli(garbage);
    expect(notLevel.code).to.equal(1);
    expect(notLevel.stderr).to.include(`${path.join(garbage, 'ledger')} is not a readable LevelDB ledger`);
    // Nothing was created where there was nothing.
    expect(() => rmSync(missing)).to.throw();
  });
});
