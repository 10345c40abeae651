/**
 * `npm run bench:mpc`: secure sum (kit `defineSecureSum`, supply-chain's recall stock sum) among 3, 5 and 8 orgs
 * of one dev network (test/fixtures/topology/devnet-secure-sum.yaml), through the real fabric-gateway client,
 * each org submitting from its own gateway as its app would: every org splits its value with node:crypto and
 * delivers its N-1 shares (in parallel), then every org publishes its partial sum, then one closes the round.
 * Measured: time from the first share submitted to the total committed, and the transactions it took. The last
 * line is one JSON object for tools.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectGateway, loadTopology, startDevnet, type GatewayConnection } from '@scenechain/devnet';
import { SECURE_SUM_MODULUS, splitIntoShares } from '@scenechain/scene-kit';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const CHANNEL = 'sumchannel';
const SIZES = [3, 5, 8];
const utf8 = new TextEncoder();

interface Figures {
  orgs: number;
  ms: number;
  transactions: number;
  total: string;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-mpc-bench-'));
  const topology = loadTopology(
    path.join(REPO_ROOT, 'test', 'fixtures', 'topology', 'devnet-secure-sum.yaml'),
    REPO_ROOT,
  );
  const net = await startDevnet({ topology, dataDir, ports: 'auto' });
  const connections = new Map<string, GatewayConnection>();
  const contractOf = (mspId: string) => {
    let connection = connections.get(mspId);
    if (!connection) {
      connection = connectGateway(net.org(mspId), net.identity(mspId, 'operator1'));
      connections.set(mspId, connection);
    }
    return connection.gateway.getNetwork(CHANNEL).getContract('supply-chain');
  };
  const submit = async (
    mspId: string,
    transaction: string,
    request: object,
    transient?: object,
    endorsers?: string[],
  ) => {
    const submitted = await contractOf(mspId).submitAsync(transaction, {
      arguments: [JSON.stringify(request)],
      ...(transient
        ? {
            transientData: Object.fromEntries(
              Object.entries(transient).map(([k, v]) => [k, utf8.encode(JSON.stringify(v))]),
            ),
          }
        : {}),
      ...(endorsers ? { endorsingOrganizations: endorsers } : {}),
    });
    const status = await submitted.getStatus();
    if (!status.successful) throw new Error(`${transaction} by ${mspId} failed to commit: code ${status.code}`);
    return JSON.parse(new TextDecoder().decode(submitted.getResult())) as Record<string, unknown>;
  };

  console.log(`machine: ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown cpu'}, node ${process.version}`);
  const results: Figures[] = [];
  try {
    for (const size of SIZES) {
      const orgs = Array.from({ length: size }, (_, i) => `Org${i + 1}MSP`);
      const roundId = `BENCH-${size}`;
      const values = new Map(orgs.map((org, i) => [org, BigInt(1_000 + i * 37)]));
      await submit(orgs[0]!, 'openSecureSum', {
        roundId,
        question: 'stock of the recalled product',
        orgs,
        deadline: new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
      });
      let transactions = 0;
      const started = performance.now();
      // Each org's app: split, then deliver its shares one after another; the orgs work in parallel.
      await Promise.all(
        orgs.map(async (from) => {
          const shares = splitIntoShares(values.get(from)!, size, SECURE_SUM_MODULUS, randomBytes);
          for (const [i, to] of orgs.entries()) {
            if (to === from) continue;
            await submit(from, 'submitShare', { roundId, from, to }, { share: shares[i]!.toString() }, [from, to]);
            transactions += 1;
          }
        }),
      );
      await Promise.all(
        orgs.map(async (org) => {
          await submit(org, 'publishPartialSum', { roundId, org }, { value: values.get(org)!.toString() }, [org]);
          transactions += 1;
        }),
      );
      const closed = await submit(orgs[0]!, 'closeSecureSum', { roundId });
      transactions += 1;
      const ms = Math.round(performance.now() - started);
      const expected = [...values.values()].reduce((a, b) => a + b, 0n).toString();
      if (closed.total !== expected)
        throw new Error(`round ${roundId}: total ${String(closed.total)}, expected ${expected}`);
      results.push({ orgs: size, ms, transactions, total: expected });
      console.log(
        `${size} orgs: ${ms} ms from first share to published total, ${transactions} transactions (${size * (size - 1)} shares, ${size} partial sums, 1 close; +1 to open)`,
      );
    }
  } finally {
    for (const connection of connections.values()) connection.close();
    await net.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(JSON.stringify({ secureSum: results.map(({ orgs, ms, transactions }) => ({ orgs, ms, transactions })) }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
