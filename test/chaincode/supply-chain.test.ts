import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { GatewayError } from '@hyperledger/fabric-gateway';
import { canonicalJson, privateCommitment } from '@scenechain/scene-kit';
import { refusal, refused } from './support/chaincode-error';
import { expectNoLeak, privateStoreHolds, submitPrivate, transientOf } from './support/private-data';
import { startScenarioNetwork, type ScenarioClient, type ScenarioNetwork, listAll } from './support/scenario-network';

interface Stored<T> {
  data: T;
  audit: {
    revision: number;
    action: string;
    from: string | null;
    to: string | null;
    actor: { mspId: string; role: string | null };
    txId: string;
  };
}
interface Batch {
  id: string;
  productId: string;
  quantity: number;
  status: string;
  custodian: string;
  receiver?: string;
  location: string;
  palletId?: string;
  origin: { kind: string; eventId?: string; inputs: { batchId: string; quantity: number }[] };
  certificateHash?: string;
  recall?: { recallId: string };
}
interface Page<T> {
  items: T[];
  bookmark: string;
}
interface TraceNode {
  id: string;
  kind: string;
  depth: number;
  parent: string;
  via: string;
}

const certificate = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The supply chain as a story: a mill turns wheat into flour, a carrier takes the flour to a bakery that bakes
 * bread, the regulator inspects, and contaminated wheat is recalled everywhere it went. Every step runs through
 * the real fabric-gateway client against the dev network, as the org and role that would do it in practice.
 */
describe('supply chain chaincode: from wheat to bread and back again', function () {
  this.timeout(180_000);
  let network: ScenarioNetwork;
  let mill: ScenarioClient; // ManufacturerMSP, role operator
  let millClerk: ScenarioClient; // ManufacturerMSP, no role
  let carrier: ScenarioClient; // LogisticsMSP, role carrier
  let bakery: ScenarioClient; // InnovatorMSP, role operator
  let inspector: ScenarioClient; // RegulatorMSP, role inspector

  const batch = async (batchId: string) => (await mill.evaluate<Stored<Batch>>('getBatch', { batchId })).data;

  before(async () => {
    network = await startScenarioNetwork(['supply-chain']);
    await network.addUser('InnovatorMSP', 'baker1', { role: 'operator' });
    mill = network.as('ManufacturerMSP', 'operator1');
    millClerk = network.as('ManufacturerMSP', 'User1');
    carrier = network.as('LogisticsMSP', 'carrier1');
    bakery = network.as('InnovatorMSP', 'baker1');
    inspector = network.as('RegulatorMSP', 'inspector1');
  });

  after(async () => {
    await network?.stop();
  });

  describe('registering products', () => {
    it('lets each enterprise register its own trade items', async () => {
      const wheat = await mill.submit<Stored<{ owner: string }>>('registerProduct', {
        productId: 'WHEAT',
        name: 'Soft wheat',
        unit: 'kg',
      });
      expect(wheat.data.owner).to.equal('ManufacturerMSP');
      await mill.submit('registerProduct', { productId: 'FLOUR', name: 'Type 550 flour', unit: 'kg' });
      await bakery.submit('registerProduct', { productId: 'BREAD', name: 'Country loaf', unit: 'each' });
      const owned = await mill.evaluate<Page<Stored<{ id: string }>>>('listProducts', { owner: 'ManufacturerMSP' });
      expect(owned.items.map((p) => p.data.id)).to.deep.equal(['FLOUR', 'WHEAT']);
    });

    it('refuses a carrier, a user without a role, and a second product with the same ID', async () => {
      await refused(
        carrier.submit('registerProduct', { productId: 'X', name: 'x', unit: 'kg' }),
        'FORBIDDEN',
        'LogisticsMSP user carrier1',
      );
      await refused(
        millClerk.submit('registerProduct', { productId: 'X', name: 'x', unit: 'kg' }),
        'FORBIDDEN',
        '(no role)',
      );
      await refused(
        mill.submit('registerProduct', { productId: 'WHEAT', name: 'again', unit: 'kg' }),
        'ALREADY_EXISTS',
        'Product WHEAT already exists',
      );
    });
  });

  describe('commissioning batches', () => {
    it('commissions one batch, then many in one transaction', async () => {
      const w1 = await mill.submit<Stored<Batch>>('commission', {
        batchId: 'W-1',
        productId: 'WHEAT',
        quantity: 1000,
        location: 'MILL-1',
      });
      expect(w1.data).to.deep.include({
        status: 'ACTIVE',
        custodian: 'ManufacturerMSP',
        quantity: 1000,
        location: 'MILL-1',
      });
      expect(w1.audit).to.deep.include({ revision: 1, action: 'commission', from: null, to: 'ACTIVE' });
      const many = await mill.submit<{ count: number }>('commissionMany', {
        batches: ['W-2', 'W-3', 'W-4'].map((batchId) => ({
          batchId,
          productId: 'WHEAT',
          quantity: 400,
          location: 'MILL-1',
        })),
      });
      expect(many.count).to.equal(3);
    });

    it('refuses batches of another enterprise’s product, of unknown products, duplicates and replays, changing nothing', async () => {
      await refused(
        bakery.submit('commission', { batchId: 'W-X', productId: 'WHEAT', quantity: 1, location: 'BAKERY-1' }),
        'FORBIDDEN',
        'product WHEAT belongs to ManufacturerMSP',
      );
      await refused(
        mill.submit('commission', { batchId: 'W-X', productId: 'RYE', quantity: 1, location: 'MILL-1' }),
        'NOT_FOUND',
        'Product RYE',
      );
      await refused(
        mill.submit('commissionMany', {
          batches: [
            { batchId: 'W-5', productId: 'WHEAT', quantity: 1, location: 'MILL-1' },
            { batchId: 'W-5', productId: 'WHEAT', quantity: 1, location: 'MILL-1' },
          ],
        }),
        'INVALID_ARGUMENT',
        'appears more than once',
      );
      await refused(
        mill.submit('commissionMany', {
          batches: [
            { batchId: 'W-5', productId: 'WHEAT', quantity: 1, location: 'MILL-1' },
            { batchId: 'W-1', productId: 'WHEAT', quantity: 1, location: 'MILL-1' },
          ],
        }),
        'ALREADY_EXISTS',
        'Batch W-1 already exists',
      );
      await refused(mill.evaluate('getBatch', { batchId: 'W-5' }), 'NOT_FOUND');
      expect((await batch('W-1')).quantity).to.equal(1000);
    });
  });

  describe('transforming wheat into flour', () => {
    it('consumes input quantities and produces output batches linked to them', async () => {
      await mill.submit('transform', {
        transformationId: 'MILLING-1',
        inputs: [
          { batchId: 'W-1', quantity: 600 },
          { batchId: 'W-2', quantity: 400 },
        ],
        outputs: [
          { batchId: 'F-1', productId: 'FLOUR', quantity: 700 },
          { batchId: 'F-2', productId: 'FLOUR', quantity: 150 },
        ],
        location: 'MILL-1',
      });
      expect(await batch('W-1')).to.deep.include({ quantity: 400, status: 'ACTIVE' });
      expect(await batch('W-2')).to.deep.include({ quantity: 0, status: 'CONSUMED' });
      const f1 = await batch('F-1');
      expect(f1.origin).to.deep.equal({
        kind: 'transformed',
        eventId: 'MILLING-1',
        inputs: [
          { batchId: 'W-1', quantity: 600 },
          { batchId: 'W-2', quantity: 400 },
        ],
      });
    });

    it('cannot consume more than a batch holds, nor a consumed batch, nor a batch elsewhere', async () => {
      const request = (inputs: object[], location = 'MILL-1') => ({
        transformationId: 'MILLING-2',
        inputs,
        outputs: [{ batchId: 'F-9', productId: 'FLOUR', quantity: 1 }],
        location,
      });
      await refused(
        mill.submit('transform', request([{ batchId: 'W-1', quantity: 401 }])),
        'INSUFFICIENT_QUANTITY',
        'W-1 holds 400 kg',
      );
      await refused(
        mill.submit('transform', request([{ batchId: 'W-2', quantity: 1 }])),
        'ILLEGAL_TRANSITION',
        /^Batch W-2 is CONSUMED; consume is allowed only from ACTIVE; transitions allowed from CONSUMED: recall, recallDownstream$/,
      );
      await refused(
        mill.submit('transform', request([{ batchId: 'W-1', quantity: 1 }], 'MILL-2')),
        'CONFLICT',
        'W-1 is at MILL-1',
      );
      await refused(carrier.submit('transform', request([{ batchId: 'W-1', quantity: 1 }])), 'FORBIDDEN');
      await refused(mill.evaluate('getBatch', { batchId: 'F-9' }), 'NOT_FOUND');
      await refused(mill.evaluate('getTransformation', { transformationId: 'MILLING-2' }), 'NOT_FOUND');
      expect((await batch('W-1')).quantity).to.equal(400);
    });

    it('refuses to replay a transformation', async () => {
      await refused(
        mill.submit('transform', {
          transformationId: 'MILLING-1',
          inputs: [{ batchId: 'W-1', quantity: 1 }],
          outputs: [{ batchId: 'F-8', productId: 'FLOUR', quantity: 1 }],
          location: 'MILL-1',
        }),
        'ALREADY_EXISTS',
        'Transformation MILLING-1 already exists',
      );
    });
  });

  describe('packing and shipping: custody needs both parties', () => {
    it('packs flour onto a pallet; packed batches move only with it', async () => {
      const pallet = await mill.submit<Stored<{ contents: string[]; location: string }>>('aggregate', {
        palletId: 'PAL-1',
        batchIds: ['F-1', 'F-2'],
      });
      expect(pallet.data).to.deep.include({ contents: ['F-1', 'F-2'], location: 'MILL-1' });
      expect(await batch('F-1')).to.deep.include({ status: 'PACKED', palletId: 'PAL-1' });
      await refused(
        mill.submit('shipBatch', { batchId: 'F-1', receiver: 'LogisticsMSP' }),
        'ILLEGAL_TRANSITION',
        'Batch F-1 is PACKED; ship is allowed only from ACTIVE; transitions allowed from PACKED: unpack, receiveInPallet, recall, recallDownstream',
      );
    });

    it('ships the pallet to a named carrier; nobody else can receive it', async () => {
      await refused(
        carrier.submit('shipPallet', { palletId: 'PAL-1', receiver: 'InnovatorMSP' }),
        'FORBIDDEN',
        'PAL-1: only its custodian, ManufacturerMSP, may change it; LogisticsMSP may not',
      );
      await refused(
        mill.submit('shipPallet', { palletId: 'PAL-1', receiver: 'ManufacturerMSP' }),
        'CONFLICT',
        'already in the custody',
      );
      const shipped = await mill.submit<Stored<{ status: string; receiver: string }>>('shipPallet', {
        palletId: 'PAL-1',
        receiver: 'LogisticsMSP',
      });
      expect(shipped.data).to.deep.include({ status: 'IN_TRANSIT', receiver: 'LogisticsMSP' });
      await refused(
        bakery.submit('receivePallet', { palletId: 'PAL-1', location: 'BAKERY-1' }),
        'FORBIDDEN',
        'PAL-1: only the receiver it was shipped to, LogisticsMSP, may change it; InnovatorMSP may not',
      );
      await refused(
        mill.submit('receivePallet', { palletId: 'PAL-1', location: 'MILL-1' }),
        'FORBIDDEN',
        'PAL-1: only the receiver it was shipped to, LogisticsMSP, may change it; ManufacturerMSP may not',
      );
      await refused(
        mill.submit('shipPallet', { palletId: 'PAL-1', receiver: 'InnovatorMSP' }),
        'ILLEGAL_TRANSITION',
        'Pallet PAL-1 is IN_TRANSIT',
      );
    });

    it('hands custody of the pallet and every batch on it to the receiver', async () => {
      await carrier.submit('receivePallet', { palletId: 'PAL-1', location: 'DEPOT-1' });
      expect(await batch('F-1')).to.deep.include({ custodian: 'LogisticsMSP', location: 'DEPOT-1', status: 'PACKED' });
      await refused(
        carrier.submit('receivePallet', { palletId: 'PAL-1', location: 'DEPOT-1' }),
        'ILLEGAL_TRANSITION',
        'Pallet PAL-1 is ASSEMBLED',
      );
      await carrier.submit('shipPallet', { palletId: 'PAL-1', receiver: 'InnovatorMSP' });
      await bakery.submit('receivePallet', { palletId: 'PAL-1', location: 'BAKERY-1' });
      const emptied = await bakery.submit<Stored<{ status: string; contents: string[] }>>('disaggregate', {
        palletId: 'PAL-1',
      });
      expect(emptied.data).to.deep.include({ status: 'DISSOLVED', contents: [] });
      expect(await batch('F-1')).to.deep.include({ status: 'ACTIVE', custodian: 'InnovatorMSP', location: 'BAKERY-1' });
    });

    it('ships part of a batch as a new batch and never more than is held', async () => {
      await refused(
        mill.submit('shipBatch', { batchId: 'W-1', receiver: 'LogisticsMSP', quantity: 401 }),
        'INSUFFICIENT_QUANTITY',
        'W-1 holds 400 kg; cannot ship 401',
      );
      await refused(
        mill.submit('shipBatch', { batchId: 'W-1', receiver: 'LogisticsMSP', quantity: 150 }),
        'INVALID_ARGUMENT',
        'splitBatchId',
      );
      const part = await mill.submit<Stored<Batch>>('shipBatch', {
        batchId: 'W-1',
        receiver: 'LogisticsMSP',
        quantity: 150,
        splitBatchId: 'W-1/S1',
      });
      expect(part.data).to.deep.include({
        id: 'W-1/S1',
        quantity: 150,
        status: 'IN_TRANSIT',
        custodian: 'ManufacturerMSP',
        receiver: 'LogisticsMSP',
      });
      expect((await batch('W-1')).quantity).to.equal(250);
      await carrier.submit('receiveBatch', { batchId: 'W-1/S1', location: 'DEPOT-1' });
      expect(await batch('W-1/S1')).to.deep.include({ status: 'ACTIVE', custodian: 'LogisticsMSP' });
      expect((await batch('W-1/S1')).receiver).to.equal(undefined);
      await refused(
        carrier.submit('receiveBatch', { batchId: 'W-1/S1', location: 'DEPOT-1' }),
        'ILLEGAL_TRANSITION',
        'W-1/S1 is ACTIVE',
      );
    });
  });

  describe('baking and inspection', () => {
    it('bakes bread from the flour at the bakery', async () => {
      await bakery.submit('transform', {
        transformationId: 'BAKE-1',
        inputs: [{ batchId: 'F-1', quantity: 700 }],
        outputs: [{ batchId: 'BREAD-1', productId: 'BREAD', quantity: 1400 }],
        location: 'BAKERY-1',
      });
      expect(await batch('BREAD-1')).to.deep.include({ status: 'ACTIVE', custodian: 'InnovatorMSP', quantity: 1400 });
      expect(await batch('F-1')).to.deep.include({ status: 'CONSUMED', quantity: 0 });
    });

    it('quarantines a batch that fails inspection and releases it when it passes', async () => {
      await refused(
        bakery.submit('inspect', {
          inspectionId: 'I-0',
          batchId: 'BREAD-1',
          result: 'PASS',
          certificateHash: certificate('self'),
        }),
        'FORBIDDEN',
        'allowed: RegulatorMSP with role inspector',
      );
      await inspector.submit('inspect', {
        inspectionId: 'I-1',
        batchId: 'BREAD-1',
        result: 'FAIL',
        certificateHash: certificate('lab report 1'),
      });
      expect((await batch('BREAD-1')).status).to.equal('QUARANTINED');
      await refused(
        bakery.submit('shipBatch', { batchId: 'BREAD-1', receiver: 'LogisticsMSP' }),
        'ILLEGAL_TRANSITION',
        'BREAD-1 is QUARANTINED',
      );
      await inspector.submit('inspect', {
        inspectionId: 'I-2',
        batchId: 'BREAD-1',
        result: 'PASS',
        certificateHash: certificate('lab report 2'),
      });
      expect(await batch('BREAD-1')).to.deep.include({
        status: 'ACTIVE',
        certificateHash: certificate('lab report 2'),
      });
      await refused(
        inspector.submit('inspect', {
          inspectionId: 'I-2',
          batchId: 'BREAD-1',
          result: 'PASS',
          certificateHash: certificate('lab report 2'),
        }),
        'ALREADY_EXISTS',
        'Inspection I-2 already exists',
      );
      const results = await listAll<Stored<{ result: string }>>(
        inspector,
        'listInspections',
        { batchId: 'BREAD-1' },
        1,
      );
      expect(results.map((i) => i.data.result)).to.deep.equal(['FAIL', 'PASS']);
    });
  });

  describe('provenance', () => {
    it('traces wheat downstream through milling, packing, splitting and baking', async () => {
      const nodes = await listAll<TraceNode>(mill, 'trace', { id: 'W-1', direction: 'downstream', maxDepth: 5 }, 2);
      const byId = Object.fromEntries(nodes.map((node) => [node.id, node]));
      expect(Object.keys(byId)).to.have.members(['F-1', 'F-2', 'W-1/S1', 'PAL-1', 'BREAD-1']);
      expect(byId['BREAD-1']).to.deep.include({ depth: 2, parent: 'F-1', via: 'transform', kind: 'batch' });
      expect(byId['PAL-1']).to.deep.include({ depth: 2, via: 'aggregate', kind: 'pallet' });
      expect(byId['W-1/S1']).to.deep.include({ depth: 1, via: 'split' });
    });

    it('traces bread upstream to every wheat batch it came from, within the depth asked for', async () => {
      const full = await listAll<TraceNode>(bakery, 'trace', { id: 'BREAD-1', direction: 'upstream', maxDepth: 5 }, 10);
      expect(full.map((node) => node.id)).to.deep.equal(['F-1', 'W-1', 'W-2']);
      const shallow = await listAll<TraceNode>(
        bakery,
        'trace',
        { id: 'BREAD-1', direction: 'upstream', maxDepth: 1 },
        10,
      );
      expect(shallow.map((node) => node.id)).to.deep.equal(['F-1']);
      const palletContents = await listAll<TraceNode>(
        bakery,
        'trace',
        { id: 'PAL-1', direction: 'upstream', maxDepth: 1 },
        10,
      );
      expect(palletContents.map((node) => node.id)).to.deep.equal(['F-1', 'F-2']);
      await refused(bakery.evaluate('trace', { id: 'NOPE', direction: 'upstream' }), 'NOT_FOUND');
      await refused(
        bakery.evaluate('trace', { id: 'BREAD-1', direction: 'sideways' }),
        'INVALID_ARGUMENT',
        'direction',
      );
      await refused(
        bakery.evaluate('trace', { id: 'BREAD-1', direction: 'upstream', maxDepth: 21 }),
        'INVALID_ARGUMENT',
        'maxDepth',
      );
    });
  });

  describe('recall', () => {
    it('recalls contaminated wheat and everything made from it, with one event per marked batch', async () => {
      await refused(
        bakery.submit('recall', { recallId: 'R-0', batchId: 'W-2', reason: 'mould' }),
        'FORBIDDEN',
        'owner of product WHEAT',
      );
      const { result, event } = await inspector.submitWithEvent<Stored<{ status: string; marked: number }>>('recall', {
        recallId: 'R-1',
        batchId: 'W-2',
        reason: 'aflatoxin above limit',
      });
      expect(result.data).to.deep.include({ status: 'COMPLETE', marked: 4 });
      for (const id of ['W-2', 'F-1', 'F-2', 'BREAD-1']) {
        expect((await batch(id)).status, id).to.equal('RECALLED');
        expect((await batch(id)).recall?.recallId).to.equal('R-1');
      }
      expect((await batch('W-1')).status).to.equal('ACTIVE');
      expect(event.name).to.equal('RecallOpened');
      expect(event.payload.schema).to.equal('scenechain.events/1');
      const recalled = event.payload.events.filter((e) => e.name === 'BatchRecalled').map((e) => e.id);
      expect(recalled).to.have.members(['W-2', 'F-1', 'F-2', 'BREAD-1']);
      expect(event.payload.events.at(-1)).to.deep.include({
        name: 'RecallCompleted',
        id: 'R-1',
        from: 'IN_PROGRESS',
        to: 'COMPLETE',
      });
    });

    it('refuses to recall a recalled batch or to replay a recall', async () => {
      await refused(
        inspector.submit('recall', { recallId: 'R-2', batchId: 'F-1', reason: 'x' }),
        'ILLEGAL_TRANSITION',
        'F-1 is RECALLED',
      );
      await refused(
        inspector.submit('recall', { recallId: 'R-1', batchId: 'W-3', reason: 'x' }),
        'ALREADY_EXISTS',
        'Recall R-1',
      );
      await refused(
        inspector.submit('continueRecall', { recallId: 'R-1' }),
        'ILLEGAL_TRANSITION',
        'Recall R-1 is COMPLETE',
      );
    });

    it('lets a brand owner recall its own product and lists recalled batches by status', async () => {
      await mill.submit('recall', { recallId: 'R-3', batchId: 'W-3', reason: 'foreign bodies' });
      const recalled = await listAll<Stored<Batch>>(inspector, 'listBatchesByStatus', { status: 'RECALLED' }, 2);
      expect(recalled.map((b) => b.data.id)).to.deep.equal(['BREAD-1', 'F-1', 'F-2', 'W-2', 'W-3']);
    });

    it('finishes a recall too large for one transaction with continueRecall', async () => {
      await mill.submit('commission', { batchId: 'SEED', productId: 'WHEAT', quantity: 100, location: 'MILL-1' });
      for (let round = 0; round < 11; round++) {
        await mill.submit('transform', {
          transformationId: `SPREAD-${round}`,
          inputs: [{ batchId: 'SEED', quantity: 1 }],
          outputs: Array.from({ length: 20 }, (_, i) => ({
            batchId: `SP-${round}-${i}`,
            productId: 'FLOUR',
            quantity: 1,
          })),
          location: 'MILL-1',
        });
      }
      const first = await inspector.submit<Stored<{ status: string; marked: number; queued: number; visited: number }>>(
        'recall',
        { recallId: 'R-BIG', batchId: 'SEED', reason: 'contaminated seed' },
      );
      // The queue of batches still to visit lives in keyed records, not in an array on the recall.
      expect(first.data).to.deep.include({ status: 'IN_PROGRESS', marked: 201, queued: 220, visited: 200 });
      const last = await inspector.submit<Stored<{ status: string; marked: number }>>('continueRecall', {
        recallId: 'R-BIG',
      });
      expect(last.data).to.deep.include({ status: 'COMPLETE', marked: 221 });
      expect((await batch('SP-10-19')).status).to.equal('RECALLED');
    });
  });

  describe('lists, indexes and history', () => {
    it('keeps the custodian index in step with every hand-off', async () => {
      const atBakery = await listAll<Stored<Batch>>(bakery, 'listBatchesByCustodian', { custodian: 'InnovatorMSP' }, 1);
      expect(atBakery.map((b) => b.data.id)).to.deep.equal(['BREAD-1', 'F-1', 'F-2']);
      const carrierActive = await listAll<Stored<Batch>>(carrier, 'listBatchesByCustodian', {
        custodian: 'LogisticsMSP',
        status: 'ACTIVE',
      });
      expect(carrierActive.map((b) => b.data.id)).to.deep.equal(['W-1/S1']);
      const millActive = await listAll<Stored<Batch>>(mill, 'listBatchesByCustodian', {
        custodian: 'ManufacturerMSP',
        status: 'ACTIVE',
      });
      expect(millActive.map((b) => b.data.id)).to.deep.equal(['W-1', 'W-4']);
      const ofFlour = await listAll<Stored<Batch>>(mill, 'listBatchesByProduct', { productId: 'FLOUR' }, 50);
      expect(ofFlour).to.have.length(2 + 220);
      const pallets = await listAll<Stored<{ id: string }>>(bakery, 'listPalletsByCustodian', {
        custodian: 'InnovatorMSP',
        status: 'DISSOLVED',
      });
      expect(pallets.map((p) => p.data.id)).to.deep.equal(['PAL-1']);
    });

    it('conserves quantities: what W-1 lost went into flour and the split-off part', async () => {
      const w1 = await batch('W-1');
      const part = await batch('W-1/S1');
      expect(w1.quantity + part.quantity + 600).to.equal(1000);
    });

    it('tells the history of a batch: every transition with its actor, newest first', async () => {
      const history = await listAll<{ txId: string; record: Stored<Batch> }>(
        bakery,
        'batchHistory',
        { batchId: 'F-1' },
        3,
      );
      expect(history.map((h) => `${h.record.audit.action}:${h.record.audit.actor.mspId}`)).to.deep.equal([
        'recallDownstream:RegulatorMSP',
        'consume:InnovatorMSP',
        'unpack:InnovatorMSP',
        'receiveInPallet:InnovatorMSP',
        'receiveInPallet:LogisticsMSP',
        'pack:ManufacturerMSP',
        'produce:ManufacturerMSP',
      ]);
      expect(history.map((h) => h.record.audit.revision)).to.deep.equal([7, 6, 5, 4, 3, 2, 1]);
      expect(new Set(history.map((h) => h.txId)).size).to.equal(7);
    });
  });

  describe('bad input', () => {
    const cases: [string, string, unknown, string][] = [
      ['missing field', 'commission', { batchId: 'B', productId: 'WHEAT', location: 'MILL-1' }, 'quantity'],
      [
        'mistyped field',
        'commission',
        { batchId: 'B', productId: 'WHEAT', quantity: '5', location: 'MILL-1' },
        'quantity',
      ],
      [
        'extra field',
        'commission',
        { batchId: 'B', productId: 'WHEAT', quantity: 5, location: 'MILL-1', price: 1 },
        'Unrecognized key',
      ],
      ['oversize field', 'registerProduct', { productId: 'P', name: 'n'.repeat(201), unit: 'kg' }, 'name'],
      ['unknown unit', 'registerProduct', { productId: 'P', name: 'n', unit: 'bushel' }, 'unit'],
      ['bad receiver', 'shipBatch', { batchId: 'W-1', receiver: 'not an msp' }, 'receiver'],
      [
        'bad digest',
        'inspect',
        { inspectionId: 'I', batchId: 'W-1', result: 'PASS', certificateHash: 'abc' },
        'certificateHash',
      ],
      ['empty list', 'aggregate', { palletId: 'PAL-2', batchIds: [] }, 'batchIds'],
      ['page too large', 'listBatchesByStatus', { status: 'ACTIVE', pageSize: 1000 }, 'pageSize'],
      ['not an object', 'getBatch', ['W-1'], 'expected object'],
    ];
    for (const [label, transaction, request, mentions] of cases) {
      it(`refuses a request with a ${label} (${transaction})`, async () => {
        await refused(mill.submit(transaction, request), 'INVALID_ARGUMENT', mentions);
      });
    }

    it('refuses text that is not JSON, a wrong argument count and an unknown transaction', async () => {
      await refused(mill.contract.submitTransaction('commission', '{"batchId":'), 'INVALID_ARGUMENT', 'not valid JSON');
      await refused(
        mill.contract.submitTransaction('commission', '{}', '{}'),
        'INVALID_ARGUMENT',
        'exactly one argument',
      );
      await refused(mill.contract.evaluateTransaction('teleport', '{}'), 'UNKNOWN_TRANSACTION');
    });

    it('changed nothing while refusing', async () => {
      expect((await mill.evaluate<Stored<Batch>>('getBatch', { batchId: 'W-1' })).audit.revision).to.equal(3);
      await refused(mill.evaluate('getBatch', { batchId: 'B' }), 'NOT_FOUND');
      await refused(mill.evaluate('getProduct', { productId: 'P' }), 'NOT_FOUND');
    });
  });

  describe('shipments to unknown orgs, and taking shipments back', () => {
    before(async () => {
      await mill.submit('commissionMany', {
        batches: ['X-1', 'X-2', 'X-3'].map((batchId) => ({
          batchId,
          productId: 'WHEAT',
          quantity: 100,
          location: 'MILL-1',
        })),
      });
      await mill.submit('aggregate', { palletId: 'PAL-X', batchIds: ['X-3'] });
    });

    it('refuses a shipment to an org that does not take part, changing nothing', async () => {
      await refused(
        mill.submit('shipBatch', { batchId: 'X-1', receiver: 'GhostMSP' }),
        'INVALID_ARGUMENT',
        'receiver: not an organisation of this supply chain',
      );
      await refused(
        mill.submit('shipBatch', { batchId: 'X-1', receiver: 'GhostMSP', quantity: 10, splitBatchId: 'X-1/G' }),
        'INVALID_ARGUMENT',
        'receiver',
      );
      await refused(
        mill.submit('shipPallet', { palletId: 'PAL-X', receiver: 'GhostMSP' }),
        'INVALID_ARGUMENT',
        'receiver',
      );
      const x1 = await mill.evaluate<Stored<Batch>>('getBatch', { batchId: 'X-1' });
      expect([x1.data.status, x1.data.quantity, x1.audit.revision]).to.deep.equal(['ACTIVE', 100, 1]);
      await refused(mill.evaluate('getBatch', { batchId: 'X-1/G' }), 'NOT_FOUND');
      const pallet = await mill.evaluate<Stored<{ status: string }>>('getPallet', { palletId: 'PAL-X' });
      expect(pallet.data.status).to.equal('ASSEMBLED');
    });

    it('lets only the sender take back a batch in transit; the named receiver can no longer receive it', async () => {
      await mill.submit('shipBatch', { batchId: 'X-1', receiver: 'LogisticsMSP' });
      await refused(
        carrier.submit('cancelBatchShipment', { batchId: 'X-1' }),
        'FORBIDDEN',
        'X-1: only its custodian, ManufacturerMSP, may change it; LogisticsMSP may not',
      );
      await refused(bakery.submit('cancelBatchShipment', { batchId: 'X-1' }), 'FORBIDDEN');
      await refused(millClerk.submit('cancelBatchShipment', { batchId: 'X-1' }), 'FORBIDDEN');
      expect((await batch('X-1')).status).to.equal('IN_TRANSIT');
      const { event } = await mill.submitWithEvent('cancelBatchShipment', { batchId: 'X-1' });
      expect(event.name).to.equal('BatchShipmentCancelled');
      const x1 = await batch('X-1');
      expect([x1.status, x1.custodian, x1.receiver]).to.deep.equal(['ACTIVE', 'ManufacturerMSP', undefined]);
      await refused(carrier.submit('receiveBatch', { batchId: 'X-1', location: 'DEPOT-1' }), 'ILLEGAL_TRANSITION');
      await refused(mill.submit('cancelBatchShipment', { batchId: 'X-1' }), 'ILLEGAL_TRANSITION', 'X-1 is ACTIVE');
    });

    it('reports a refusal as code, message and facts through the gateway client', async () => {
      // The real client's error: the endorser's detail is the peer's prefix and the kit's canonical JSON.
      const receiving = carrier.submit('receiveBatch', { batchId: 'X-1', location: 'DEPOT-1' });
      const thrown = await receiving.then(
        () => expect.fail('receiving an ACTIVE batch succeeded'),
        (error: unknown) => error,
      );
      expect(thrown).to.be.instanceOf(GatewayError);
      const [detail] = (thrown as GatewayError).details;
      expect(detail.message.startsWith('chaincode response 500, {"code":"ILLEGAL_TRANSITION","facts":{')).to.equal(
        true,
        detail.message,
      );
      const illegal = await refusal(Promise.reject(thrown));
      expect(illegal.code).to.equal('ILLEGAL_TRANSITION');
      expect(illegal.facts).to.deep.equal({
        recordType: 'Batch',
        id: 'X-1',
        currentState: 'ACTIVE',
        allowedTransitions: [
          'split',
          'pack',
          'ship',
          'consume',
          'consumePart',
          'passInspection',
          'failInspection',
          'recall',
          'recallDownstream',
        ],
      });
      expect(illegal.message).to.equal(
        'Batch X-1 is ACTIVE; receive is allowed only from IN_TRANSIT; transitions allowed from ACTIVE: split, pack, ' +
          'ship, consume, consumePart, passInspection, failInspection, recall, recallDownstream',
      );
      // An evaluation's refusal carries its facts too, and so does a request the kit refuses before running it.
      await refused(mill.evaluate('getBatch', { batchId: 'NOPE-1' }), 'NOT_FOUND', 'Batch NOPE-1 does not exist', {
        recordType: 'Batch',
        id: 'NOPE-1',
      });
      await refused(mill.submit('shipBatch', { batchId: 'X-1', receiver: 7 }), 'INVALID_ARGUMENT', 'receiver', {
        issues: [
          {
            path: 'receiver',
            message:
              'not an organisation of this supply chain; one of ManufacturerMSP, InnovatorMSP, LogisticsMSP, RegulatorMSP',
          },
        ],
      });
      await refused(mill.evaluate('noSuchTransaction', {}), 'UNKNOWN_TRANSACTION', 'has no transaction', {
        issues: [],
      });
    });

    it('takes back a part split off in transit, and a pallet', async () => {
      await mill.submit('shipBatch', { batchId: 'X-2', receiver: 'InnovatorMSP', quantity: 30, splitBatchId: 'X-2/P' });
      await mill.submit('cancelBatchShipment', { batchId: 'X-2/P' });
      const part = await batch('X-2/P');
      expect([part.status, part.custodian, part.quantity, part.receiver]).to.deep.equal([
        'ACTIVE',
        'ManufacturerMSP',
        30,
        undefined,
      ]);
      await mill.submit('shipPallet', { palletId: 'PAL-X', receiver: 'LogisticsMSP' });
      await refused(carrier.submit('cancelPalletShipment', { palletId: 'PAL-X' }), 'FORBIDDEN');
      await mill.submit('cancelPalletShipment', { palletId: 'PAL-X' });
      const pallet = await mill.evaluate<Stored<{ status: string; receiver?: string }>>('getPallet', {
        palletId: 'PAL-X',
      });
      expect([pallet.data.status, pallet.data.receiver]).to.deep.equal(['ASSEMBLED', undefined]);
      await refused(carrier.submit('receivePallet', { palletId: 'PAL-X', location: 'DEPOT-1' }), 'ILLEGAL_TRANSITION');
      expect((await batch('X-3')).custodian).to.equal('ManufacturerMSP');
    });
  });

  describe('bounded work per transaction', () => {
    const spread = (round: number, outputs: number) => ({
      transformationId: `FAN-${round}`,
      inputs: [{ batchId: 'FAN', quantity: 1 }],
      outputs: Array.from({ length: outputs }, (_, i) => ({
        batchId: `FAN-${round}-${i}`,
        productId: 'FLOUR',
        quantity: 1,
      })),
      location: 'MILL-1',
    });

    it('refuses a 501st downstream link of one batch with LIMIT_EXCEEDED, changing nothing', async () => {
      await mill.submit('commission', { batchId: 'FAN', productId: 'WHEAT', quantity: 1000, location: 'MILL-1' });
      for (let round = 0; round < 25; round++) await mill.submit('transform', spread(round, 20));
      const before = await mill.evaluate<Stored<Batch>>('getBatch', { batchId: 'FAN' });
      expect(before.data.quantity).to.equal(975);
      await refused(mill.submit('transform', spread(25, 1)), 'LIMIT_EXCEEDED', 'FAN already went into 500 items');
      await refused(
        mill.submit('shipBatch', { batchId: 'FAN', receiver: 'LogisticsMSP', quantity: 5, splitBatchId: 'FAN-S' }),
        'LIMIT_EXCEEDED',
        'at most 500',
      );
      const after = await mill.evaluate<Stored<Batch>>('getBatch', { batchId: 'FAN' });
      expect(after.audit.revision).to.equal(before.audit.revision);
      await refused(mill.evaluate('getBatch', { batchId: 'FAN-25-0' }), 'NOT_FOUND');
      await refused(mill.evaluate('getBatch', { batchId: 'FAN-S' }), 'NOT_FOUND');
      await refused(mill.evaluate('getTransformation', { transformationId: 'FAN-25' }), 'NOT_FOUND');
    });

    it('recalls a batch with the most downstream links over several transactions, each bounded', async () => {
      type RecallState = Stored<{ status: string; marked: number; queued: number; visited: number }>;
      const first = await inspector.submit<RecallState>('recall', { recallId: 'R-FAN', batchId: 'FAN', reason: 'x' });
      expect(first.data).to.deep.include({ status: 'IN_PROGRESS', marked: 201, queued: 500, visited: 200 });
      const second = await inspector.submit<RecallState>('continueRecall', { recallId: 'R-FAN' });
      expect(second.data).to.deep.include({ status: 'IN_PROGRESS', marked: 401, visited: 400 });
      const last = await inspector.submit<RecallState>('continueRecall', { recallId: 'R-FAN' });
      expect(last.data).to.deep.include({ status: 'COMPLETE', marked: 501, queued: 500, visited: 500 });
      expect((await batch('FAN-24-19')).status).to.equal('RECALLED');
    });
  });

  describe('selling flour with terms only seller and buyer know', () => {
    const MILL = 'ManufacturerMSP';
    const BAKERY = 'InnovatorMSP';
    const terms = {
      contractNumber: 'HT-2026-MEHL-0042',
      unitPrice: 385,
      totalPrice: 112_000,
      currency: 'CNY',
      paymentTerms: '到货验收后30天内电汇付款',
      incoterm: 'DAP',
      deliveryPlace: 'Bakery depot, Hangzhou',
    };
    const salt = randomBytes(32).toString('base64url');
    const secrets = [terms.contractNumber, terms.paymentTerms, canonicalJson(terms), salt];
    interface Sale {
      status: string;
      termsHash: string;
      shippedBatchId?: string;
    }
    const keep = (client: ScenarioClient, party: string, saleId: string, kept: object = terms) =>
      submitPrivate<{ termsHash: string }>(client, 'keepSaleTerms', { saleId, party }, { terms: kept, salt }, [party]);
    const sale = async (saleId: string) => (await mill.evaluate<Stored<Sale>>('getSale', { saleId })).data;

    it('records a sale confirmed on identical kept terms, publishing only their salted hash', async () => {
      await mill.submit('commission', { batchId: 'F-SALE', productId: 'FLOUR', quantity: 500, location: 'MILL-1' });
      const kept = await keep(mill, MILL, 'S-1');
      expect(kept).to.deep.equal({ saleId: 'S-1', party: MILL, termsHash: privateCommitment({ data: terms, salt }) });
      await refused(
        mill.submit('proposeSale', { saleId: 'S-2', buyer: BAKERY, batchId: 'F-SALE', quantity: 300 }),
        'CONFLICT',
        `${MILL} keeps no terms for Sale S-2: keep them first`,
      );
      await refused(
        carrier.submit('proposeSale', { saleId: 'S-1', buyer: BAKERY, batchId: 'F-SALE', quantity: 300 }),
        'FORBIDDEN',
      );
      const proposed = await mill.submit<Stored<Sale>>('proposeSale', {
        ...{ saleId: 'S-1', buyer: BAKERY, batchId: 'F-SALE', quantity: 300 },
      });
      expect(proposed.data).to.include({ status: 'PROPOSED', termsHash: kept.termsHash });
      await refused(bakery.submit('confirmSale', { saleId: 'S-1' }), 'CONFLICT', `${BAKERY} has not kept its copy`);
      await keep(bakery, BAKERY, 'S-1');
      await refused(mill.submit('confirmSale', { saleId: 'S-1' }), 'FORBIDDEN', 'only its buyer, InnovatorMSP');
      await bakery.submit('confirmSale', { saleId: 'S-1' });
      expect((await sale('S-1')).status).to.equal('CONFIRMED');
      await refused(keep(bakery, BAKERY, 'S-1', { ...terms, unitPrice: 1 }), 'CONFLICT', 'its terms are settled');
    });

    it('refuses terms in the arguments and a confirmation on terms that differ, changing nothing', async () => {
      await refused(
        bakery.submit('keepSaleTerms', { saleId: 'S-2', party: BAKERY, terms, salt }),
        'INVALID_ARGUMENT',
        'terms: travels as transient data, never in the arguments',
      );
      await keep(mill, MILL, 'S-2');
      await mill.submit('proposeSale', { saleId: 'S-2', buyer: BAKERY, batchId: 'F-SALE', quantity: 100 });
      await keep(bakery, BAKERY, 'S-2', { ...terms, totalPrice: 99_000 });
      await refused(bakery.submit('confirmSale', { saleId: 'S-2' }), 'CONFLICT', `the terms ${BAKERY} kept differ`);
      expect((await sale('S-2')).status).to.equal('PROPOSED');
      await bakery.submit('withdrawSale', { saleId: 'S-2' });
      expect((await sale('S-2')).status).to.equal('WITHDRAWN');
    });

    it('lets each party read its terms on its own peer and check them; refuses every other org', async () => {
      for (const client of [mill, bakery]) {
        const own = await client.evaluate<{ terms: object; salt: string; matches: boolean }>('getOwnSaleTerms', {
          saleId: 'S-1',
        });
        expect(own).to.deep.include({ terms, salt, matches: true });
      }
      const readable = "only the sale's seller and buyer";
      await refused(inspector.evaluate('getOwnSaleTerms', { saleId: 'S-1' }), 'FORBIDDEN', readable);
      await refused(carrier.evaluate('getOwnSaleTerms', { saleId: 'S-1' }), 'FORBIDDEN', readable);
      // Shown the terms, anyone can check them against the hash on its own peer; a changed price does not match.
      const check = async (shown: object) =>
        JSON.parse(
          new TextDecoder().decode(
            await inspector.contract.evaluate('verifySaleTerms', {
              arguments: [JSON.stringify({ saleId: 'S-1' })],
              transientData: transientOf({ terms: shown, salt }),
            }),
          ),
        ) as { matches: boolean };
      expect((await check(terms)).matches).to.equal(true);
      expect((await check({ ...terms, unitPrice: 384 })).matches).to.equal(false);
    });

    it('ships the goods under the sale via a carrier; the buyer’s receipt delivers it', async () => {
      const ship = (quantity: number) => ({
        ...{ batchId: 'F-SALE', receiver: 'LogisticsMSP', quantity, splitBatchId: 'F-SALE/1', saleId: 'S-1' },
      });
      await refused(mill.submit('shipBatch', ship(200)), 'CONFLICT', 'Sale S-1 is of 300 kg; this shipment is 200');
      await refused(
        mill.submit('shipBatch', { ...ship(300), receiver: 'RegulatorMSP' }),
        'CONFLICT',
        'ships to its buyer, InnovatorMSP, or a logistics provider',
      );
      await mill.submit('shipBatch', ship(300));
      expect(await sale('S-1')).to.include({ status: 'SHIPPED', shippedBatchId: 'F-SALE/1' });
      await mill.submit('cancelBatchShipment', { batchId: 'F-SALE/1' });
      expect((await sale('S-1')).status).to.equal('CONFIRMED');
      await mill.submit('shipBatch', { batchId: 'F-SALE/1', receiver: 'LogisticsMSP', saleId: 'S-1' });
      await carrier.submit('receiveBatch', { batchId: 'F-SALE/1', location: 'DEPOT-1' });
      expect((await sale('S-1')).status).to.equal('SHIPPED');
      await carrier.submit('shipBatch', { batchId: 'F-SALE/1', receiver: BAKERY });
      await bakery.submit('receiveBatch', { batchId: 'F-SALE/1', location: 'BAKERY-1' });
      expect((await sale('S-1')).status).to.equal('DELIVERED');
    });

    it('leaves the terms in no block and in no private store but the two parties’', async () => {
      await expectNoLeak(network.net, secrets, [MILL, BAKERY]);
      // The scan finds what is there: both parties' stores hold the terms.
      for (const party of [MILL, BAKERY]) {
        expect(await privateStoreHolds(network.net, party, canonicalJson(terms)), party).to.equal(true);
      }
    });
  });
});
