import { describeRule, judgeRole, mayAct, type Actor } from '@scenechain/scene-kit';
import type { Principal } from '../auth/principal';
import { forbidden } from '../errors/app-error';
import type { ActionView, RecordView, ScenarioView } from '../scenarios/scenario-view';

/**
 * The signed-in user as a scenario's chaincode sees them: the role counts only when the user's org is the
 * role's authority in that scenario (the same table the chaincode enforces).
 */
export function scenarioActor(principal: Principal, scenario: ScenarioView): Actor {
  const claim = judgeRole(scenario.authorities, principal.mspId, principal.role);
  return { mspId: principal.mspId, user: principal.fabricUser, role: claim.trusted ? claim.role : null };
}

/** Whether the chaincode would let the user run the action (submit: who may; query: who may read). */
export function mayRun(actor: Actor, action: ActionView): boolean {
  return action.mayRun ? mayAct(actor, action.mayRun) : true;
}

/**
 * What the read model may show the user of a record type: nothing (personal data the user may not list),
 * everything, or only the rows whose `ownField` detail is the user's org.
 */
export type ReadModelScope =
  { readonly visible: false } | { readonly visible: true; readonly own?: { field: string; value: string } };

export function readModelScope(actor: Actor, view: RecordView): ReadModelScope {
  if (!view.readModel) return { visible: true };
  if (!mayAct(actor, view.readModel.readers)) return { visible: false };
  const field = view.readModel.ownField;
  return field ? { visible: true, own: { field, value: actor.mspId } } : { visible: true };
}

/** Throws 403 FORBIDDEN naming who may list the record type, when the read model must not show it to the user. */
export function requireReadModel(actor: Actor, scenario: ScenarioView, view: RecordView): ReadModelScope {
  const scope = readModelScope(actor, view);
  if (!scope.visible) {
    const own = view.ownList ? `; your own: ${view.ownList.transaction}` : '';
    throw forbidden(
      `${view.type} records of ${scenario.id} are personal data; the read model lists them only to ${describeRule(view.readModel?.readers ?? [])}${own}`,
    );
  }
  return scope;
}
