import path from 'node:path';
import { loadTopology, type LoadedTopology } from '../../network/devnet/src/topology/load';
import { buildNetworkPlan, type NetworkPlan } from '../../scripts/fabric-config/network-plan';

/** Shared fixtures: the repository's topology, its plan, and where the committed config lives. */
export const repoRoot = path.resolve(__dirname, '..', '..');
export const topologyFile = path.join(repoRoot, 'network', 'topology.yaml');
export const committedDir = path.join(repoRoot, 'network', 'fabric');
export const networkScript = path.join(repoRoot, 'scripts', 'network.sh');

export function repoTopology(): LoadedTopology {
  return loadTopology(topologyFile);
}

export function repoPlan(): NetworkPlan {
  return buildNetworkPlan(repoTopology());
}
