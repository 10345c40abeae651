import { statSync } from 'node:fs';
import path from 'node:path';
import { TopologyError, type LoadedTopology } from './load';
import { chaincodeSchema } from './schema';

/** A chaincode given on the command line: `--chaincode name=path[@version]`. */
export interface ChaincodeFlag {
  readonly name: string;
  /** Absolute folder of the chaincode package. */
  readonly dir: string;
  readonly version: string;
}

const DEFAULT_VERSION = '1.0';

/**
 * Parses `name=path[@version]`; the path resolves against `cwd` (the caller's current directory), not the
 * topology's folder. A trailing `@text` is a version only when it holds no path separator, so folders such as
 * `node_modules/@scope/pkg` stay paths.
 */
export function parseChaincodeFlag(text: string, cwd: string): ChaincodeFlag {
  const at = text.indexOf('=');
  if (at <= 0 || at === text.length - 1) {
    throw new TopologyError(`--chaincode '${text}' must be name=path or name=path@version`);
  }
  const name = text.slice(0, at);
  let location = text.slice(at + 1);
  let version = DEFAULT_VERSION;
  const versionAt = location.lastIndexOf('@');
  if (versionAt > 0 && !/[/\\]/.test(location.slice(versionAt + 1))) {
    version = location.slice(versionAt + 1);
    location = location.slice(0, versionAt);
    if (!version) throw new TopologyError(`--chaincode '${text}': the version after '@' is empty`);
  }
  const dir = path.resolve(cwd, location);
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    // reported below
  }
  if (!isDir) throw new TopologyError(`--chaincode ${name}: ${dir} is not a folder (paths resolve against ${cwd})`);
  return { name, dir, version };
}

/**
 * The topology with the given chaincodes defined on its one served channel (a definition of the same name is
 * replaced: path and version from the flag, the rest kept). Definitions take the channel's
 * /Channel/Application/Endorsement policy, as `peer lifecycle chaincode approveformyorg` without a policy does.
 */
export function withChaincodes(
  topology: LoadedTopology,
  flags: readonly ChaincodeFlag[],
  servedChannels?: readonly string[],
): LoadedTopology {
  if (flags.length === 0) return topology;
  const channels = topology.channels.filter((c) => !servedChannels || servedChannels.includes(c.name));
  if (channels.length !== 1) {
    throw new TopologyError(
      `--chaincode needs exactly one channel to deploy to; topology ${topology.name} serves ` +
        `${channels.map((c) => c.name).join(', ') || 'none'}: choose one with --channel`,
    );
  }
  const target = channels[0];
  const chaincodes = [...target.chaincodes];
  for (const flag of flags) {
    if (flags.filter((other) => other.name === flag.name).length > 1) {
      throw new TopologyError(`--chaincode ${flag.name} is given twice`);
    }
    const existing = chaincodes.findIndex((c) => c.name === flag.name);
    if (existing >= 0) {
      chaincodes[existing] = { ...chaincodes[existing], path: flag.dir, version: flag.version };
      continue;
    }
    const parsed = chaincodeSchema.safeParse({ name: flag.name, version: flag.version, path: flag.dir });
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
      throw new TopologyError(`--chaincode ${flag.name}: ${issues.join('; ')}`);
    }
    chaincodes.push(parsed.data);
  }
  return {
    ...topology,
    channels: topology.channels.map((c) => (c === target ? { ...c, chaincodes } : c)),
  };
}
