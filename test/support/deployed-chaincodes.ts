import path from 'node:path';
import { loadTopology } from '@scenechain/devnet';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/**
 * The chaincodes network/topology.yaml deploys on `channel`, in its order: the one list of scenarios, so a
 * test or benchmark meant for "every scenario" picks up a new one without an edit.
 */
export function deployedChaincodes(
  channel = 'public-services',
  topologyFile = path.join(REPO_ROOT, 'network', 'topology.yaml'),
): string[] {
  const found = loadTopology(topologyFile, REPO_ROOT).channels.find((c) => c.name === channel);
  if (!found) throw new Error(`${topologyFile} has no channel ${channel}`);
  return found.chaincodes.map((cc) => cc.name);
}
