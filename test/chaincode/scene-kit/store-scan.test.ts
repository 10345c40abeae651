import '../support/quiet-contract-api';
import { expect } from 'chai';
import { z } from 'zod';
import {
  compareKeys,
  compositeKey,
  defineRecordType,
  identifier,
  indexOn,
  openScene,
  type Scene,
  type Step,
} from '../../../chaincode/scene-kit/src';
import { FakeLedger, fakeIdentity, type FakeStub } from './fake-stub';

const boxSchema = z.strictObject({ id: identifier, owner: z.string(), label: z.string().optional() });
type Box = z.output<typeof boxSchema>;

const boxes = defineRecordType({
  name: 'ScanBox',
  schema: boxSchema,
  key: ['id'],
  indexes: { byOwner: indexOn<Box>('owner') },
});

const shelfSchema = z.strictObject({ room: z.string(), shelf: z.string() });
const shelves = defineRecordType({ name: 'ScanShelf', schema: shelfSchema, key: ['room', 'shelf'], events: false });

const created: Step = { action: 'create', event: 'BoxCreated', from: null, to: null };
const moved: Step = { action: 'move', event: 'BoxMoved', from: null, to: null };

describe('scene kit: bounded scans that see the transaction’s own writes', () => {
  let ledger: FakeLedger;
  /** Committed entries the peer handed out to range reads, per transaction. */
  let rangeReads: number;

  const tx = (): { stub: FakeStub; scene: Scene } => {
    const stub = ledger.transaction();
    const original = stub.getStateByPartialCompositeKey.bind(stub);
    stub.getStateByPartialCompositeKey = async (type: string, attrs: string[]) => {
      const iterator = await original(type, attrs);
      return {
        next: async () => {
          const next = await iterator.next();
          if (!next.done) rangeReads += 1;
          return next;
        },
        close: iterator.close,
      };
    };
    return {
      stub,
      scene: openScene(stub.asStub(), fakeIdentity('OrgAMSP', 'alice', { role: 'clerk' }), false, {
        clerk: { issuedBy: ['OrgAMSP'] },
      }),
    };
  };

  const commitBoxes = async (...list: Box[]) => {
    const { stub, scene } = tx();
    for (const box of list) await boxes.create(scene, box, { step: created });
    stub.commit();
  };

  const refusal = async (promise: Promise<unknown>): Promise<string> => {
    try {
      await promise;
    } catch (thrown) {
      return (thrown as Error).message;
    }
    throw new Error('expected a refusal');
  };

  beforeEach(() => {
    ledger = new FakeLedger();
    rangeReads = 0;
  });

  it('lists records created, moved and updated in this transaction, in key order', async () => {
    await commitBoxes({ id: 'B-1', owner: 'OrgA' }, { id: 'B-3', owner: 'OrgA' }, { id: 'B-5', owner: 'OrgB' });
    const { scene } = tx();
    await boxes.create(scene, { id: 'B-2', owner: 'OrgA' }, { step: created });
    const b3 = await boxes.mustGet(scene, { id: 'B-3' });
    await boxes.update(scene, b3, { ...b3.data, owner: 'OrgB' }, { step: moved });
    const b5 = await boxes.mustGet(scene, { id: 'B-5' });
    await boxes.update(scene, b5, { ...b5.data, owner: 'OrgA', label: 'new' }, { step: moved });

    const byOwner = await boxes.scan(scene, 'byOwner', ['OrgA'], { max: 10 });
    expect(byOwner.map((box) => [box.data.id, box.data.owner])).to.deep.equal([
      ['B-1', 'OrgA'],
      ['B-2', 'OrgA'],
      ['B-5', 'OrgA'],
    ]);
    const all = await boxes.scanByKey(scene, [], { max: 10 });
    expect(all.map((box) => [box.data.id, box.data.owner, box.data.label ?? ''])).to.deep.equal([
      ['B-1', 'OrgA', ''],
      ['B-2', 'OrgA', ''],
      ['B-3', 'OrgB', ''],
      ['B-5', 'OrgA', 'new'],
    ]);
  });

  it('drops keys deleted in this transaction and keeps keys outside the range out', async () => {
    await commitBoxes({ id: 'B-1', owner: 'OrgA' }, { id: 'B-2', owner: 'OrgA' });
    const { scene } = tx();
    await scene.store.delete(boxes.keyOf({ id: 'B-1' }));
    await scene.store.put(compositeKey('ScanBoxes', ['X']), Uint8Array.of(1));
    const entries = await scene.store.scan('ScanBox', [], { max: 5 });
    expect(entries.map((entry) => entry.key)).to.deep.equal([boxes.keyOf({ id: 'B-2' })]);
  });

  it('refuses a set larger than the maximum with LIMIT_EXCEEDED, reading only one entry past it', async () => {
    await commitBoxes(
      ...Array.from({ length: 30 }, (_, i) => ({ id: `B-${String(i).padStart(2, '0')}`, owner: 'OrgA' })),
    );
    const { scene } = tx();
    const message = await refusal(boxes.scan(scene, 'byOwner', ['OrgA'], { max: 4 }));
    expect(message).to.equal(
      'LIMIT_EXCEEDED: more than 4 ScanBox~byOwner entries under OrgA; one transaction reads at most 4',
    );
    expect(rangeReads).to.equal(5);
    expect((await boxes.scan(tx().scene, 'byOwner', ['OrgA'], { max: 30 })).length).to.equal(30);
  });

  it('counts this transaction’s own creations and deletions against the maximum', async () => {
    await commitBoxes(...Array.from({ length: 4 }, (_, i) => ({ id: `B-${i}`, owner: 'OrgA' })));
    const adding = tx();
    await boxes.create(adding.scene, { id: 'B-9', owner: 'OrgA' }, { step: created });
    expect(await refusal(boxes.scanByKey(adding.scene, [], { max: 4 }))).to.match(
      /^LIMIT_EXCEEDED: more than 4 ScanBox/,
    );

    const removing = tx();
    await removing.scene.store.delete(boxes.keyOf({ id: 'B-0' }));
    const left = await boxes.scanByKey(removing.scene, [], { max: 3 });
    expect(left.map((box) => box.data.id)).to.deep.equal(['B-1', 'B-2', 'B-3']);
  });

  it('refuses a scan without a positive whole maximum as a defect', async () => {
    const { scene } = tx();
    expect(await refusal(scene.store.scan('ScanBox', [], { max: 0 }))).to.match(/^INTERNAL: scan maximum/);
  });

  it('merges in the peer’s UTF-8 key order, not JavaScript’s UTF-16 order', async () => {
    await commitBoxes({ id: 'B-1', owner: '\u{1F600}' });
    const { scene } = tx();
    await boxes.create(scene, { id: 'B-2', owner: '\uFF21' }, { step: created });
    const entries = await scene.store.scan('ScanBox~byOwner', [], { max: 5 });
    expect(entries.map((entry) => entry.key.split('\u0000')[2])).to.deep.equal(['\uFF21', '\u{1F600}']);
    expect(compareKeys('\uFF21', '\u{1F600}')).to.be.below(0);
    expect('\uFF21' < '\u{1F600}').to.equal(false);
    expect(compareKeys('a', 'ab')).to.be.below(0);
    expect(compareKeys('b', 'ab')).to.be.above(0);
  });

  it('names records with several key fields unambiguously, and one-field records by the field itself', () => {
    expect(shelves.idOf({ room: 'A/B', shelf: 'C' })).to.not.equal(shelves.idOf({ room: 'A', shelf: 'B/C' }));
    expect(shelves.idOf({ room: 'A/B', shelf: 'C' })).to.equal('A%2FB/C');
    expect(shelves.idOf({ room: 'A%2FB', shelf: 'C' })).to.equal('A%252FB/C');
    expect(shelves.idOf({ room: 'R-1', shelf: 'S-2' })).to.equal('R-1/S-2');
    expect(boxes.idOf({ id: 'W-1/S1' })).to.equal('W-1/S1');
  });
});
