import { describeAuthorities } from '@scenechain/scene-kit';
import type { ScenarioView } from '../scenarios/scenario-view';

/**
 * OpenAPI tags of the scenario routes, each describing which org vouches for each role of its scenario: a role
 * in a certificate from another org counts for nothing, in the chaincode as in the app.
 */
export function scenarioTags(scenarios: readonly ScenarioView[]): { name: string; description: string }[] {
  return scenarios.flatMap((scenario) => {
    const roles = describeAuthorities(scenario.authorities)
      .map(({ role, issuedBy, attributes }) =>
        attributes.length ? `${role} (with ${attributes.join(', ')}): ${issuedBy}` : `${role}: ${issuedBy}`,
      )
      .join('; ');
    const description = `${scenario.summary} Roles count only from their authority: ${roles}.`;
    return [...new Set(scenario.actions.map((action) => action.tag))].map((tag) => ({
      name: `${scenario.title}: ${tag}`,
      description,
    }));
  });
}
