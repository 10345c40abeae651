import { expect } from 'chai';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { common } from '@hyperledger/fabric-protos';
import pino from 'pino';
import { connectGateway, type Devnet } from '@scenechain/devnet';
import { CheckpointStore } from '../../gateway-app/src/events/checkpoint-store';
import { blockHeaderHash, channelGenesisHash } from '../../gateway-app/src/fabric/channel-genesis';
import { LedgerBinding } from '../../gateway-app/src/readmodel/ledger-binding';
import { openReadModel, type ReadModelDatabase } from '../../gateway-app/src/readmodel/read-model-database';
import { CHANNEL, startScenarioDevnet, startTestApp, type TestApp } from './support/test-app';

/** The channel's block `n`, read through qscc as the app reads it. */
async function blockOf(devnet: Devnet, n: number): Promise<common.Block> {
  const connection = connectGateway(devnet.org('ManufacturerMSP'), devnet.identity('ManufacturerMSP', 'operator1'));
  try {
    const qscc = connection.gateway.getNetwork(CHANNEL).getContract('qscc');
    return common.Block.deserializeBinary(await qscc.evaluateTransaction('GetBlockByNumber', CHANNEL, String(n)));
  } finally {
    connection.close();
  }
}

async function genesisOf(devnet: Devnet): Promise<string> {
  const connection = connectGateway(devnet.org('ManufacturerMSP'), devnet.identity('ManufacturerMSP', 'operator1'));
  try {
    return await channelGenesisHash(connection.gateway, CHANNEL);
  } finally {
    connection.close();
  }
}

describe('read model bound to the ledger it was built from', function () {
  this.timeout(180_000);
  const appData = mkdtempSync(path.join(os.tmpdir(), 'scenechain-ledger-bound-'));
  const networks: Devnet[] = [];
  let app: TestApp | undefined;

  const startApp = async (devnet: Devnet) =>
    (app = await startTestApp({ chaincodes: ['supply-chain'], devnet, config: { dataDir: appData } }));
  const stopApp = async () => {
    await app?.close();
    app = undefined;
  };
  after(async () => {
    await stopApp();
    for (const devnet of networks) {
      await devnet.stop();
      rmSync(devnet.dataDir, { recursive: true, force: true });
    }
    rmSync(appData, { recursive: true, force: true });
  });

  /** Commissions a batch through the app and waits until the read model shows its events. */
  const commission = async (batchId: string) => {
    const token = await app!.login('operator1');
    await app!.call('POST', '/api/supply-chain/products/register-product', {
      token,
      body: { productId: `P-${batchId}`, name: 'Pears', unit: 'kg' },
    });
    const answer = await app!.call('POST', '/api/supply-chain/batches/commission', {
      token,
      body: { batchId, productId: `P-${batchId}`, quantity: 1, location: 'DEPOT-1' },
    });
    expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
    await app!.app.ctx.listeners.get('supply-chain')!.waitForTransaction(answer.body.transactionId as string);
  };
  const listedBatches = async (): Promise<string[]> => {
    const token = await app!.login('operator1');
    const answer = await app!.call('GET', '/api/supply-chain/search/Batch', { token });
    expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
    return (answer.body.items as { id: string }[]).map((i) => i.id).sort();
  };
  const storedBinding = () => {
    const db = new Database(path.join(appData, 'read-model.db'), { readonly: true });
    try {
      return db.prepare('SELECT channel, genesis_hash FROM ledger_binding').all();
    } finally {
      db.close();
    }
  };

  it("hashes block 0 as Fabric does: block 1's previous hash", async () => {
    const devnet = await startScenarioDevnet(['supply-chain']);
    networks.push(devnet);
    await startApp(devnet);
    await commission('B-OLD-1');
    const [genesis, first] = [await blockOf(devnet, 0), await blockOf(devnet, 1)];
    expect(Buffer.from(blockHeaderHash(genesis.getHeader()!)).toString('hex')).to.equal(
      Buffer.from(first.getHeader()!.getPreviousHash_asU8()).toString('hex'),
    );
  });

  it('remembers the genesis hash of the ledger it was built from', async () => {
    await commission('B-OLD-2');
    expect(await listedBatches()).to.deep.equal(['B-OLD-1', 'B-OLD-2']);
    expect(storedBinding()).to.deep.equal([{ channel: CHANNEL, genesis_hash: await genesisOf(networks[0]) }]);
    await stopApp();
  });

  it('keeps the read model when the app starts again on the same ledger', async () => {
    await startApp(networks[0]);
    expect(await listedBatches()).to.deep.equal(['B-OLD-1', 'B-OLD-2']);
    expect(app!.app.ctx.listeners.get('supply-chain')!.position).to.not.equal(undefined);
    await stopApp();
  });

  it('drops the old ledger’s records and builds from the new one on a new network with the same app data', async () => {
    const fresh = await startScenarioDevnet(['supply-chain']);
    networks.push(fresh);
    const [oldGenesis, newGenesis] = [await genesisOf(networks[0]), await genesisOf(fresh)];
    expect(newGenesis).to.not.equal(oldGenesis);
    await startApp(fresh);
    // Emptied before any listener ran: the old records are gone at once.
    expect(await listedBatches()).to.deep.equal([]);
    expect(storedBinding()).to.deep.equal([{ channel: CHANNEL, genesis_hash: newGenesis }]);
    await commission('B-NEW-1');
    expect(await listedBatches()).to.deep.equal(['B-NEW-1']);
    const timeline = await app!.call('GET', '/api/supply-chain/timeline/Batch/B-OLD-1', {
      token: await app!.login('operator1'),
    });
    expect(timeline.body.items ?? []).to.deep.equal([]);
  });
});

describe('LedgerBinding', () => {
  const silent = pino({ level: 'silent' });
  let dir: string;
  let db: ReadModelDatabase;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-binding-'));
    db = openReadModel(path.join(dir, 'read-model.db'));
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const checkpointCount = () => (db.prepare('SELECT COUNT(*) AS n FROM checkpoints').get() as { n: number }).n;

  it('binds an empty read model as it is, and keeps it on the same ledger', () => {
    const binding = new LedgerBinding(db, CHANNEL);
    expect(binding.bind('aa', silent)).to.equal('bound');
    new CheckpointStore(db).save('supply-chain', { blockNumber: 3, transactionId: 't3' });
    expect(binding.bind('aa', silent)).to.equal('same-ledger');
    expect(checkpointCount()).to.equal(1);
  });

  it('empties a read model built before bindings were kept (its ledger is unknown)', () => {
    new CheckpointStore(db).save('supply-chain', { blockNumber: 3, transactionId: 't3' });
    expect(new LedgerBinding(db, CHANNEL).bind('aa', silent)).to.equal('rebuilt-unbound');
    expect(checkpointCount()).to.equal(0);
  });

  it('empties a read model of another ledger and binds it to the new one', () => {
    const binding = new LedgerBinding(db, CHANNEL);
    binding.bind('aa', silent);
    new CheckpointStore(db).save('supply-chain', { blockNumber: 3, transactionId: 't3' });
    expect(binding.bind('bb', silent)).to.equal('rebuilt-other-ledger');
    expect(checkpointCount()).to.equal(0);
    expect(binding.genesisHash).to.equal('bb');
  });
});
