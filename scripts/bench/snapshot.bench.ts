/**
 * `npm run bench:snapshot`: what starting from a snapshot saves. Builds a ledger by submitting BENCH_TXS
 * transactions (default 500, 16 in flight, probe chaincode under a 2-org AND policy, real fabric-gateway client)
 * on a fresh network, snapshots it, then starts a network from the snapshot; prints each step's time, the
 * snapshot's size and how long `verify` takes on the ledger. The last line is one JSON object for tools.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  connectGateway,
  loadTopology,
  restoreSnapshot,
  startDevnet,
  verifyLedger,
  writeSnapshot,
  type DevnetOptions,
} from '@scenechain/devnet';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const TXS = Number(process.env.BENCH_TXS ?? 500);
const IN_FLIGHT = 16;
const CHANNEL = 'testchannel';

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await fn();
  return [result, performance.now() - started];
}

async function main(): Promise<void> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'scenechain-snapshot-bench-'));
  const options = (dataDir: string): DevnetOptions => ({
    topology: loadTopology(path.join(REPO_ROOT, 'test', 'fixtures', 'topology', 'devnet-test.yaml'), REPO_ROOT),
    dataDir,
    ports: 'auto',
  });
  try {
    const built = path.join(root, 'built');
    const [net, freshStartMs] = await timed(() => startDevnet(options(built)));
    const [, submitMs] = await timed(async () => {
      const connection = connectGateway(net.org('Org1MSP'), net.identity('Org1MSP'));
      try {
        const probe = connection.gateway.getNetwork(CHANNEL).getContract('probe');
        let next = 0;
        await Promise.all(
          Array.from({ length: IN_FLIGHT }, async () => {
            while (next < TXS) {
              const i = next++;
              await probe.submitTransaction('put', `key-${i}`, `value-${i}`);
            }
          }),
        );
      } finally {
        connection.close();
      }
    });
    const height = net.height(CHANNEL);
    await net.stop();

    const file = path.join(root, 'ledger.tgz');
    const [written, snapshotMs] = await timed(() => writeSnapshot({ dataDir: built, out: file }));
    const [, restoreMs] = await timed(() => restoreSnapshot({ file, dataDir: path.join(root, 'restored-only') }));
    const [fromSnapshot, snapshotStartMs] = await timed(() =>
      startDevnet({ ...options(path.join(root, 'from-snapshot')), fromSnapshot: file }),
    );
    const restoredHeight = fromSnapshot.height(CHANNEL);
    await fromSnapshot.stop();
    const [verification, verifyMs] = await timed(() => verifyLedger({ dataDir: built }));

    const figures = {
      transactions: TXS,
      height,
      restoredHeight,
      freshStartMs: Math.round(freshStartMs),
      submitMs: Math.round(submitMs),
      buildTotalMs: Math.round(freshStartMs + submitMs),
      snapshotMs: Math.round(snapshotMs),
      snapshotBytes: written.bytes,
      restoreMs: Math.round(restoreMs),
      startFromSnapshotMs: Math.round(snapshotStartMs),
      verifyMs: Math.round(verifyMs),
      verifyOk: verification.ok,
    };
    console.log(`ledger of ${TXS} transactions, ${height} blocks`);
    console.log(`  build by submitting:  start ${figures.freshStartMs} ms + submit ${figures.submitMs} ms`);
    console.log(`  snapshot:             ${figures.snapshotMs} ms, ${figures.snapshotBytes} bytes`);
    console.log(`  restore ledger only:  ${figures.restoreMs} ms`);
    console.log(
      `  start from snapshot:  ${figures.startFromSnapshotMs} ms (restore + network start, height ${restoredHeight})`,
    );
    console.log(`  verify:               ${figures.verifyMs} ms (${verification.ok ? 'OK' : 'DAMAGED'})`);
    console.log(JSON.stringify(figures));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
