import { describeRule, judgeRole, mayAct, type Actor } from '@scenechain/scene-kit';
import type { AppContext } from '../app-context';
import { certifiedIdentity } from '../auth/certificate-attributes';
import type { Principal } from '../auth/principal';
import { forbidden } from '../errors/app-error';
import type { ActionView, RecordView, ScenarioView } from '../scenarios/scenario-view';

/**
 * The signed-in user as a scenario's chaincode sees them: their certificate's org, user name and role (not the
 * role stored with the login), the role counting only when the org is its authority in that scenario (the
 * same table the chaincode enforces).
 */
export function scenarioActor(ctx: AppContext, principal: Principal, scenario: ScenarioView): Actor {
  const { mspId, user, attributes } = certifiedIdentity(ctx.identities.identityOf(principal), principal.fabricUser);
  const claim = judgeRole(scenario.authorities, mspId, (Object.hasOwn(attributes, 'role') && attributes.role) || null);
  return { mspId, user, role: claim.trusted ? claim.role : null };
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
