import path from 'node:path';
import { REPO_ROOT } from '../../../gateway-app/src/config/app-config';
import type { ScenarioView } from '../../../gateway-app/src/scenarios/scenario-view';
import { scenariosOfTopology } from '../../../gateway-app/src/scenarios/topology-scenarios';
import { CHANNEL } from './test-app';

/** The scenarios network/topology.yaml deploys, as the app derives them (routes, record views). */
export const SCENARIOS: readonly ScenarioView[] = scenariosOfTopology(
  path.join(REPO_ROOT, 'network', 'topology.yaml'),
  CHANNEL,
);

export function scenarioOf(id: string): ScenarioView {
  const found = SCENARIOS.find((s) => s.id === id);
  if (!found) throw new Error(`the topology deploys no scenario ${id}`);
  return found;
}
