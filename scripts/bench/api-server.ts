/**
 * The server side of `npm run bench:api`, each part in its own process as in a deployment:
 * - `network`: the dev network (supply-chain and patents chaincode, free ports); writes a connection.json for
 *   it (TLS CA and host override of each peer, cryptogen MSP paths) and prints one JSON line with that file, the
 *   ManufacturerMSP peer endpoint, host alias and TLS CA, and operator1's identity files (for the benchmark's
 *   direct fabric-gateway client);
 * - `app`: the gateway app configured by that connection.json (`SCENECHAIN_CONNECTION`), printing its URL.
 * Both serve until SIGTERM.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadTopology, startDevnet } from '@scenechain/devnet';
import { createApp } from '../../gateway-app/src/app';
import { loadConfig } from '../../gateway-app/src/config/app-config';
import { devnetConnectionSettings } from '../../gateway-app/src/fabric/devnet-connection-settings';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const CHANNEL = 'public-services';

async function network(): Promise<() => Promise<void>> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-bench-net-'));
  const topology = loadTopology(path.join(REPO_ROOT, 'network', 'topology.yaml'), REPO_ROOT);
  for (const channel of topology.channels)
    channel.chaincodes = channel.chaincodes.filter((c) => ['supply-chain', 'patents'].includes(c.name));
  const devnet = await startDevnet({ topology, dataDir, ports: 'auto', channels: [CHANNEL] });
  const connectionFile = path.join(dataDir, 'connection.json');
  writeFileSync(connectionFile, JSON.stringify(devnetConnectionSettings(devnet, CHANNEL), null, 2));
  const identity = devnet.identity('ManufacturerMSP', 'operator1');
  const { endpoint, hostAlias, tlsCaCertPath } = devnet.org('ManufacturerMSP');
  process.stdout.write(
    `${JSON.stringify({ connectionFile, endpoint, hostAlias, tlsCaCertPath, certPath: identity.certPath, keyPath: identity.keyPath })}\n`,
  );
  return async () => {
    await devnet.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}

async function app(): Promise<() => Promise<void>> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-bench-app-'));
  const config = loadConfig(process.env, { port: 0, logLevel: 'warn', dataDir });
  const running = await createApp(config, { logger: pino({ level: 'warn' }) });
  process.stdout.write(`${JSON.stringify({ url: await running.listen() })}\n`);
  return async () => {
    await running.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
}

async function main(): Promise<void> {
  const role = process.argv[2];
  if (role !== 'network' && role !== 'app') throw new Error('usage: api-server.ts network|app');
  const stop = role === 'network' ? await network() : await app();
  process.once('SIGTERM', () => void stop().then(() => process.exit(0)));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
