import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { loadTopology } from '@scenechain/devnet';
import type { StateEntry } from '../../network/devnet/src/ledger';
import { loadChaincodeIndexes, parseRichQuery, RichQueryScanner } from '../../network/devnet/src/ledger/couchdb';
import type { CouchIndex } from '../../network/devnet/src/ledger/couchdb';
import { matches, normalizeSelector } from '../../network/devnet/src/ledger/couchdb/mango-selector';
import { startTestDevnet, REPO_ROOT, TEST_TOPOLOGY } from '../support/devnet';

const docs = (entries: Array<[string, unknown]>): StateEntry[] =>
  entries
    .map(([key, value], txNum) => ({
      key,
      value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
      version: { blockNum: 1, txNum },
    }))
    .sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)));

/** Runs a query over in-memory entries the way the peer runs it over the ledger; returns keys per page. */
async function run(
  entries: StateEntry[],
  query: object,
  indexes: CouchIndex[] = [],
  pageSize = 0,
  bookmark = '',
): Promise<{ keys: string[]; bookmark: string }> {
  const scan = async function* (startKey: string): AsyncIterable<StateEntry> {
    for (const entry of entries) if (Buffer.compare(Buffer.from(entry.key), Buffer.from(startKey)) >= 0) yield entry;
  };
  const scanner = await RichQueryScanner.open(scan, indexes, parseRichQuery(JSON.stringify(query)), {
    pageSize,
    bookmark,
    internalQueryLimit: 3,
  });
  const keys: string[] = [];
  for (let found = await scanner.next(); found; found = await scanner.next()) keys.push(found.entry.key);
  return { keys, bookmark: scanner.bookmark };
}

describe('CouchDB query emulation (units over real index files and selectors)', () => {
  describe('selectors', () => {
    const doc = { _id: 'k', a: 0, n: null, list: [1, 'x'], o: { 'x.y': 1 } };
    const check = (selector: object): boolean => matches(normalizeSelector(selector as never), doc as never);

    it('follows CouchDB where PouchDB differs: missing fields, null values, paths through scalars', () => {
      expect(check({ missing: { $ne: 1 } })).to.equal(false); // a condition on a missing field is false...
      expect(check({ missing: { $exists: false } })).to.equal(true); // ...except $exists: false
      expect(check({ $not: { missing: 1 } })).to.equal(false); // $not becomes $ne, which needs the field
      expect(check({ $nor: [{ a: 1 }, { a: 2 }] })).to.equal(true);
      expect(check({ n: { $in: [null] } })).to.equal(true);
      expect(check({ n: { $nin: [null] } })).to.equal(false);
      expect(check({ 'a.b': { $exists: true } })).to.equal(false); // a is 0: no field b below it
      expect(check({ 'list.1': 'x' })).to.equal(true); // numeric path parts index arrays
      expect(check({ 'o.x\\.y': 1 })).to.equal(true); // an escaped dot is part of the name
      expect(check({ list: { $all: [] } })).to.equal(false);
      expect(check({ list: { $all: [[1, 'x']] } })).to.equal(true);
      expect(check({ o: { $keyMapMatch: { $eq: 'x.y' } } })).to.equal(true);
      expect(check({ list: { $allMatch: { $type: 'number' } } })).to.equal(false);
    });

    it('refuses malformed selectors as CouchDB does', () => {
      expect(() => normalizeSelector({ $eq: 1 })).to.throw('One or more conditions is missing a field name.');
      expect(() => normalizeSelector({ a: { '.b': 1 } })).to.throw('Invalid field name: "a..b"');
      expect(() => normalizeSelector({ a: { $size: -1 } })).to.throw('Bad argument for operator $size: -1');
      expect(() => normalizeSelector({ a: { $regex: '(' } })).to.throw('Bad argument for operator $regex');
      expect(() => normalizeSelector({ a: { $nearSphere: [0, 0] } })).to.throw('Unsupported operator: $nearSphere');
      expect(() => normalizeSelector({ a: { $beginsWith: 'x' } })).to.throw('Invalid operator: $beginsWith');
    });

    it('runs $regex in linear time, with PCRE-style (?i), and refuses what that cannot run', function () {
      this.timeout(20_000); // a backtracking engine would not finish the first match at all
      const long = { _id: 'k', s: `${'a'.repeat(50_000)}b`, t: 'Déjà Vu \\D' } as never;
      expect(matches(normalizeSelector({ s: { $regex: '^(a+)+$' } }), long)).to.equal(false);
      expect(matches(normalizeSelector({ t: { $regex: '(?i)^DÉJÀ\\svu' } }), long)).to.equal(true);
      expect(matches(normalizeSelector({ t: { $regex: '(?i)\\\\D$' } }), long)).to.equal(true);
      expect(matches(normalizeSelector({ t: { $regex: '^déjà' } }), long)).to.equal(false);
      expect(() => normalizeSelector({ t: { $regex: '(a)\\1' } })).to.throw('cannot run in linear time');
    });
  });

  describe('scanner', () => {
    const entries = docs([
      ['a', { v: 3 }],
      ['b', { v: 1 }],
      ['c', { v: 2 }],
      ['d', { v: 5 }],
      ['e', { v: 4 }],
    ]);
    const byV: CouchIndex = { ddoc: '_design/v', name: 'v', fields: ['v'] };

    it('continues across internal requests and pages in index order, both directions', async () => {
      expect((await run(entries, { selector: { v: { $gt: 0 } } }, [byV])).keys).to.deep.equal([
        'b',
        'c',
        'a',
        'e',
        'd',
      ]);
      const desc = { selector: { v: { $gt: 0 } }, sort: [{ v: 'desc' }] };
      expect((await run(entries, desc, [byV])).keys).to.deep.equal(['d', 'e', 'a', 'c', 'b']);
      const first = await run(entries, desc, [byV], 2);
      expect(first.keys).to.deep.equal(['d', 'e']);
      expect((await run(entries, desc, [byV], 2, first.bookmark)).keys).to.deep.equal(['a', 'c']);
      // _id sort needs a range on _id (CouchDB's _all_docs rule); descending works over the whole namespace.
      const byId = { selector: { _id: { $gt: null } }, sort: [{ _id: 'desc' }] };
      expect((await run(entries, byId)).keys).to.deep.equal(['e', 'd', 'c', 'b', 'a']);
      const refused = await run(entries, { selector: { v: 1 }, sort: ['_id'] }).catch((err: Error) => err.message);
      expect(refused).to.include('No index exists for this sort');
    });

    it('applies skip to every CouchDB request, as Fabric sends it with each one', async () => {
      // internalQueryLimit is 3 here: requests return [c, d, e] after skipping a, b, then nothing after skipping 2 more.
      expect((await run(entries, { selector: {}, skip: 2 })).keys).to.deep.equal(['c', 'd', 'e']);
      const many = docs(Array.from({ length: 10 }, (_, i) => [`k${i}`, { i }]));
      expect((await run(many, { selector: {}, skip: 1 })).keys).to.deep.equal([
        'k1',
        'k2',
        'k3',
        'k5',
        'k6',
        'k7',
        'k9',
      ]);
    });
  });

  describe('index files', () => {
    let dir: string;
    const indexes = (): string => path.join(dir, 'META-INF', 'statedb', 'couchdb', 'indexes');
    beforeEach(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-indexes-'));
      mkdirSync(indexes(), { recursive: true });
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('reads index and collection index folders; a later file redefines an index of the same name', () => {
      writeFileSync(path.join(indexes(), 'a.json'), '{"index":{"fields":["x"]},"ddoc":"d","name":"i"}');
      writeFileSync(
        path.join(indexes(), 'b.json'),
        '{"index":{"fields":[{"y":"desc"}]},"ddoc":"_design/d","name":"i"}',
      );
      const collection = path.join(dir, 'META-INF', 'statedb', 'couchdb', 'collections', 'secret', 'indexes');
      mkdirSync(collection, { recursive: true });
      writeFileSync(path.join(collection, 'c.json'), '{"index":{"fields":["z"]}}');
      const loaded = loadChaincodeIndexes('cc:1', dir);
      expect(loaded.state).to.deep.equal([{ ddoc: '_design/d', name: 'i', fields: ['y'], partialFilter: undefined }]);
      expect(loaded.collections.get('secret')?.[0].fields).to.deep.equal(['z']);
    });

    for (const [file, content, reason] of [
      ['bad.json', '{"index":', 'is not a valid JSON'],
      ['type.json', '{"index":{"fields":["x"]},"type":"text"}', 'Index type must be json'],
      ['extra.json', '{"index":{"fields":["x"]},"colour":1}', 'Invalid Entry.  Entry colour'],
      ['fields.json', '{"index":{"fields":"x"}}', 'Expecting a JSON array of fields'],
      ['mixed.json', '{"index":{"fields":[{"x":"asc"},{"y":"desc"}]}}', 'single direction'],
      ['notes.txt', 'hello', 'only index definitions (*.json files)'],
    ]) {
      it(`refuses ${file}: ${reason}`, () => {
        writeFileSync(path.join(indexes(), file), content);
        expect(() => loadChaincodeIndexes('cc:1', dir))
          .to.throw(reason)
          .with.property('message')
          .that.includes('chaincode cc:1')
          .and.includes(path.join(indexes(), file));
      });
    }

    it('stops the dev network at start with the error, naming chaincode and file', async () => {
      const chaincodeDir = path.join(dir, 'cc');
      const bad = path.join(chaincodeDir, 'META-INF', 'statedb', 'couchdb', 'indexes', 'bad.json');
      mkdirSync(path.dirname(bad), { recursive: true });
      writeFileSync(bad, 'not json');
      const topologyFile = path.join(dir, 'topology.yaml');
      writeFileSync(
        topologyFile,
        readFileSync(TEST_TOPOLOGY, 'utf8').replaceAll('path: test/fixtures/chaincode/probe', `path: ${chaincodeDir}`),
      );
      expect(loadTopology(topologyFile, REPO_ROOT).channels[0].chaincodes[0].path).to.equal(chaincodeDir);
      let error: Error | undefined;
      try {
        const net = await startTestDevnet({ topologyFile, dataDir: path.join(dir, 'data') });
        await net.dispose();
      } catch (err) {
        error = err as Error;
      }
      expect(error?.message).to.include(`chaincode probe:1.0: Index metadata file [${bad}] is not a valid JSON`);
    });
  });
});
