import type { Actor } from '@scenechain/scene-kit';
import { readModelScope, scenarioActor } from '../api/scenario-access';
import type { AppContext } from '../app-context';
import type { Principal } from '../auth/principal';
import type { BusinessEvent } from './business-event';

/**
 * Whether a user may receive an event: the read model's own scope rules, so a subscription shows nothing the
 * dashboard, search and timelines would not (personal-data record types only to their readers, and to them
 * only the rows of their own org where the scenario says so). Events of scenarios the app does not serve are
 * never delivered. Actors are computed once per scenario per check run.
 */
export function eventAccess(ctx: AppContext, principal: Principal): (event: BusinessEvent) => boolean {
  const actors = new Map<string, Actor>();
  return (event) => {
    const scenario = ctx.scenarios.find((s) => s.id === event.scenario);
    if (!scenario) return false;
    const view = scenario.records.find((r) => r.type === event.recordType);
    if (!view) return true;
    let actor = actors.get(scenario.id);
    if (!actor) actors.set(scenario.id, (actor = scenarioActor(ctx, principal, scenario)));
    const scope = readModelScope(actor, view);
    if (!scope.visible) return false;
    return !scope.own || event.details[scope.own.field] === scope.own.value;
  };
}
