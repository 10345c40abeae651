#!/usr/bin/env node
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { addUser, generateCrypto } from './identity';
import { DEFAULT_DATA_DIR, DEFAULT_TOPOLOGY_FILE, startDevnet } from './devnet';
import { loadTopology } from './topology/load';

/** `scenechain-devnet`: run the embedded dev network and manage its identities. */
const program = new Command('scenechain-devnet')
  .description('Embedded Fabric-compatible dev network')
  .option('-t, --topology <file>', 'topology file', DEFAULT_TOPOLOGY_FILE)
  .option(
    '-d, --data-dir <dir>',
    'data folder (identities, ledger, logs)',
    process.env.DEVNET_DATA_DIR ?? DEFAULT_DATA_DIR,
  );

program
  .command('start')
  .description('start the network and keep it running until interrupted')
  .option('--reset', 'wipe the data folder first (new identities and an empty ledger)')
  .option('--lazy', 'start chaincode processes on first use instead of at start-up')
  .option('--channel <name...>', 'serve only these channels')
  .action(async (options: { reset?: boolean; lazy?: boolean; channel?: string[] }) => {
    const global = program.opts<{ topology: string; dataDir: string }>();
    const started = process.hrtime.bigint();
    const devnet = await startDevnet({
      topologyFile: global.topology,
      dataDir: global.dataDir,
      reset: options.reset,
      channels: options.channel,
      launch: options.lazy ? 'lazy' : 'eager',
    });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const lines = [`Scenechain dev network is up (${ms.toFixed(0)} ms)`, `  data:       ${devnet.dataDir}`];
    lines.push(`  identities: ${path.join(devnet.cryptoDir, 'peerOrganizations')}`);
    for (const org of devnet.orgs) {
      lines.push(
        `  ${org.mspId.padEnd(18)} gateway ${org.endpoint}  (${org.hostAlias})  operations http://${org.operationsEndpoint}`,
      );
    }
    lines.push(`  ${'orderer'.padEnd(18)} operations http://${devnet.ordererOperationsEndpoint}`);
    for (const channel of devnet.topology.channels) {
      const names = channel.chaincodes.map((c) => `${c.name}@${c.version}`).join(', ');
      lines.push(`  channel ${channel.name}: height ${devnet.height(channel.name)}; chaincodes ${names || 'none'}`);
    }
    lines.push('Press Ctrl+C to stop.');
    const shutdown = (): void => {
      devnet.stop().then(
        () => process.exit(0),
        (err: unknown) => {
          console.error(err);
          process.exit(1);
        },
      );
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
    console.log(lines.join('\n'));
  });

program
  .command('crypto')
  .description('generate (only) the missing identities of the topology, cryptogen style')
  .action(async () => {
    const global = program.opts<{ topology: string; dataDir: string }>();
    const cryptoDir = path.join(path.resolve(global.dataDir), 'crypto');
    await generateCrypto(loadTopology(global.topology), cryptoDir);
    console.log(`identities in ${cryptoDir}`);
  });

program
  .command('add-user')
  .description('issue a new user identity with Fabric CA attributes (e.g. --attr role=examiner)')
  .requiredOption('--org <mspId>', 'MSP ID of the organisation')
  .requiredOption('--name <name>', 'user name, e.g. alice')
  .option('--attr <name=value...>', 'certificate attribute(s)', [])
  .option('--admin', 'issue an admin (NodeOU admin) instead of a client')
  .action(async (options: { org: string; name: string; attr: string[]; admin?: boolean }) => {
    const global = program.opts<{ topology: string; dataDir: string }>();
    const attrs: Record<string, string> = {};
    for (const pair of options.attr) {
      const at = pair.indexOf('=');
      if (at <= 0) throw new InvalidArgumentError(`attribute "${pair}" must be name=value`);
      attrs[pair.slice(0, at)] = pair.slice(at + 1);
    }
    const topology = loadTopology(global.topology);
    const cryptoDir = path.join(path.resolve(global.dataDir), 'crypto');
    await generateCrypto(topology, cryptoDir);
    const files = await addUser(topology, cryptoDir, options.org, options.name, attrs, {
      ou: options.admin ? 'admin' : 'client',
    });
    console.log(JSON.stringify({ mspId: files.mspId, name: files.name, mspDir: files.mspDir, attrs }, null, 2));
  });

program.parseAsync().catch((err: unknown) => {
  console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
