#!/usr/bin/env node
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { applicationEnv, envFileText, shellQuote } from './client/app-env';
import { peerCliEnv, writePeerCliConfig } from './client/peer-cli-env';
import { addUser, generateCrypto } from './identity';
import { DEFAULT_DATA_DIR, DEFAULT_TOPOLOGY_FILE, startDevnet, type Devnet } from './devnet';
import { parseChaincodeFlag, withChaincodes } from './topology/chaincode-flag';
import { exampleNames, findExample } from './topology/examples';
import { endorsingOrgs, loadTopology } from './topology/load';
import { parsePortOffset } from './topology/port-offset';
import { goDuration } from './block/config/go-duration';
import { durationMs, type ChannelSpec } from './topology/schema';
import { formatVerification, verifyLedger } from './ledger/verify';
import { writeSnapshot } from './snapshot';

/** `scenechain-devnet`: run the embedded dev network and manage its identities. */
const program = new Command('scenechain-devnet')
  .description('Embedded Fabric-compatible dev network')
  .option('-t, --topology <file>', `topology file (default: ${DEFAULT_TOPOLOGY_FILE})`)
  .option('-e, --example <name>', `a network shipped with the dev network instead: ${exampleNames().join(', ')}`)
  .option(
    '-d, --data-dir <dir>',
    `data folder (identities, ledger, logs); DEVNET_DATA_DIR; default ${DEFAULT_DATA_DIR}, or the example's`,
  );

interface NetworkChoice {
  topologyFile: string;
  dataDir: string;
  cryptoDir: string;
}

/** Topology, data folder and identities folder from --topology or --example, --data-dir and DEVNET_DATA_DIR. */
function networkChoice(): NetworkChoice {
  const global = program.opts<{ topology?: string; example?: string; dataDir?: string }>();
  if (global.topology && global.example)
    throw new InvalidArgumentError('give either --topology or --example, not both');
  const example = global.example ? findExample(global.example) : undefined;
  const dataDir = path.resolve(global.dataDir ?? process.env.DEVNET_DATA_DIR ?? example?.dataDir ?? DEFAULT_DATA_DIR);
  return {
    topologyFile: path.resolve(global.topology ?? example?.topologyFile ?? DEFAULT_TOPOLOGY_FILE),
    dataDir,
    cryptoDir: path.join(dataDir, example?.cryptoDirName ?? 'crypto'),
  };
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

interface StartOptions {
  reset?: boolean;
  lazy?: boolean;
  channel?: string[];
  chaincode: string[];
  tls: boolean;
  ca: boolean;
  mutualTls?: boolean;
  portOffset?: string;
  timeWindow?: string;
  fsync?: boolean;
  fromSnapshot?: string;
}

program
  .command('start')
  .description('start the network and keep it running until interrupted')
  .option('--reset', 'wipe the data folder first (new identities and an empty ledger)')
  .option('--lazy', 'start chaincode processes on first use instead of at start-up')
  .option('--channel <name...>', 'serve only these channels')
  .option(
    '--chaincode <name=path[@version]>',
    'run the chaincode package in this folder (relative to the current directory) on the channel; repeatable',
    collect,
    [],
  )
  .option('--no-tls', 'serve plaintext gRPC instead of TLS')
  .option('--no-ca', "do not serve the orgs' Fabric CAs (those the topology gives a `ca` port)")
  .option('--mutual-tls', "require client certificates from a channel member's TLS CA")
  .option(
    '--fsync',
    'sync every block to disk before its commit status or block event is sent (survives power loss; slower, so off by default)',
  )
  .option(
    '--from-snapshot <file>',
    'start from a snapshot written by `snapshot` (unpacked into the data folder, which must be empty unless --reset)',
  )
  .addOption(
    new Option('--port-offset <n>', 'add n to every port of the topology (as scripts/network.sh --port-offset)').env(
      'DEVNET_PORT_OFFSET',
    ),
  )
  .addOption(
    new Option(
      '--time-window <duration>',
      "refuse proposals timestamped further than this from the peers' clock, e.g. 5m, 90s (default: the topology's authentication.timeWindow, else 5m)",
    )
      .argParser(parseTimeWindow)
      .env('DEVNET_TIME_WINDOW'),
  )
  .action(async (options: StartOptions, command: Command) => {
    const choice = networkChoice();
    const offsetSource = command.getOptionValueSource('portOffset') === 'env' ? 'DEVNET_PORT_OFFSET' : '--port-offset';
    if (!options.tls && options.mutualTls) throw new InvalidArgumentError('--mutual-tls needs TLS: drop --no-tls');
    const flags = options.chaincode.map((text) => parseChaincodeFlag(text, process.cwd()));
    const topology = withChaincodes(loadTopology(choice.topologyFile), flags, options.channel);
    const started = process.hrtime.bigint();
    const devnet = await startDevnet({
      topology,
      dataDir: choice.dataDir,
      cryptoDir: choice.cryptoDir,
      reset: options.reset,
      fsync: options.fsync === true,
      ...(options.fromSnapshot !== undefined && { fromSnapshot: options.fromSnapshot }),
      channels: options.channel,
      launch: options.lazy ? 'lazy' : 'eager',
      ca: options.ca,
      portOffset: options.portOffset === undefined ? 0 : parsePortOffset(options.portOffset, offsetSource),
      ...(options.timeWindow !== undefined && { timeWindowMs: durationMs(options.timeWindow) }),
      tls: {
        ...(!options.tls && { enabled: false }),
        ...(options.mutualTls && { clientAuthRequired: true }),
      },
    });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const served = devnet.topology.channels.filter((c) => !options.channel || options.channel.includes(c.name));
    const lines = [`Scenechain dev network is up (${ms.toFixed(0)} ms)`, `  data:       ${devnet.dataDir}`];
    lines.push(`  identities: ${path.join(devnet.cryptoDir, 'peerOrganizations')}`);
    lines.push(`  TLS:        ${tlsSummary(devnet.tls)}`);
    lines.push(
      `  ledger:     ${devnet.fsync ? 'fsync: every block is on disk before its commit is reported' : 'no fsync (fast; --fsync for power-loss durability)'}`,
    );
    lines.push(
      `  proposals:  refused when timestamped more than ${goDuration(devnet.timeWindowMs)} from the peers' clock`,
    );
    for (const org of devnet.orgs) {
      lines.push(`  ${org.mspId.padEnd(18)} gateway ${org.endpoint}  (${org.hostAlias})`);
      const ca = devnet.tls.enabled ? `  TLS CA ${org.tlsCaCertPath}` : '';
      lines.push(`  ${''.padEnd(18)} operations http://${org.operationsEndpoint}${ca}`);
    }
    for (const orderer of devnet.orderers) {
      const ca = devnet.tls.enabled ? `  TLS CA ${orderer.tlsCaCertPath}` : '';
      lines.push(`  ${orderer.hostAlias.padEnd(18)} orderer ${orderer.endpoint} (Broadcast, Deliver)${ca}`);
    }
    lines.push(`  ${'orderer'.padEnd(18)} operations http://${devnet.ordererOperationsEndpoint}`);
    for (const ca of devnet.cas) {
      const trust = ca.tlsCaCertPath ? `  TLS CA ${ca.tlsCaCertPath}` : '';
      lines.push(`  ${ca.mspId.padEnd(18)} Fabric CA ${ca.url} (${ca.caName}, registrar admin:adminpw)${trust}`);
    }
    for (const channel of served) {
      const names = channel.chaincodes.map((c) => `${c.name}@${c.version}`).join(', ');
      lines.push(`  channel ${channel.name}: height ${devnet.height(channel.name)}; chaincodes ${names || 'none'}`);
    }
    for (const notice of devnet.notices) lines.push(`  note: ${notice}`);
    lines.push(...applicationLines(devnet, served, flags[0]?.name));
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

/** --time-window: a duration as the topology writes them (`5m`, `90s`, `1500ms`), more than zero. */
function parseTimeWindow(text: string): string {
  if (!/^\d+(ms|s|m)$/.test(text) || durationMs(text) <= 0) {
    throw new InvalidArgumentError(`time window "${text}" must be a duration above zero such as 5m, 90s or 1500ms`);
  }
  return text;
}

function tlsSummary(tls: Devnet['tls']): string {
  if (!tls.enabled) return 'off (plaintext gRPC)';
  return tls.clientAuthRequired
    ? "mutual: peers present their org TLS CA's certificate and require a client certificate"
    : "on: peers present a certificate from their org's TLS CA (trust tls/ca.crt, verify the host alias)";
}

/**
 * The environment an application written for Fabric's test network reads, for the first org of the first served
 * channel, and a `.env` file per org under `<data>/app-env/` (dotenv format) for the others.
 */
function applicationLines(devnet: Devnet, served: readonly ChannelSpec[], chaincode?: string): string[] {
  const channel = served[0];
  if (!channel) return [];
  const envDir = path.join(devnet.dataDir, 'app-env');
  mkdirSync(envDir, { recursive: true });
  const configDir = writePeerCliConfig(devnet.dataDir);
  const files: string[] = [];
  let first: Record<string, string> | undefined;
  for (const mspId of channel.orgs) {
    const name = chaincode ?? channel.chaincodes.find((c) => endorsingOrgs(channel, c).includes(mspId))?.name;
    const env = applicationEnv(devnet, mspId, channel.name, name);
    const file = path.join(envDir, `${mspId}.env`);
    writeFileSync(file, envFileText({ ...env, ...peerCliEnv(devnet, mspId, configDir) }));
    files.push(file);
    first ??= env;
  }
  const lines = [`Application settings (fabric-samples style), as User1 of ${first!.MSP_ID}:`];
  for (const [key, value] of Object.entries(first!)) lines.push(`  export ${key}=${shellQuote(value)}`);
  if (!devnet.tls.enabled)
    lines.push('  (TLS is off: applications that use TLS need the network started without --no-tls)');
  lines.push(`  every org's settings: ${files.join(', ')}`);
  lines.push(`  Fabric's peer CLI, as the org's Admin (CORE_PEER_*, ORDERER_CA): set -a; . ${files[0]}; set +a`);
  for (const profile of devnet.connectionProfiles) {
    lines.push(`  connection profile ${profile.mspId}: ${profile.json} (and .yaml)`);
  }
  return lines;
}

program
  .command('crypto')
  .description('generate (only) the missing identities of the topology, cryptogen style')
  .action(async () => {
    const { topologyFile, cryptoDir } = networkChoice();
    await generateCrypto(loadTopology(topologyFile), cryptoDir);
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
    const { topologyFile, cryptoDir } = networkChoice();
    const attrs: Record<string, string> = {};
    for (const pair of options.attr) {
      const at = pair.indexOf('=');
      if (at <= 0) throw new InvalidArgumentError(`attribute "${pair}" must be name=value`);
      attrs[pair.slice(0, at)] = pair.slice(at + 1);
    }
    const topology = loadTopology(topologyFile);
    await generateCrypto(topology, cryptoDir);
    const files = await addUser(topology, cryptoDir, options.org, options.name, attrs, {
      ou: options.admin ? 'admin' : 'client',
    });
    console.log(JSON.stringify({ mspId: files.mspId, name: files.name, mspDir: files.mspDir, attrs }, null, 2));
  });

program
  .command('verify')
  .description(
    "check a stopped network's ledger offline: hash chain, data hashes, orderer, creator and endorsement signatures, transactions filter, state, history and indexes (exit 2 when damaged)",
  )
  .option('--channel <name...>', 'verify only these channels')
  .action(async (options: { channel?: string[] }) => {
    const { dataDir } = networkChoice();
    const started = performance.now();
    const result = await verifyLedger({ dataDir, ...(options.channel && { channels: options.channel }) });
    const text = formatVerification(result, performance.now() - started);
    if (result.ok) {
      console.log(text);
    } else {
      console.error(text);
      process.exitCode = 2;
    }
  });

program
  .command('snapshot')
  .description("write a stopped network's data folder (ledger and identities) to one compressed file")
  .requiredOption('--out <file>', 'the snapshot file to write (gzip tar)')
  .action(async (options: { out: string }) => {
    const { dataDir } = networkChoice();
    const started = performance.now();
    const written = await writeSnapshot({ dataDir, out: options.out });
    const heights = written.manifest.channels.map((c) => `${c.name} at height ${c.height}`).join(', ');
    const ms = (performance.now() - started).toFixed(0);
    console.log(`snapshot ${written.file}: ${written.bytes} bytes, ${heights} (${ms} ms)`);
  });

program.parseAsync().catch((err: unknown) => {
  console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
