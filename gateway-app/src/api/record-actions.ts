import { availableActions, instantOf, type Stored } from '@scenechain/scene-kit';
import type { AppContext } from '../app-context';
import { certifiedIdentity } from '../auth/certificate-attributes';
import type { Principal } from '../auth/principal';
import type { RecordView, ScenarioView } from '../scenarios/scenario-view';

/** An action the signed-in user may take on a record now, with the route that takes it. */
export interface RecordAction {
  readonly transaction: string;
  readonly label: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
}

function isStored(answer: unknown): answer is Stored<Record<string, unknown>> {
  const { data, audit } = (answer ?? {}) as Partial<Stored<unknown>>;
  return typeof data === 'object' && data !== null && typeof audit === 'object' && audit !== null;
}

/**
 * What the user may do to a record the chaincode answered, by the kit's `availableActions` (the code the
 * chaincode's `fire` runs: who, state, guards): their org, the role their certificate carries counted only from
 * its authority, its other attributes (only those the role's authority declares count), at the app's time.
 * An answer that is not a stored record (redacted, a list) has no actions.
 */
export function recordActions(
  ctx: AppContext,
  principal: Principal,
  scenario: ScenarioView,
  record: RecordView,
  key: string,
  answer: unknown,
): RecordAction[] {
  if (!isStored(answer)) return [];
  const { mspId, user, attributes } = certifiedIdentity(ctx.identities.identityOf(principal), principal.fabricUser);
  const viewer = {
    actor: { mspId, user, role: Object.hasOwn(attributes, 'role') ? attributes.role : null },
    attribute: (name: string) => (Object.hasOwn(attributes, name) ? attributes[name] : null),
    now: instantOf(ctx.clock()),
  };
  return availableActions(scenario.descriptor, record.type, answer, viewer).map(({ transaction, label }) => {
    const action = scenario.actions.find((a) => a.transaction === transaction)!;
    const path = `/api/${scenario.id}${action.path.replace(`:${record.keyField}`, encodeURIComponent(key))}`;
    return { transaction, label, method: action.method, path };
  });
}
