import { describeRule } from './access';
import { describeAuthorities } from './authority';
import { flowLabel, recordTypeOf, type Flow } from './flow';
import { recordJsonSchema, requestJsonSchema } from './labels';
import { describeReadRule } from './read-rule';
import { lifecycleOf, machineOf, recordsByType, whoMayRun, type Scenario, type ScenarioRecord } from './scenario';
import { describeStateMachine } from './state-machine';

/**
 * A scenario as plain JSON, for the app's catalog, OpenAPI, docs and tests: its records (key, indexes, machine,
 * data schema, view), each flow's kind, record, transition, who may run it, who may read its answer, request JSON
 * schema and the event it emits, and the scenario's words per language (labels).
 */
export function describeScenario(scenario: Scenario) {
  const records = recordsByType(scenario);
  return {
    id: scenario.id,
    contract: scenario.contract,
    title: scenario.title,
    summary: scenario.summary,
    version: scenario.version,
    authorities: describeAuthorities(scenario.authorities),
    records: scenario.records.map((record) => {
      const type = recordTypeOf(record.type);
      const machine = lifecycleOf(record.type)?.machine;
      return {
        type: type.name,
        title: record.title,
        collection: record.collection,
        keyField: record.keyField,
        key: [...type.spec.key],
        indexes: Object.keys(type.spec.indexes ?? {}),
        machine: machine ? describeStateMachine(machine) : null,
        /** JSON schema of the record's data as stored and read. */
        schema: recordJsonSchema(record),
        get: record.get ?? null,
        history: record.history ?? null,
        columns: [...record.columns],
        readModel: record.readModel
          ? { readers: describeRule(record.readModel.readers), ownField: record.readModel.ownField ?? null }
          : null,
        ownList: record.ownList
          ? { transaction: record.ownList.transaction, orgField: record.ownList.orgField ?? null }
          : null,
      };
    }),
    flows: Object.entries(scenario.flows).map(([name, flow]) => describeFlow(name, flow, records)),
    verify: scenario.verify ? { transaction: scenario.verify.transaction } : null,
    /** Queries anyone may run without signing in. */
    publicReads: [...(scenario.publicReads ?? [])],
    /** The scenario's words per language (`{}` when it has none). */
    labels: scenario.labels ?? {},
  };
}

function describeFlow(name: string, flow: Flow, records: ReadonlyMap<string, ScenarioRecord>) {
  const names =
    flow.kind === 'submit' && flow.transition !== undefined ? [flow.transition, ...(flow.orTransitions ?? [])] : [];
  const machine = flow.on && machineOf(flow.on, records);
  const transitions = machine ? names.map((transition) => machine.spec.transitions[transition]).filter(Boolean) : [];
  const who = whoMayRun(flow, records);
  return {
    name,
    kind: flow.kind,
    label: flowLabel(name, flow),
    description: flow.description,
    on: flow.on ? recordTypeOf(flow.on).name : null,
    transition: flow.kind === 'submit' ? (flow.transition ?? null) : null,
    orTransitions: flow.kind === 'submit' ? [...(flow.orTransitions ?? [])] : [],
    /** Who may run a submit flow, as the kit checks it before the flow runs; null for a query (see readers). */
    mayRun: who ? describeRule(who) : null,
    ...(flow.kind === 'evaluate' ? { readers: describeReadRule(flow.readers) } : {}),
    request: requestJsonSchema(flow),
    /** Request fields sent as transient data, and the salts among them the client generates when absent. */
    transient: flow.transient ? { fields: [...flow.transient.fields], salts: [...flow.transient.salts] } : null,
    /** Orgs that must endorse (`orgs`, and those the request's `fields` name); null: the gateway chooses. */
    endorsingOrgs:
      flow.kind === 'submit' && flow.endorsingOrgs
        ? { orgs: [...(flow.endorsingOrgs.orgs ?? [])], fields: [...(flow.endorsingOrgs.fields ?? [])] }
        : null,
    events: [...new Set(transitions.map((t) => t.event))],
  };
}
