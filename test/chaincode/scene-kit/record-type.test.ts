import '../support/quiet-contract-api';
import { expect } from 'chai';
import 'reflect-metadata';
import { z } from 'zod';
import {
  canonicalJson,
  defineRecordType,
  identifier,
  indexOn,
  openScene,
  parseLedgerJson,
  type Scene,
  type Step,
} from '../../../chaincode/scene-kit/src';
import { registerDefinedRecordTypes } from '../../../chaincode/scene-kit/src/contract';
import { FakeLedger, fakeIdentity, type FakeStub } from './fake-stub';

const crateSchema = z.strictObject({
  id: identifier,
  owner: z.string(),
  status: z.enum(['OPEN', 'SEALED']),
  tags: z.array(z.string()),
  note: z.string().optional(),
});
type Crate = z.output<typeof crateSchema>;

const crates = defineRecordType({
  name: 'TestCrate',
  schema: crateSchema,
  key: ['id'],
  indexes: {
    byOwner: indexOn<Crate>('owner', 'status'),
    byTag: indexOn<Crate>('tags'),
    byNote: indexOn<Crate>('note'),
  },
  eventDetails: (crate) => ({ owner: crate.owner }),
});

const created: Step = { action: 'create', event: 'CrateCreated', from: null, to: 'OPEN' };
const sealed: Step = { action: 'seal', event: 'CrateSealed', from: 'OPEN', to: 'SEALED' };

describe('scene kit: record types, indexes, lists and history', () => {
  let ledger: FakeLedger;

  const tx = (readOnly = false): { stub: FakeStub; scene: Scene } => {
    const stub = ledger.transaction();
    return {
      stub,
      scene: openScene(stub.asStub(), fakeIdentity('OrgAMSP', 'alice', { role: 'clerk' }), readOnly, {
        clerk: { issuedBy: ['OrgAMSP'] },
      }),
    };
  };

  const keysOf = (prefix: string) =>
    [...ledger.committed.keys()]
      .filter((key) => key.startsWith(`\u0000${prefix}\u0000`))
      .sort()
      .map((key) => key.split('\u0000').slice(2, -1));

  beforeEach(() => {
    ledger = new FakeLedger();
  });

  it('writes the record as canonical JSON with its audit and one entry per index value', async () => {
    const { stub, scene } = tx();
    await crates.create(
      scene,
      { id: 'C-1', owner: 'OrgAMSP', status: 'OPEN', tags: ['fragile', 'cold', 'fragile'] },
      { step: created },
    );
    stub.commit();
    const bytes = ledger.committed.get(crates.keyOf({ id: 'C-1' }))!;
    const stored = parseLedgerJson(bytes) as { data: Crate; audit: { revision: number; actor: object } };
    expect(Buffer.from(bytes).toString()).to.equal(canonicalJson(stored));
    expect(stored.audit).to.deep.include({ revision: 1, txId: 'tx1', action: 'create', from: null, to: 'OPEN' });
    expect(stored.audit.actor).to.deep.equal({ mspId: 'OrgAMSP', user: 'alice', role: 'clerk' });
    expect(keysOf('TestCrate~byOwner')).to.deep.equal([['OrgAMSP', 'OPEN', 'C-1']]);
    expect(keysOf('TestCrate~byTag')).to.deep.equal([
      ['cold', 'C-1'],
      ['fragile', 'C-1'],
    ]);
    expect(keysOf('TestCrate~byNote')).to.deep.equal([]);
  });

  it('refuses a second record with the same key, even within one transaction', async () => {
    const { scene } = tx();
    const crate: Crate = { id: 'C-1', owner: 'OrgAMSP', status: 'OPEN', tags: [] };
    await crates.create(scene, crate, { step: created });
    let message = '';
    await crates.create(scene, crate, { step: created }).catch((e: Error) => (message = e.message));
    expect(message).to.equal('ALREADY_EXISTS: TestCrate C-1 already exists');
  });

  it('refuses to write a record its schema rejects', async () => {
    const { scene } = tx();
    let message = '';
    await crates
      .create(scene, { id: 'C-1', owner: 'OrgAMSP', status: 'LOST', tags: [] } as unknown as Crate, { step: created })
      .catch((e: Error) => (message = e.message));
    expect(message).to.match(/^INVALID_ARGUMENT: invalid TestCrate record: status: /);
  });

  it('moves index entries with the record on update and sees its own writes within the transaction', async () => {
    const first = tx();
    await crates.create(first.scene, { id: 'C-1', owner: 'OrgAMSP', status: 'OPEN', tags: ['a'] }, { step: created });
    first.stub.commit();

    const second = tx();
    const current = await crates.mustGet(second.scene, { id: 'C-1' });
    await crates.update(
      second.scene,
      current,
      { ...current.data, status: 'SEALED', tags: ['b'], note: 'n' },
      { step: sealed },
    );
    // The peer would answer the committed value; the kit's write cache answers the new one.
    expect((await crates.mustGet(second.scene, { id: 'C-1' })).data.status).to.equal('SEALED');
    expect(Buffer.from(await second.stub.getState(crates.keyOf({ id: 'C-1' }))).toString()).to.include('"OPEN"');
    second.stub.commit();

    expect(keysOf('TestCrate~byOwner')).to.deep.equal([['OrgAMSP', 'SEALED', 'C-1']]);
    expect(keysOf('TestCrate~byTag')).to.deep.equal([['b', 'C-1']]);
    expect(keysOf('TestCrate~byNote')).to.deep.equal([['n', 'C-1']]);
    expect((await crates.mustGet(tx().scene, { id: 'C-1' })).audit.revision).to.equal(2);
  });

  it('refuses an update from a stale read', async () => {
    const first = tx();
    await crates.create(first.scene, { id: 'C-1', owner: 'OrgAMSP', status: 'OPEN', tags: [] }, { step: created });
    first.stub.commit();
    const second = tx();
    const current = await crates.mustGet(second.scene, { id: 'C-1' });
    await crates.update(second.scene, current, { ...current.data, status: 'SEALED' }, { step: sealed });
    let message = '';
    await crates
      .update(second.scene, current, { ...current.data, note: 'x' }, { step: sealed })
      .catch((e: Error) => (message = e.message));
    expect(message).to.match(/^INTERNAL: .*stale/);
  });

  it('lists through an index page by page until the bookmark is empty', async () => {
    const setup = tx();
    for (let i = 0; i < 7; i++) {
      const owner = i % 2 === 0 ? 'OrgAMSP' : 'OrgBMSP';
      await crates.create(setup.scene, { id: `C-${i}`, owner, status: 'OPEN', tags: [] }, { step: created });
    }
    setup.stub.commit();
    const seen: string[] = [];
    let bookmark = '';
    let pages = 0;
    do {
      const page = await crates.list(tx(true).scene, 'byOwner', ['OrgAMSP'], { pageSize: 3, bookmark });
      seen.push(...page.items.map((item) => item.data.id));
      bookmark = page.bookmark;
      pages += 1;
    } while (bookmark !== '');
    expect(seen).to.deep.equal(['C-0', 'C-2', 'C-4', 'C-6']);
    expect(pages).to.equal(2);
    const narrowed = await crates.list(tx(true).scene, 'byOwner', ['OrgBMSP', 'SEALED'], {
      pageSize: 10,
      bookmark: '',
    });
    expect(narrowed.items).to.deep.equal([]);
  });

  it('refuses a bookmark taken from another list', async () => {
    let message = '';
    await crates
      .list(tx(true).scene, 'byOwner', ['OrgAMSP'], { pageSize: 3, bookmark: crates.keyOf({ id: 'C-1' }) })
      .catch((e: Error) => (message = e.message));
    expect(message).to.equal('INVALID_ARGUMENT: bookmark does not belong to this list');
  });

  it("enforces Fabric's rules on paginated reads and read-only transactions", async () => {
    const writer = tx();
    await crates.create(writer.scene, { id: 'C-1', owner: 'OrgAMSP', status: 'OPEN', tags: [] }, { step: created });
    let message = '';
    await crates
      .list(writer.scene, 'byOwner', [], { pageSize: 1, bookmark: '' })
      .catch((e: Error) => (message = e.message));
    expect(message).to.match(/^INTERNAL: a paginated read after a write/);

    const reader = tx();
    await crates.list(reader.scene, 'byOwner', [], { pageSize: 1, bookmark: '' });
    message = '';
    await crates
      .create(reader.scene, { id: 'C-2', owner: 'OrgAMSP', status: 'OPEN', tags: [] }, { step: created })
      .catch((e: Error) => (message = e.message));
    expect(message).to.match(/^INTERNAL: a write after a paginated read/);

    message = '';
    await crates
      .create(tx(true).scene, { id: 'C-3', owner: 'OrgAMSP', status: 'OPEN', tags: [] }, { step: created })
      .catch((e: Error) => (message = e.message));
    expect(message).to.match(/^INTERNAL: a read-only transaction tried to write/);
  });

  it('pages through history newest first with the transition taken', async () => {
    const first = tx();
    await crates.create(first.scene, { id: 'C-1', owner: 'OrgAMSP', status: 'OPEN', tags: [] }, { step: created });
    first.stub.commit();
    const second = tx();
    const current = await crates.mustGet(second.scene, { id: 'C-1' });
    await crates.update(second.scene, current, { ...current.data, status: 'SEALED' }, { step: sealed });
    second.stub.commit();

    const newest = await crates.history(tx(true).scene, { id: 'C-1' }, { pageSize: 1, bookmark: '' });
    expect(newest.items.map((entry) => [entry.txId, entry.record?.audit.action])).to.deep.equal([['tx2', 'seal']]);
    expect(newest.bookmark).to.equal('1');
    const oldest = await crates.history(tx(true).scene, { id: 'C-1' }, { pageSize: 1, bookmark: newest.bookmark });
    expect(oldest.items.map((entry) => entry.record?.audit.to)).to.deep.equal(['OPEN']);
    expect(oldest.bookmark).to.equal('');
  });

  it('collects one event per change and sets a single chaincode event', async () => {
    const { stub, scene } = tx();
    await crates.create(scene, { id: 'C-1', owner: 'OrgAMSP', status: 'OPEN', tags: [] }, { step: created });
    await crates.create(
      scene,
      { id: 'C-2', owner: 'OrgAMSP', status: 'OPEN', tags: [] },
      { step: created, details: { why: 'test' } },
    );
    const event = scene.events.chaincodeEvent()!;
    stub.setEvent(event.name, event.payload);
    expect(stub.event!.name).to.equal('CrateCreated');
    const payload = JSON.parse(Buffer.from(stub.event!.payload).toString());
    expect(payload.schema).to.equal('scenechain.events/1');
    expect(payload.events.map((e: { id: string }) => e.id)).to.deep.equal(['C-1', 'C-2']);
    expect(payload.events[1]).to.deep.include({
      recordType: 'TestCrate',
      revision: 1,
      action: 'create',
      from: null,
      to: 'OPEN',
    });
    expect(payload.events[1].details).to.deep.equal({ owner: 'OrgAMSP', why: 'test' });
  });

  it('publishes the record shape as contract metadata derived from the schema', () => {
    registerDefinedRecordTypes();
    const objects = Reflect.getMetadata('fabric:objects', global) as Record<
      string,
      { properties: Record<string, unknown> }
    >;
    expect(objects.TestCrate.properties).to.deep.equal({
      id: { type: 'string' },
      owner: { type: 'string' },
      status: { type: 'string' },
      tags: { type: 'array', items: { type: 'string' } },
      note: { type: 'string' },
    });
  });
});
