/**
 * What a rich (CouchDB Mango) query over a namespace of 10,000 JSON documents costs on the dev network:
 * - through the whole path (fabric-gateway evaluate -> peer -> chaincode -> GET_QUERY_RESULT / QUERY_STATE_NEXT),
 *   for a selective query, a query returning every document and a sorted page;
 * - the query engine alone over the LevelDB ledger, with the heap it grows while it runs.
 * Run: `node --expose-gc --require tsx/cjs scripts/bench/rich-query.bench.ts` after `npm run build` (with
 * --expose-gc the heap figure is what a query holds live). The last line is JSON.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectGateway, loadTopology, startDevnet } from '@scenechain/devnet';
import { buildBlock } from '../../network/devnet/src/block';
import { LedgerStore, type StateEntry } from '../../network/devnet/src/ledger';
import { parseRichQuery, RichQueryScanner, type CouchIndex } from '../../network/devnet/src/ledger/couchdb';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const DOCS = Number(process.env.BENCH_DOCS ?? 10_000);
const REPEAT = 5;
const OWNERS = 100;

const doc = (i: number): string =>
  JSON.stringify({
    docType: 'asset',
    owner: `owner${i % OWNERS}`,
    size: (i * 7919) % DOCS,
    color: ['red', 'blue'][i % 2],
  });

const QUERIES: Record<string, { query: object; pageSize?: number }> = {
  'selective (1% match, no index)': { query: { selector: { owner: 'owner7' } } },
  'all documents (no index)': { query: { selector: { docType: 'asset' } } },
  'sorted by indexed size, all documents': { query: { selector: { docType: 'asset' }, sort: ['size'] } },
  'sorted page of 100 (paginated)': { query: { selector: { docType: 'asset' }, sort: ['size'] }, pageSize: 100 },
};

async function timed(run: () => Promise<unknown>): Promise<{ ms: number; result: unknown }> {
  let best = Infinity;
  let result: unknown;
  for (let i = 0; i < REPEAT; i++) {
    const started = performance.now();
    result = await run();
    best = Math.min(best, performance.now() - started);
  }
  return { ms: Math.round(best * 10) / 10, result };
}

async function endToEnd(): Promise<Record<string, { ms: number; results: number }>> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-richq-bench-'));
  const devnet = await startDevnet({
    topology: loadTopology(path.join(REPO_ROOT, 'test', 'fixtures', 'topology', 'devnet-test.yaml'), REPO_ROOT),
    dataDir,
    ports: 'auto',
  });
  const { gateway, close } = connectGateway(devnet.endpoint('Org1MSP'), devnet.identity('Org1MSP', 'User1'));
  const probe = gateway.getNetwork('testchannel').getContract('probe');
  const utf8 = new TextDecoder();
  try {
    for (let start = 0; start < DOCS; start += 1000) {
      const entries = Array.from({ length: Math.min(1000, DOCS - start) }, (_, j) => [`a${start + j}`, doc(start + j)]);
      await probe.submitTransaction('rich:putMany', JSON.stringify(entries));
    }
    const results: Record<string, { ms: number; results: number }> = {};
    for (const [name, { query, pageSize }] of Object.entries(QUERIES)) {
      const { ms, result } = await timed(async () =>
        pageSize
          ? (
              JSON.parse(
                utf8.decode(
                  await probe.evaluateTransaction('rich:queryPage', JSON.stringify(query), `${pageSize}`, ''),
                ),
              ) as { fetched: number }
            ).fetched
          : Number(utf8.decode(await probe.evaluateTransaction('rich:count', JSON.stringify(query)))),
      );
      results[name] = { ms, results: result as number };
    }
    return results;
  } finally {
    close();
    await devnet.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function engineOnly(): Promise<Record<string, { ms: number; results: number; heapMiB: number }>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-richq-engine-'));
  const store = await LedgerStore.open(dir);
  try {
    const ledger = await store.channel('bench');
    const signer = { serialized: Buffer.from('bench'), sign: () => Buffer.alloc(64) };
    const commit = async (writes: Array<{ namespace: string; key: string; isDelete: boolean; value: Buffer }>) => {
      const number = ledger.height();
      const block = buildBlock({
        number,
        previousHash: ledger.lastHeaderHash() ?? new Uint8Array(0),
        envelopes: [Buffer.from(`tx ${number}`)],
        validationCodes: [0],
        lastConfigIndex: 0,
        signer,
      });
      await ledger.commitBlock(block, [
        { txId: `tx${number}`, txNum: 0, validationCode: 0, timestamp: { seconds: 0, nanos: 0 }, writes },
      ]);
    };
    await commit([]); // block 0 stands in for the genesis block
    for (let start = 0; start < DOCS; start += 1000) {
      await commit(
        Array.from({ length: Math.min(1000, DOCS - start) }, (_, j) => ({
          namespace: 'cc',
          key: `a${start + j}`,
          isDelete: false,
          value: Buffer.from(doc(start + j)),
        })),
      );
    }
    const indexes: CouchIndex[] = [{ ddoc: '_design/size', name: 'size', fields: ['size'] }];
    const scan = (startKey: string): AsyncIterable<StateEntry> => ledger.rangeScan('cc', startKey, '');
    const results: Record<string, { ms: number; results: number; heapMiB: number }> = {};
    for (const [name, { query, pageSize }] of Object.entries(QUERIES)) {
      const drain = async (sample?: () => void): Promise<number> => {
        const scanner = await RichQueryScanner.open(scan, indexes, parseRichQuery(JSON.stringify(query)), {
          pageSize: pageSize ?? 0,
          bookmark: '',
        });
        let count = 0;
        for (let found = await scanner.next(); found; found = await scanner.next()) {
          scanner.valueOf(found);
          if (++count % 250 === 0) sample?.();
        }
        return count;
      };
      const { ms, result } = await timed(() => drain());
      // One more run, sampling the live heap (collections make it slow, so it is not timed).
      const heapBefore = liveHeap();
      let peakHeap = 0;
      await drain(() => {
        peakHeap = Math.max(peakHeap, liveHeap() - heapBefore);
      });
      results[name] = { ms, results: result as number, heapMiB: Math.round((peakHeap / 2 ** 20) * 10) / 10 };
    }
    return results;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Heap still reachable (after a full collection when run with --expose-gc): what a query keeps, not its garbage. */
function liveHeap(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

async function main(): Promise<void> {
  const engine = await engineOnly();
  const gateway = await endToEnd();
  console.log(`rich queries over ${DOCS} JSON documents (best of ${REPEAT})`);
  for (const name of Object.keys(QUERIES)) {
    console.log(
      `  ${name.padEnd(40)} end to end ${String(gateway[name].ms).padStart(7)} ms` +
        ` | engine ${String(engine[name].ms).padStart(7)} ms, heap +${engine[name].heapMiB} MiB` +
        ` | ${gateway[name].results} results`,
    );
  }
  console.log(JSON.stringify({ docs: DOCS, endToEnd: gateway, engine }));
}

void main();
