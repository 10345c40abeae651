import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { loadTopology } from '../../network/devnet/src/topology/load';
import { buildCcaasPackageFromDir } from './ccaas-package';
import { addOrgToChannelConfig, channelHasOrg, configFromBlock, wrapConfigUpdate } from './channel-config-update';
import { mergeConfig, parseKeyPath } from './config-merge';
import { buildConnectionSettings, type CryptoMode } from './connection-settings';
import { renderFabricConfig } from './generated-files';
import { compareGeneratedTrees, readGeneratedTree, writeGeneratedTree } from './generated-tree';
import { k8sOwnedRoots, renderKubernetesFiles } from './k8s-files';
import { certificateCommand, renderKubernetes } from './k8s-render';
import { buildNetworkPlan, type NetworkPlan, type Runtime } from './network-plan';
import { parseHostsFile } from './node-hosts';
import { parsePortOverrides } from './ports';
import { issueTopologyUsers } from './topology-users';

/**
 * Node half of scripts/network.sh: everything that reads YAML or JSON. Run with
 * `npx tsx scripts/fabric-config/cli.ts <command> [options]`.
 */
export const repoRoot = path.resolve(__dirname, '..', '..');
export const defaultTopology = path.join(repoRoot, 'network', 'topology.yaml');
export const committedConfigDir = path.join(repoRoot, 'network', 'fabric');
export const committedK8sDir = path.join(repoRoot, 'network', 'k8s');

const usage = `usage: cli.ts <command> [options]
  generate [--topology FILE] [--out DIR] [--k8s-out DIR] [--port-offset N] [--port KEY=PORT]... [--hosts FILE]
           [--check]
                                              without --out also network/k8s/ (Kubernetes resources)
  k8s-render [--k8s-dir DIR] [--values DIR] [--out DIR]
                                              fill passwords and certificates into network/k8s/ copies
  package (--src DIR --out FILE)...           build deterministic CCaaS packages, print one ID a line
  merge-config --base FILE --overlay FILE --out FILE [--set KEY.PATH=VALUE]...
  connection --work-dir DIR --runtime docker|native --crypto cryptogen|ca [--topology FILE]
             [--port-offset N] [--port KEY=PORT]... [--hosts FILE] [--out FILE]
  extract-config --block FILE --out FILE      the channel config inside a decoded config block
  channel-has-org --config FILE --msp MSPID    exit 0 if the org is in the channel, 1 if not
  channel-add-org --config FILE --org FILE --msp MSPID --anchor HOST:PORT --out FILE
  wrap-config-update --channel NAME --update FILE --out FILE
  issue-users --work-dir DIR [--topology FILE]  the topology's users with their attributes, under the
                                                orgs' cryptogen CAs (in DIR/crypto)`;

const options = {
  topology: { type: 'string' },
  out: { type: 'string', multiple: true },
  'k8s-out': { type: 'string' },
  'k8s-dir': { type: 'string' },
  values: { type: 'string' },
  'port-offset': { type: 'string' },
  port: { type: 'string', multiple: true },
  hosts: { type: 'string' },
  check: { type: 'boolean' },
  src: { type: 'string', multiple: true },
  base: { type: 'string' },
  overlay: { type: 'string' },
  set: { type: 'string', multiple: true },
  'work-dir': { type: 'string' },
  runtime: { type: 'string' },
  crypto: { type: 'string' },
  config: { type: 'string' },
  org: { type: 'string' },
  msp: { type: 'string' },
  anchor: { type: 'string' },
  channel: { type: 'string' },
  update: { type: 'string' },
  block: { type: 'string' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values'];

/** A single-valued option (the last one given, for options that may also repeat). */
function optional(values: Values, name: keyof Values): string | undefined {
  const value = values[name];
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  return typeof last === 'string' && last !== '' ? last : undefined;
}

function required(values: Values, name: keyof Values): string {
  const value = optional(values, name);
  if (value === undefined) throw new UsageError(`--${name} is required`);
  return value;
}

class UsageError extends Error {}

function planFrom(values: Values): NetworkPlan {
  return loadPlan(values).plan;
}

/** The plan and the folder the topology's relative paths (collections files) resolve against. */
function loadPlan(values: Values): { plan: NetworkPlan; baseDir: string } {
  const topology = loadTopology(path.resolve(values.topology ?? defaultTopology));
  const offsetText = values['port-offset'] ?? '0';
  if (!/^-?\d+$/.test(offsetText)) throw new UsageError(`--port-offset must be an integer, got '${offsetText}'`);
  const hostsFile = optional(values, 'hosts');
  const plan = buildNetworkPlan(topology, {
    offset: Number.parseInt(offsetText, 10),
    overrides: parsePortOverrides(values.port ?? []),
    hosts: hostsFile === undefined ? undefined : parseHostsFile(readFileSync(hostsFile, 'utf8'), hostsFile),
  });
  return { plan, baseDir: topology.baseDir };
}

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

function writeOut(file: string, content: string | Buffer): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  writeFileSync(file, content);
}

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, got '${value}'`);
  }
  return value as T;
}

/** Runs one command; returns the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...argv], options, allowPositionals: true });
  const [command] = positionals;
  switch (command) {
    case 'generate': {
      const { plan, baseDir } = loadPlan(values);
      const out = optional(values, 'out');
      // network.sh regenerates its work dir with --out; the Kubernetes resources are only written on request
      // there, and by default next to the committed network/fabric/.
      const k8sOut = optional(values, 'k8s-out') ?? (out === undefined ? committedK8sDir : undefined);
      const trees: Array<{ dir: string; files: ReturnType<typeof renderFabricConfig>; roots?: readonly string[] }> = [
        { dir: path.resolve(out ?? committedConfigDir), files: renderFabricConfig(plan) },
      ];
      if (k8sOut !== undefined) {
        trees.push({ dir: path.resolve(k8sOut), files: renderKubernetesFiles(plan, baseDir), roots: k8sOwnedRoots });
      }
      if (values.check) {
        let status = 0;
        for (const tree of trees) {
          const problems = compareGeneratedTrees(tree.files, readGeneratedTree(tree.dir, tree.roots));
          if (problems.length === 0) continue;
          process.stderr.write(`${tree.dir} disagrees with the topology:\n  ${problems.join('\n  ')}\n`);
          status = 1;
        }
        return status;
      }
      for (const tree of trees) writeGeneratedTree(tree.dir, tree.files, tree.roots);
      return 0;
    }
    case 'k8s-render': {
      const k8sDir = path.resolve(optional(values, 'k8s-dir') ?? committedK8sDir);
      const valuesDir = path.resolve(optional(values, 'values') ?? path.join(k8sDir, '.values'));
      const outDir = path.resolve(optional(values, 'out') ?? path.join(k8sDir, '.rendered'));
      const outcome = renderKubernetes(k8sDir, valuesDir, outDir);
      for (const generated of outcome.generated) {
        process.stdout.write(`generated password ${generated} (kept in ${valuesDir}/passwords)\n`);
      }
      process.stdout.write(`rendered into ${outDir}: ${outcome.written.join(', ') || 'nothing'}\n`);
      if (outcome.waiting.length === 0) return 0;
      const certificates = [...new Set(outcome.waiting.flatMap((wait) => wait.certificates))];
      process.stderr.write(
        `not rendered yet: ${outcome.waiting.map((wait) => wait.file).join(', ')}; once the orderers run, ` +
          `save their TLS certificates and render again:\n  mkdir -p ${valuesDir}/tls-certs\n` +
          `${certificates.map((reference) => `  ${certificateCommand(valuesDir, reference)}`).join('\n')}\n`,
      );
      return 1;
    }
    case 'package': {
      const sources = values.src ?? [];
      const outs = values.out ?? [];
      if (sources.length === 0 || sources.length !== outs.length) {
        throw new UsageError('package needs one --out for each --src');
      }
      sources.forEach((src, index) => {
        const built = buildCcaasPackageFromDir(src);
        writeOut(outs[index], built.bytes);
        process.stdout.write(`${built.packageId}\n`);
      });
      return 0;
    }
    case 'merge-config': {
      const sets = (values.set ?? []).map((pair): [ReturnType<typeof parseKeyPath>, string] => {
        const at = pair.indexOf('=');
        if (at < 1) throw new UsageError(`--set expects KEY.PATH=VALUE, got '${pair}'`);
        return [parseKeyPath(pair.slice(0, at)), pair.slice(at + 1)];
      });
      const overlay = parse(readFileSync(required(values, 'overlay'), 'utf8')) as Record<string, unknown>;
      writeOut(required(values, 'out'), mergeConfig(readFileSync(required(values, 'base'), 'utf8'), overlay, sets));
      return 0;
    }
    case 'connection': {
      const workDir = path.resolve(required(values, 'work-dir'));
      const runtime = oneOf<Runtime>(required(values, 'runtime'), ['docker', 'native'], '--runtime');
      const crypto = oneOf<CryptoMode>(required(values, 'crypto'), ['cryptogen', 'ca'], '--crypto');
      const settings = buildConnectionSettings(planFrom(values), workDir, runtime, crypto);
      writeOut(
        optional(values, 'out') ?? path.join(workDir, 'connection.json'),
        `${JSON.stringify(settings, null, 2)}\n`,
      );
      return 0;
    }
    case 'extract-config': {
      const config = configFromBlock(readJson(required(values, 'block')));
      writeOut(required(values, 'out'), `${JSON.stringify(config, null, 2)}\n`);
      return 0;
    }
    case 'channel-has-org':
      return channelHasOrg(readJson(required(values, 'config')), required(values, 'msp')) ? 0 : 1;
    case 'channel-add-org': {
      const anchor = /^(.+):(\d+)$/.exec(required(values, 'anchor'));
      if (!anchor) throw new UsageError('--anchor expects HOST:PORT');
      const updated = addOrgToChannelConfig(
        readJson(required(values, 'config')),
        required(values, 'msp'),
        readJson(required(values, 'org')),
        { host: anchor[1], port: Number.parseInt(anchor[2], 10) },
      );
      writeOut(required(values, 'out'), `${JSON.stringify(updated, null, 2)}\n`);
      return 0;
    }
    case 'wrap-config-update': {
      const envelope = wrapConfigUpdate(required(values, 'channel'), readJson(required(values, 'update')));
      writeOut(required(values, 'out'), `${JSON.stringify(envelope, null, 2)}\n`);
      return 0;
    }
    case 'issue-users': {
      const topology = loadTopology(path.resolve(values.topology ?? defaultTopology));
      for (const user of await issueTopologyUsers(topology, required(values, 'work-dir'))) {
        process.stdout.write(`${user}\n`);
      }
      return 0;
    }
    default:
      throw new UsageError(command ? `unknown command '${command}'` : 'no command given');
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      process.stderr.write(err instanceof UsageError ? `${message}\n${usage}\n` : `error: ${message}\n`);
      process.exitCode = 2;
    },
  );
}
