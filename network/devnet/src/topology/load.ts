import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { topologySchema, type ChaincodeSpec, type ChannelSpec, type OrgSpec, type Topology } from './schema';

/** A validated topology together with the folder its relative paths (chaincode, collections) start from. */
export interface LoadedTopology extends Topology {
  /** Absolute folder that relative chaincode `path` and `collectionsConfig` entries resolve against. */
  readonly baseDir: string;
}

export class TopologyError extends Error {
  override readonly name = 'TopologyError';
}

/**
 * Reads and validates a topology file. Relative chaincode `path` and `collectionsConfig` entries resolve
 * against the file's `baseDir` entry, itself relative to the file's folder (default: the file's folder);
 * a `baseDir` argument overrides both.
 */
export function loadTopology(file: string, baseDir?: string): LoadedTopology {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new TopologyError(`cannot read topology ${file}: ${(err as Error).message}`);
  }
  const topology = parseTopology(raw, file);
  const base = baseDir ?? path.resolve(path.dirname(path.resolve(file)), topology.baseDir ?? '.');
  return { ...topology, baseDir: path.resolve(base) };
}

/**
 * Validates an already-parsed topology object (also used by tests that build topologies in code); its
 * relative paths resolve against `baseDir`.
 */
export function validateTopology(raw: unknown, baseDir: string, source = 'topology'): LoadedTopology {
  return { ...parseTopology(raw, source), baseDir: path.resolve(baseDir) };
}

function parseTopology(raw: unknown, source: string): Topology {
  const parsed = topologySchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new TopologyError(`invalid ${source}:\n${issues.join('\n')}`);
  }
  checkReferences(parsed.data, source);
  return parsed.data;
}

function checkReferences(topology: Topology, source: string): void {
  const problems: string[] = [];
  const mspIds = new Set<string>();
  for (const mspId of [topology.ordererOrg.mspId, ...topology.orgs.map((org) => org.mspId)]) {
    if (mspIds.has(mspId)) problems.push(`MSP ID ${mspId} is declared twice`);
    mspIds.add(mspId);
  }
  const ports = new Map<number, string>();
  const claimPort = (port: number | undefined, owner: string): void => {
    if (port === undefined) return;
    const other = ports.get(port);
    if (other) problems.push(`port ${port} is used by both ${other} and ${owner}`);
    ports.set(port, owner);
  };
  for (const orderer of topology.ordererOrg.orderers) {
    const owner = `${orderer.name}.${topology.ordererOrg.domain}`;
    claimPort(orderer.port, owner);
    claimPort(orderer.adminPort, `${owner} (admin)`);
    claimPort(orderer.operationsPort, `${owner} (operations)`);
  }
  claimPort(topology.ordererOrg.ca?.port, `ca.${topology.ordererOrg.domain}`);
  for (const org of topology.orgs) {
    for (const peer of org.peers) {
      const owner = `${peer.name}.${org.domain}`;
      claimPort(peer.port, owner);
      claimPort(peer.chaincodePort, `${owner} (chaincode)`);
      claimPort(peer.operationsPort, `${owner} (operations)`);
    }
    claimPort(org.ca?.port, `ca.${org.domain}`);
  }
  const channelNames = new Set<string>();
  for (const channel of topology.channels) {
    if (channelNames.has(channel.name)) problems.push(`channel ${channel.name} is declared twice`);
    channelNames.add(channel.name);
    for (const mspId of channel.orgs) {
      if (!topology.orgs.some((org) => org.mspId === mspId)) {
        problems.push(`channel ${channel.name} names unknown org ${mspId}`);
      }
    }
    const chaincodeNames = new Set<string>();
    for (const chaincode of channel.chaincodes) {
      if (chaincodeNames.has(chaincode.name)) {
        problems.push(`chaincode ${chaincode.name} is declared twice on channel ${channel.name}`);
      }
      chaincodeNames.add(chaincode.name);
      for (const mspId of chaincode.installedOn ?? []) {
        if (!channel.orgs.includes(mspId)) {
          problems.push(
            `chaincode ${chaincode.name} is installed on ${mspId}, which is not in channel ${channel.name}`,
          );
        }
      }
    }
  }
  if (problems.length > 0) throw new TopologyError(`invalid ${source}:\n  ${problems.join('\n  ')}`);
}

export function findOrg(topology: Topology, mspId: string): OrgSpec | undefined {
  return topology.orgs.find((org) => org.mspId === mspId);
}

export function findChannel(topology: Topology, name: string): ChannelSpec | undefined {
  return topology.channels.find((channel) => channel.name === name);
}

/** The orgs whose peers can endorse a chaincode: those it is installed on, or every channel member. */
export function endorsingOrgs(channel: ChannelSpec, chaincode: ChaincodeSpec): readonly string[] {
  return chaincode.installedOn ?? channel.orgs;
}
