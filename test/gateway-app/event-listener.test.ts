import { expect } from 'chai';
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { connectGateway, type Devnet } from '@scenechain/devnet';
import { CHANNEL, startScenarioDevnet, startTestApp, type TestApp } from './support/test-app';
import { until } from './support/until';

/** Rows of the read model's events table as (transaction, position) pairs, and how many there are per pair. */
function eventKeys(dataDir: string): { total: number; distinct: number; transactions: Set<string> } {
  const db = new Database(path.join(dataDir, 'gateway-app', 'read-model.db'), { readonly: true });
  try {
    const rows = db.prepare('SELECT transaction_id, event_index FROM events').all() as {
      transaction_id: string;
      event_index: number;
    }[];
    return {
      total: rows.length,
      distinct: new Set(rows.map((r) => `${r.transaction_id}/${r.event_index}`)).size,
      transactions: new Set(rows.map((r) => r.transaction_id)),
    };
  } finally {
    db.close();
  }
}

describe('gateway app chaincode event listener', function () {
  this.timeout(120_000);
  let devnet: Devnet;
  let app: TestApp | undefined;
  const submitted: string[] = [];

  before(async () => {
    devnet = await startScenarioDevnet(['supply-chain']);
  });
  after(async () => {
    await app?.close({ keepNetwork: true });
    await devnet?.stop();
    if (devnet) rmSync(devnet.dataDir, { recursive: true, force: true });
  });

  /** Commissions batches straight through fabric-gateway, so they happen whether the app runs or not. */
  async function commissionDirectly(ids: string[]): Promise<void> {
    const connection = connectGateway(devnet.org('ManufacturerMSP'), devnet.identity('ManufacturerMSP', 'operator1'));
    try {
      const contract = connection.gateway.getNetwork(CHANNEL).getContract('supply-chain');
      for (const id of ids) {
        const tx = await contract.submitAsync('commission', {
          arguments: [JSON.stringify({ batchId: id, productId: 'P-1', quantity: 1, location: 'L' })],
        });
        submitted.push(tx.getTransactionId());
        expect((await tx.getStatus()).successful).to.equal(true);
      }
    } finally {
      connection.close();
    }
  }

  it('projects events while the app runs', async () => {
    app = await startTestApp({ chaincodes: ['supply-chain'], devnet });
    const token = await app.login('operator1');
    const product = await app.call('POST', '/api/supply-chain/products/register-product', {
      token,
      body: { productId: 'P-1', name: 'Pears', unit: 'kg' },
    });
    submitted.push(product.body.transactionId);
    await commissionDirectly(['B-1', 'B-2', 'B-3']);
    await app.app.ctx.listeners.get('supply-chain')!.waitForTransaction(submitted.at(-1)!);
    const keys = eventKeys(devnet.dataDir);
    expect(keys.transactions).to.deep.equal(new Set(submitted));
    expect(keys.distinct).to.equal(keys.total);
  });

  it('resumes after a restart from its checkpoint: the events committed while it was down arrive once', async () => {
    const checkpoint = app!.app.ctx.listeners.get('supply-chain')!.position;
    expect(checkpoint?.transactionId).to.equal(submitted.at(-1));
    await app!.close({ keepNetwork: true });
    app = undefined;
    const before = eventKeys(devnet.dataDir).total;
    await commissionDirectly(['B-4', 'B-5', 'B-6', 'B-7']);

    app = await startTestApp({ chaincodes: ['supply-chain'], devnet });
    await app.app.ctx.listeners.get('supply-chain')!.waitForTransaction(submitted.at(-1)!);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const keys = eventKeys(devnet.dataDir);
    expect(keys.transactions).to.deep.equal(new Set(submitted));
    expect(keys.distinct).to.equal(keys.total);
    expect(keys.total).to.equal(before + 4);
    const token = await app.login('operator1');
    const list = await app.call('GET', '/api/supply-chain/search/Batch?pageSize=100', { token });
    expect(list.body.items.map((i: { id: string }) => i.id).sort()).to.deep.equal([
      'B-1',
      'B-2',
      'B-3',
      'B-4',
      'B-5',
      'B-6',
      'B-7',
    ]);
  });

  it('rebuilds the read model from block 0 to the same content', async () => {
    const before = eventKeys(devnet.dataDir);
    const admin = await app!.login('admin-manufacturer');
    const answer = await app!.call('POST', '/api/admin/read-model/rebuild', { token: admin });
    expect(answer.status).to.equal(202);
    await until(() => (eventKeys(devnet.dataDir).total === before.total ? true : undefined));
    const after = eventKeys(devnet.dataDir);
    expect(after.transactions).to.deep.equal(before.transactions);
    expect(after.distinct).to.equal(after.total);
    const operator = await app!.login('operator1');
    expect((await app!.call('POST', '/api/admin/read-model/rebuild', { token: operator })).status).to.equal(403);
  });

  it('follows a peer that goes away and comes back without losing events', async () => {
    // The app reads events as User1 of the first org endorsing supply-chain: RegulatorMSP.
    await devnet.stopPeer('RegulatorMSP');
    await until(() => (app!.app.ctx.listeners.get('supply-chain')!.isConnected ? undefined : true), 10_000);
    await commissionDirectly(['B-8']);
    await devnet.startPeer('RegulatorMSP');
    await app!.app.ctx.listeners.get('supply-chain')!.waitForTransaction(submitted.at(-1)!, 20_000);
    const keys = eventKeys(devnet.dataDir);
    expect(keys.transactions).to.deep.equal(new Set(submitted));
    expect(keys.distinct).to.equal(keys.total);
  });
});
