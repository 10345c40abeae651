import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect } from 'chai';
import { availableActions, describeScenario, instantOf, type Actor, type Stored } from '@scenechain/scene-kit';
import { scenario, type Batch } from '@scenechain/supply-chain';

/**
 * The supply chain's descriptor, as the app reads it: loaded without the contract API, every flow placed on its
 * record with who may run it taken from the state machine, and the actions offered by state, org and role.
 */
describe('supply chain scenario descriptor', () => {
  const described = describeScenario(scenario);
  const flow = (name: string) => described.flows.find((f) => f.name === name)!;

  it('loads from the package root without fabric-contract-api or fabric-shim', () => {
    const probe = spawnSync(
      process.execPath,
      [
        '-e',
        "require('@scenechain/supply-chain'); const loaded = Object.keys(require.cache); " +
          'console.log(JSON.stringify(loaded.filter((f) => /fabric-(contract-api|shim)/.test(f)).length));',
      ],
      { cwd: path.resolve(__dirname, '../..'), encoding: 'utf8' },
    );
    expect(probe.stderr).to.equal('');
    expect(probe.stdout.trim()).to.equal('0');
  });

  it('keeps the contract name, transaction names and their order, and the app’s record views', () => {
    expect([described.id, described.contract]).to.deep.equal(['supply-chain', 'SupplyChain']);
    expect(described.flows.map((f) => f.name)).to.deep.equal([
      'registerProduct',
      'commission',
      'commissionMany',
      'aggregate',
      'disaggregate',
      'shipBatch',
      'shipPallet',
      'cancelBatchShipment',
      'cancelPalletShipment',
      'receiveBatch',
      'receivePallet',
      'keepSaleTerms',
      'proposeSale',
      'confirmSale',
      'withdrawSale',
      'getOwnSaleTerms',
      'verifySaleTerms',
      'transform',
      'inspect',
      'recall',
      'continueRecall',
      'trace',
      'openSecureSum',
      'submitShare',
      'publishPartialSum',
      'closeSecureSum',
      'getSecureSum',
      'getProduct',
      'getBatch',
      'getPallet',
      'getTransformation',
      'getSale',
      'listSalesBySeller',
      'listSalesByBuyer',
      'getRecall',
      'listProducts',
      'listBatchesByCustodian',
      'listBatchesByStatus',
      'listBatchesByProduct',
      'listPalletsByCustodian',
      'listInspections',
      'batchHistory',
      'palletHistory',
    ]);
    expect(described.records.map((r) => [r.type, r.collection, r.keyField, r.get, r.history])).to.deep.equal([
      ['Batch', 'batches', 'batchId', 'getBatch', 'batchHistory'],
      ['Pallet', 'pallets', 'palletId', 'getPallet', 'palletHistory'],
      ['Product', 'products', 'productId', 'getProduct', null],
      ['Inspection', 'inspections', 'inspectionId', null, null],
      ['Transformation', 'transformations', 'transformationId', 'getTransformation', null],
      ['Sale', 'sales', 'saleId', 'getSale', null],
      ['Recall', 'recalls', 'recallId', 'getRecall', null],
    ]);
  });

  it('places every flow but the trace and the secure sum on one record, with who may run it', () => {
    expect(described.flows.filter((f) => f.on === null).map((f) => f.name)).to.deep.equal([
      'trace',
      'openSecureSum',
      'submitShare',
      'publishPartialSum',
      'closeSecureSum',
      'getSecureSum',
    ]);
    expect(flow('submitShare').mayRun).to.equal(
      'any org with role operator or carrier, or RegulatorMSP with role inspector',
    );
    expect([flow('shipBatch').on, flow('shipBatch').transition, flow('shipBatch').mayRun]).to.deep.equal([
      'Batch',
      'ship',
      'any org with role operator or carrier',
    ]);
    expect(flow('inspect').mayRun).to.equal('RegulatorMSP with role inspector');
    expect([flow('registerProduct').transition, flow('registerProduct').mayRun]).to.deep.equal([
      null,
      'ManufacturerMSP or InnovatorMSP with role operator',
    ]);
    expect([flow('continueRecall').on, flow('recall').events]).to.deep.equal(['Recall', ['BatchRecalled']]);
  });

  it('tells the app to send sale terms as transient data, to the keeping party’s peer alone', () => {
    const keep = flow('keepSaleTerms');
    expect([keep.on, keep.transient, keep.endorsingOrgs]).to.deep.equal([
      'Sale',
      { fields: ['terms', 'salt'], salts: ['salt'] },
      { orgs: [], fields: ['party'] },
    ]);
    expect(flow('verifySaleTerms').transient).to.deep.equal({ fields: ['terms', 'salt'], salts: [] });
    expect(flow('proposeSale').transient).to.equal(null);
    expect(flow('getOwnSaleTerms').readers).to.match(/only the sale's seller and buyer$/);
  });

  describe('actions offered on a batch', () => {
    const operator: Actor = { mspId: 'ManufacturerMSP', user: 'operator1', role: 'operator' };
    const carrier: Actor = { mspId: 'LogisticsMSP', user: 'carrier1', role: 'carrier' };
    const inspector: Actor = { mspId: 'RegulatorMSP', user: 'inspector1', role: 'inspector' };
    const stored = (overrides: Partial<Batch>): Stored<Batch> => ({
      data: {
        id: 'B-1',
        productId: 'P-1',
        quantity: 10,
        unit: 'kg',
        status: 'ACTIVE',
        custodian: 'ManufacturerMSP',
        location: 'MILL-1',
        origin: { kind: 'commissioned', inputs: [] },
        producedAt: '2026-01-01T00:00:00.000Z',
        ...overrides,
      },
      audit: {
        revision: 1,
        txId: 'tx',
        timestamp: '2026-01-01T00:00:00.000Z',
        actor: operator,
        action: 'commission',
        from: null,
        to: 'ACTIVE',
      },
    });
    const offered = (actor: Actor, batch: Stored<Batch>) =>
      availableActions(scenario, 'Batch', batch, {
        actor,
        attribute: () => null,
        now: instantOf(Date.parse('2026-02-01T00:00:00.000Z')),
      }).map((action) => action.transaction);

    it('offers the custodian shipping and recall on an ACTIVE batch, and nothing to a carrier that does not hold it', () => {
      expect(offered(operator, stored({}))).to.deep.equal(['shipBatch', 'recall']);
      expect(offered(carrier, stored({}))).to.deep.equal([]);
      expect(offered(inspector, stored({}))).to.deep.equal(['inspect', 'recall']);
    });

    it('offers receipt only to the named receiver, and taking back only to the sender', () => {
      const inTransit = stored({ status: 'IN_TRANSIT', receiver: 'LogisticsMSP' });
      expect(offered(carrier, inTransit)).to.deep.equal(['receiveBatch']);
      expect(offered(operator, inTransit)).to.deep.equal(['cancelBatchShipment', 'recall']);
    });

    it('offers nothing but recall on a consumed batch', () => {
      expect(offered(operator, stored({ status: 'CONSUMED', quantity: 0 }))).to.deep.equal(['recall']);
    });
  });
});
