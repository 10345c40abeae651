import { expect } from 'chai';
import type { Contract } from '@hyperledger/fabric-gateway';
import { startTestDevnet } from '../support/devnet';
import { failure } from '../support/failure';
import { connectClient, type TestClient } from '../support/fabric-client';

const CHANNEL = 'testchannel';
const utf8 = new TextDecoder();
const VALID = 0;
const MVCC_READ_CONFLICT = 11;

interface Entry {
  key: string;
  value: string;
}

/** Values written with their keys out of order: results come back re-encoded as Fabric's peer does. */
const ASSETS: Array<[string, Record<string, unknown>]> = [
  ['asset1', { size: 5, owner: 'tom', name: 'alpha', docType: 'asset', details: { tags: ['a', 'b'], color: 'red' } }],
  ['asset2', { size: 15, owner: 'amy', name: 'Bravo', docType: 'asset', details: { tags: ['b'], color: 'blue' } }],
  ['asset3', { size: 10, owner: 'tom', name: 'charlie', docType: 'asset', details: { tags: [], color: 'red' } }],
  ['asset4', { size: 1, owner: 'bob', name: 'delta', docType: 'asset', details: { color: 'green' } }],
  ['asset5', { size: 20, owner: 'tom', name: 'echo', docType: 'asset', note: '<b>&</b>' }],
  ['person1', { name: 'tom', docType: 'person', age: 40 }],
];

describe('dev network: rich queries (CouchDB Mango) through the real fabric-gateway client', function () {
  this.timeout(120_000);
  let net: Awaited<ReturnType<typeof startTestDevnet>>;
  let org1: TestClient;
  let probe: Contract;

  const query = async (mango: unknown): Promise<Entry[]> =>
    JSON.parse(utf8.decode(await probe.evaluateTransaction('rich:query', JSON.stringify(mango)))) as Entry[];
  const keys = async (mango: unknown): Promise<string[]> => (await query(mango)).map((entry) => entry.key);
  const page = async (
    mango: unknown,
    pageSize: number,
    bookmark: string,
  ): Promise<{ entries: Entry[]; fetched: number; bookmark: string }> =>
    JSON.parse(
      utf8.decode(await probe.evaluateTransaction('rich:queryPage', JSON.stringify(mango), String(pageSize), bookmark)),
    ) as { entries: Entry[]; fetched: number; bookmark: string };
  const queryError = async (mango: unknown): Promise<string> =>
    (await failure(probe.evaluateTransaction('rich:query', JSON.stringify(mango)))).details[0].message;

  before(async () => {
    net = await startTestDevnet();
    org1 = connectClient(net, 'Org1MSP');
    probe = org1.contract(CHANNEL, 'probe');
    await probe.submitTransaction(
      'rich:putMany',
      JSON.stringify([
        ...ASSETS.map(([key, value]) => [key, JSON.stringify(value)]),
        ['text1', 'plain text'],
        ['arr1', '[1,2,3]'],
      ]),
    );
    await probe.submitTransaction('rich:putHex', 'bin1', 'deadbeef');
  });

  after(async () => {
    org1?.close();
    await net?.dispose();
  });

  it('matches selectors on nested fields, in dotted or object form, and returns values as Fabric re-encodes them', async () => {
    const dotted = await query({ selector: { 'details.color': 'red' } });
    expect(dotted.map((entry) => entry.key)).to.deep.equal(['asset1', 'asset3']);
    expect(await keys({ selector: { details: { color: 'red' } } })).to.deep.equal(['asset1', 'asset3']);
    // Keys sorted, compact, no CouchDB fields (_id, _rev, ~version).
    expect(dotted[0].value).to.equal(
      '{"details":{"color":"red","tags":["a","b"]},"docType":"asset","name":"alpha","owner":"tom","size":5}',
    );
    // Go's encoder escapes <, > and &.
    const [echo] = await query({ selector: { name: 'echo' } });
    expect(echo.value).to.include('"note":"\\u003cb\\u003e\\u0026\\u003c/b\\u003e"');
  });

  it('evaluates the Mango operators with CouchDB semantics', async () => {
    expect(await keys({ selector: { owner: { $in: ['amy', 'bob'] } } })).to.deep.equal(['asset2', 'asset4']);
    expect(await keys({ selector: { $or: [{ owner: 'amy' }, { size: { $lt: 2 } }] } })).to.deep.equal([
      'asset2',
      'asset4',
    ]);
    expect(await keys({ selector: { 'details.tags': { $elemMatch: { $eq: 'b' } } } })).to.deep.equal([
      'asset1',
      'asset2',
    ]);
    expect(await keys({ selector: { 'details.tags': { $size: 0 } } })).to.deep.equal(['asset3']);
    expect(await keys({ selector: { docType: 'asset', details: { $exists: false } } })).to.deep.equal(['asset5']);
    // $not is pushed down to $ne, which (as in CouchDB) needs the field to exist.
    expect(await keys({ selector: { $not: { owner: 'tom' } } })).to.deep.equal(['asset2', 'asset4']);
    expect(await keys({ selector: { size: { $mod: [5, 0] }, owner: { $ne: 'amy' } } })).to.have.members([
      'asset1',
      'asset3',
      'asset5',
    ]);
    expect(await keys({ selector: { name: { $regex: '(?i)^b' } } })).to.deep.equal(['asset2']);
    expect(await keys({ selector: { age: { $type: 'number' }, docType: { $nin: ['asset'] } } })).to.deep.equal([
      'person1',
    ]);
    expect(await keys({ selector: { 'details.tags': { $all: ['a', 'b'] } } })).to.deep.equal(['asset1']);
  });

  it('sorts with an index, in ICU order as CouchDB views collate, and refuses a sort no index serves', async () => {
    expect(await keys({ selector: { docType: 'asset' }, sort: [{ size: 'desc' }] })).to.deep.equal([
      'asset5',
      'asset2',
      'asset3',
      'asset1',
      'asset4',
    ]);
    // 'Bravo' sorts between 'alpha' and 'charlie' (ICU), not before them (code points).
    const byName = await query({ selector: { docType: 'asset' }, sort: ['name'] });
    expect(byName.map((entry) => (JSON.parse(entry.value) as { name: string }).name)).to.deep.equal([
      'alpha',
      'Bravo',
      'charlie',
      'delta',
      'echo',
    ]);
    // [details.color, name] serves a sort on name once the selector pins details.color.
    expect(await keys({ selector: { 'details.color': 'red' }, sort: ['name'] })).to.deep.equal(['asset1', 'asset3']);
    for (const sort of [['age'], ['details.color'], [{ owner: 'asc' }]]) {
      expect(await queryError({ selector: { size: { $gt: 0 } }, sort })).to.include(
        'error handling CouchDB request. Error:no_usable_index,  Status Code:400,  Reason:No index exists for this sort, try indexing by the sort fields.',
      );
    }
    expect(await queryError({ selector: { docType: 'asset' }, sort: [{ size: 'asc' }, { name: 'desc' }] })).to.include(
      'Sorts currently only support a single direction for all fields.',
    );
  });

  it('returns results in the order of the index CouchDB picks, or of the one use_index names', async () => {
    const selector = { docType: 'asset', owner: { $gt: null }, size: { $gte: 0 } };
    const byOwner = ['asset2', 'asset4', 'asset1', 'asset3', 'asset5'];
    const bySize = ['asset4', 'asset1', 'asset3', 'asset2', 'asset5'];
    expect(await keys({ selector })).to.deep.equal(byOwner);
    expect(await keys({ selector, use_index: 'indexSizeDoc' })).to.deep.equal(bySize);
    expect(await keys({ selector, use_index: ['_design/indexSizeDoc', 'indexSize'] })).to.deep.equal(bySize);
    // An index that does not exist (or cannot serve the query) is ignored, as CouchDB only warns.
    expect(await keys({ selector, use_index: 'noSuchDoc' })).to.deep.equal(byOwner);
    // A partial index serves only when named, and then only its documents (size >= 10).
    expect(await keys({ selector: { size: { $gte: 0 } }, use_index: 'indexHeavyDoc' })).to.deep.equal([
      'asset3',
      'asset2',
      'asset5',
    ]);
  });

  it('projects fields, applies skip, and ignores limit as Fabric does', async () => {
    const projected = await query({ selector: { docType: 'asset', owner: 'tom' }, fields: ['name', 'details.color'] });
    expect(projected).to.deep.equal([
      { key: 'asset1', value: '{"details":{"color":"red"},"name":"alpha"}' },
      { key: 'asset3', value: '{"details":{"color":"red"},"name":"charlie"}' },
      { key: 'asset5', value: '{"name":"echo"}' },
    ]);
    expect(await keys({ selector: { docType: 'asset' }, skip: 2 })).to.deep.equal(['asset3', 'asset4', 'asset5']);
    // Fabric replaces the query's limit with its own batch size: use pagination to bound results.
    expect(await keys({ selector: { docType: 'asset' }, limit: 2 })).to.have.length(5);
  });

  it('pages through results with opaque, stable bookmarks', async () => {
    const mango = { selector: { docType: 'asset' }, sort: [{ size: 'asc' }] };
    const pages: string[][] = [];
    let bookmark = '';
    for (;;) {
      const result = await page(mango, 2, bookmark);
      expect(result.fetched).to.equal(result.entries.length);
      if (result.entries.length === 0) {
        expect(result.bookmark).to.equal(bookmark); // CouchDB hands the bookmark back when nothing follows
        break;
      }
      expect((await page(mango, 2, bookmark)).bookmark).to.equal(result.bookmark);
      pages.push(result.entries.map((entry) => entry.key));
      bookmark = result.bookmark;
    }
    expect(pages).to.deep.equal([['asset4', 'asset1'], ['asset3', 'asset2'], ['asset5']]);

    const unsorted = await page({ selector: { docType: 'asset' } }, 3, '');
    expect(unsorted.entries.map((entry) => entry.key)).to.deep.equal(['asset1', 'asset2', 'asset3']);
    const rest = await page({ selector: { docType: 'asset' } }, 3, unsorted.bookmark);
    expect(rest.entries.map((entry) => entry.key)).to.deep.equal(['asset4', 'asset5']);
    // Nothing matched and no bookmark given: CouchDB answers the bookmark "nil".
    expect((await page({ selector: { docType: 'ghost' } }, 3, '')).bookmark).to.equal('nil');
    expect(
      (await failure(probe.evaluateTransaction('rich:queryPage', JSON.stringify(mango), '2', 'not-a-bookmark')))
        .details[0].message,
    ).to.include('Error:invalid_bookmark,  Status Code:400,  Reason:Invalid bookmark value: "not-a-bookmark"');
  });

  it('fails unsupported and invalid operators and options with errors naming them', async () => {
    expect(await queryError({ selector: { owner: { $where: 'true' } } })).to.include(
      'Error:not_supported,  Status Code:400,  Reason:Unsupported operator: $where',
    );
    expect(await queryError({ selector: { owner: { $foo: 1 } } })).to.include('Reason:Invalid operator: $foo');
    expect(await queryError({ selector: { owner: { $in: 'tom' } } })).to.include(
      'Reason:Bad argument for operator $in: "tom"',
    );
    expect(await queryError({ selector: { $text: 'tom' } })).to.include(
      'operator $text (full-text search) is not supported',
    );
    expect(await queryError({ owner: 'tom' })).to.include('Reason:Missing required key: selector');
    expect(await queryError({ selector: {}, colour: 1 })).to.include('Reason:Invalid key colour for this request.');
    expect(await queryError({ selector: {}, fields: 'name' })).to.include('fields definition must be an array');
    expect((await failure(probe.evaluateTransaction('rich:query', '{"selector":'))).details[0].message).to.include(
      'query is not valid JSON',
    );
  });

  it('stores non-JSON values as CouchDB attachments: only _id selectors reach them, with their bytes intact', async () => {
    expect(await keys({ selector: { docType: { $exists: false } } })).to.deep.equal(['arr1', 'bin1', 'text1']);
    const all = await keys({ selector: { _id: { $gt: null } } });
    expect(all).to.include.members(['arr1', 'bin1', 'text1', 'asset1', 'person1']);
    const [bin] = JSON.parse(
      utf8.decode(await probe.evaluateTransaction('rich:queryHex', JSON.stringify({ selector: { _id: 'bin1' } }))),
    ) as Entry[];
    expect(bin.value).to.equal('deadbeef');
    expect(await query({ selector: { _id: 'text1' }, fields: ['name'] })).to.deep.equal([
      { key: 'text1', value: '{}' },
    ]);
  });

  it('adds query results to the read set (MVCC-checked) with no phantom protection, as Fabric does', async () => {
    const reader = await probe
      .newProposal('rich:queryThenWrite', { arguments: [JSON.stringify({ selector: { owner: 'amy' } }), 'marker1'] })
      .endorse();
    const latecomer = await probe
      .newProposal('rich:queryThenWrite', { arguments: [JSON.stringify({ selector: { owner: 'zed' } }), 'marker2'] })
      .endorse();
    await probe.submitTransaction('put', 'asset2', JSON.stringify({ ...ASSETS[1][1], size: 16 }));
    await probe.submitTransaction('put', 'asset9', JSON.stringify({ docType: 'asset', owner: 'zed' }));
    expect((await (await reader.submit()).getStatus()).code).to.equal(MVCC_READ_CONFLICT);
    // A new document that would now match is not a conflict: rich queries are not re-executed at commit.
    expect((await (await latecomer.submit()).getStatus()).code).to.equal(VALID);

    const error = await failure(
      probe.submitTransaction('rich:pageThenWrite', JSON.stringify({ selector: { docType: 'asset' } }), 'marker3'),
    );
    expect(error.details[0].message).to.include(
      'Transaction has already performed a paginated query. Writes are not allowed',
    );
  });

  it('streams large results in batches of 100 and CouchDB requests of 1000, bounded by page size', async () => {
    const bulk = Array.from({ length: 1100 }, (_, i) => [
      `bulk/${String(i).padStart(4, '0')}`,
      `{"type":"bulk","n":${i}}`,
    ]);
    await probe.submitTransaction('rich:putMany', JSON.stringify(bulk));
    const count = async (mango: unknown): Promise<number> =>
      Number(utf8.decode(await probe.evaluateTransaction('rich:count', JSON.stringify(mango))));
    expect(await count({ selector: { type: 'bulk' } })).to.equal(1100);
    // Fabric sends skip with each CouchDB request of internalQueryLimit (1000) documents, so it applies twice here.
    expect(await count({ selector: { type: 'bulk' }, skip: 5 })).to.equal(1090);
    const first = await page({ selector: { type: 'bulk' } }, 1050, '');
    expect(first.fetched).to.equal(1050);
    expect(first.entries[1049].key).to.equal('bulk/1049');
    const second = await page({ selector: { type: 'bulk' } }, 1050, first.bookmark);
    expect(second.entries.map((entry) => entry.key)).to.deep.equal(bulk.slice(1050).map(([key]) => key));
  });
});
