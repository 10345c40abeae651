import { countedIdentity, type Actor } from './access';
import { recordTypeOf, flowLabel } from './flow';
import { actsOnExisting, lifecycleOf, machineOf, recordsByType, scenarioRecord, type Scenario } from './scenario';
import { objectFields } from './schema-shape';
import type { Stored } from './record-type';
import type { Instant } from './time';

/** Who asks what they may do: the user's org and user name, the role they claim, their attributes, and when. */
export interface Viewer {
  /** The role as the certificate claims it: it counts only from its authority, as in the chaincode. */
  readonly actor: Actor;
  /** A certificate attribute as claimed (`subject`); it counts only when declared for the counted role. */
  readonly attribute: (name: string) => string | null;
  readonly now: Instant;
}

export interface AvailableAction {
  readonly transaction: string;
  readonly label: string;
  /** The machine transition the action fires. */
  readonly transition: string;
}

/**
 * The submit flows on a record the viewer may run now, in flow order: those whose request names the record by
 * its key field and, for a flow firing a transition, whose transition the machine would let this viewer fire
 * (or one of its `orTransitions`) from the record's state (who, state and guards: the very code `fire` runs).
 * Creations and flows without a transition are not actions on a record (`actsOnExisting`); async `checks`, which
 * read the ledger, are left to the chaincode.
 */
export function availableActions(
  scenario: Scenario,
  recordTypeName: string,
  stored: Stored<Record<string, unknown>>,
  viewer: Viewer,
): AvailableAction[] {
  const record = scenarioRecord(scenario, recordTypeName);
  if (!record) return [];
  const identity = countedIdentity(
    viewer.actor.mspId,
    viewer.actor.user,
    (name) => (name === 'role' ? viewer.actor.role : viewer.attribute(name)),
    scenario.authorities,
  );
  const records = recordsByType(scenario);
  const types = recordTypeOf(lifecycleOf(record.type) ?? record.type);
  const actions: AvailableAction[] = [];
  for (const [transaction, flow] of Object.entries(scenario.flows)) {
    if (flow.kind !== 'submit' || !flow.on || recordTypeOf(flow.on).name !== recordTypeName) continue;
    if (!objectFields(flow.request)?.[record.keyField]) continue;
    if (!actsOnExisting(flow, records) || flow.transition === undefined) continue;
    const machine = machineOf(flow.on, records);
    if (!machine) continue;
    const state = String(stored.data.status);
    const input = {
      record: stored.data,
      actor: identity.actor,
      now: viewer.now,
      id: types.idOf(stored.data as never),
      attribute: identity.attribute,
    };
    // The first of the flow's transitions the viewer may fire now (a decision may grant or reject).
    const fires = [flow.transition, ...(flow.orTransitions ?? [])].find(
      (transition) => machine.spec.transitions[transition] && !machine.refusal(transition, state, input),
    );
    if (fires) actions.push({ transaction, label: flowLabel(transaction, flow), transition: fires });
  }
  return actions;
}
