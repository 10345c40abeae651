import { availableActions, instantOf, type Stored } from '@scenechain/scene-kit';
import type { AppContext } from '../app-context';
import { certificateAttributes } from '../auth/certificate-attributes';
import type { Principal } from '../auth/principal';
import type { RecordView, ScenarioView } from '../scenarios/scenario-view';

/** An action the signed-in user may take on a record now, with the route that takes it. */
export interface RecordAction {
  readonly transaction: string;
  readonly label: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
}

const attributeCache = new WeakMap<object, Record<string, string>>();

function isStored(answer: unknown): answer is Stored<Record<string, unknown>> {
  const { data, audit } = (answer ?? {}) as Partial<Stored<unknown>>;
  return typeof data === 'object' && data !== null && typeof audit === 'object' && audit !== null;
}

/**
 * What the user may do to a record the chaincode answered, by the kit's `availableActions` (the code the
 * chaincode's `fire` runs: who, state, guards): their org, their role counted only from its authority, the
 * attributes their certificate carries (only those the role's authority declares count), at the app's time.
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
  const identity = ctx.identities.identityOf(principal);
  let attributes = attributeCache.get(identity);
  if (!attributes) attributeCache.set(identity, (attributes = certificateAttributes(identity.certPem)));
  const claimed = attributes;
  const viewer = {
    actor: { mspId: principal.mspId, user: principal.fabricUser, role: principal.role },
    attribute: (name: string) => claimed[name] ?? null,
    now: instantOf(ctx.clock()),
  };
  return availableActions(scenario.descriptor, record.type, answer, viewer).map(({ transaction, label }) => {
    const action = scenario.actions.find((a) => a.transaction === transaction)!;
    const path = `/api/${scenario.id}${action.path.replace(`:${record.keyField}`, encodeURIComponent(key))}`;
    return { transaction, label, method: action.method, path };
  });
}
