import path from 'node:path';
import { TopologyError } from './load';

/** A ready-made network shipped with the dev network (`scenechain-devnet start --example <name>`). */
export interface DevnetExample {
  readonly name: string;
  readonly topologyFile: string;
  /** Name of the identities folder inside the data folder, where the original network keeps them. */
  readonly cryptoDirName: string;
  /** Default data folder, apart from the default network's so that neither overwrites the other. */
  readonly dataDir: string;
}

/** network/devnet: the package root, from dist/topology or src/topology alike. */
const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');
const REPO_ROOT = path.resolve(PACKAGE_ROOT, '..', '..');

const EXAMPLES: readonly DevnetExample[] = [
  {
    // fabric-samples' test network: `organizations/peerOrganizations/org1.example.com/...` as cryptogen writes it.
    name: 'test-network',
    topologyFile: path.join(PACKAGE_ROOT, 'examples', 'test-network', 'topology.yaml'),
    cryptoDirName: 'organizations',
    dataDir: path.join(REPO_ROOT, '.devnet-test-network'),
  },
];

export function exampleNames(): string[] {
  return EXAMPLES.map((example) => example.name);
}

/** The example of that name; throws TopologyError listing the known ones. */
export function findExample(name: string): DevnetExample {
  const example = EXAMPLES.find((candidate) => candidate.name === name);
  if (!example) throw new TopologyError(`unknown example '${name}'; known: ${exampleNames().join(', ')}`);
  return example;
}
