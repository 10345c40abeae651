import type { AccessRule } from './access';
import type { RoleAuthorities } from './authority';
import { InternalError } from './errors';
import { recordTypeOf, type Flow, type FlowTarget } from './flow';
import type { CredentialProfile } from './credentials/credential-profile';
import { checkLabels, labelNames, type ScenarioLabelSet } from './labels';
import type { SomeLifecycle } from './lifecycle';
import { checkPublicReads } from './public-reads';
import { objectFields } from './schema-shape';
import { transitionAction } from './state-machine';

/** A record type the app shows: where it lives in URLs, how to read one, and what lists show of it. */
export interface ScenarioRecord {
  readonly type: FlowTarget;
  readonly title: string;
  /** URL segment of the collection (`records`). */
  readonly collection: string;
  /** The request field naming one record (`recordId`); default: the lifecycle's key field. */
  readonly keyField?: string;
  /** Evaluate flow reading one record. */
  readonly get?: string;
  /** Evaluate flow listing its versions, newest first (paginated). */
  readonly history?: string;
  /** Event detail fields shown as list columns and offered as filters. */
  readonly columns: readonly string[];
  /**
   * For personal data: who the app's read model shows records of this type to; `ownField` names an event detail
   * that must equal the user's org. Absent: every signed-in user.
   */
  readonly readModel?: { readonly readers: AccessRule; readonly ownField?: string };
  /** Evaluate flow showing a user their own records of the type; `orgField` is a request field set to their org. */
  readonly ownList?: { readonly transaction: string; readonly orgField?: string };
}

export interface ScenarioSpec<F extends Readonly<Record<string, Flow>>> {
  /** The chaincode name in the topology, and the app's URL segment (`gov-records`). */
  readonly id: string;
  /** Contract name (clients may omit it: a chaincode's first contract is its default). */
  readonly contract: string;
  readonly title: string;
  readonly summary: string;
  readonly version: string;
  /** Which org vouches for each role; a role from another org counts for nothing. */
  readonly authorities: RoleAuthorities;
  readonly records: readonly ScenarioRecord[];
  /** Transaction name → flow, in listing order. */
  readonly flows: F;
  /** The evaluate flow checking a document digest (`{ documentHash }`), for public verification. */
  readonly verify?: { readonly transaction: string };
  /**
   * Queries anyone may run without signing in (a charity project's public page): the app serves each at
   * `/api/public/<id><derived path>`. Each must be readable by every channel member (`channelMembers`).
   */
  readonly publicReads?: readonly string[];
  /**
   * The scenario's words per language (`{ 'zh-CN': { title, records, fields, states, flows, ... } }`): what the
   * app shows instead of the descriptor's names. Each name a label gives a word to must exist in the scenario.
   */
  readonly labels?: ScenarioLabelSet;
  /**
   * Records the app issues as W3C Verifiable Credentials (`defineCredentials(...).profile`): the record must be
   * listed and the flows `getIssuerKey` and `getStatusList` present (spread `defineCredentials(...).flows`).
   */
  readonly credentials?: CredentialProfile;
}

/** A scenario as `defineScenario` checked it: every record has its key field. */
export interface Scenario<
  F extends Readonly<Record<string, Flow>> = Readonly<Record<string, Flow>>,
> extends ScenarioSpec<F> {
  readonly records: readonly (ScenarioRecord & { readonly keyField: string })[];
}

/**
 * Declares a scenario, the one description the chaincode and the app are both built from. Refuses (INTERNAL, at
 * load) a descriptor whose parts disagree, naming the part: a flow `on` an undeclared record type, a transition
 * its machine lacks, a submit flow saying nothing of who may run it (neither a transition nor `by`), a record
 * view naming a missing or submit flow, a rule naming a role no authority vouches for, a label naming a record
 * type, field, state, flow or enum value the scenario lacks.
 */
export function defineScenario<F extends Readonly<Record<string, Flow>>>(spec: ScenarioSpec<F>): Scenario<F> {
  const fail = (problem: string): never => {
    throw new InternalError(`scenario ${spec.id}: ${problem}`);
  };
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(spec.id)) fail(`id ${JSON.stringify(spec.id)} is not a kebab-case name`);
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(spec.contract))
    fail(`contract name ${JSON.stringify(spec.contract)} is not a name`);

  const byType = new Map<string, ScenarioRecord>();
  const collections = new Set<string>();
  const records = spec.records.map((record) => {
    const name = recordTypeOf(record.type).name;
    if (byType.has(name)) fail(`record type ${name} is listed twice`);
    if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(record.collection)) {
      fail(`${name}: collection ${JSON.stringify(record.collection)} is not a kebab-case URL segment`);
    }
    if (collections.has(record.collection)) fail(`collection ${record.collection} is used twice`);
    collections.add(record.collection);
    byType.set(name, record);
    const life = lifecycleOf(record.type);
    const keyField = record.keyField ?? life?.keyField;
    if (keyField === undefined) fail(`${name}: a record type without a lifecycle needs a keyField`);
    if (life && record.keyField !== undefined && record.keyField !== life.keyField) {
      fail(`${name}: keyField ${record.keyField} differs from its lifecycle's ${life.keyField}`);
    }
    return { ...record, keyField: keyField as string };
  });

  const evaluateFlow = (what: string, transaction: string, fields: readonly string[] = []) => {
    const flow = Object.hasOwn(spec.flows, transaction) ? spec.flows[transaction] : undefined;
    if (!flow) return fail(`${what} names ${transaction}, which is not one of its flows`);
    if (flow.kind !== 'evaluate') fail(`${what} names ${transaction}, a submit flow; it must be an evaluate flow`);
    for (const field of fields) {
      if (!objectFields(flow.request)?.[field]) fail(`${what} names ${transaction}, whose request has no ${field}`);
    }
    return flow;
  };
  for (const record of records) {
    const what = `record ${recordTypeOf(record.type).name}`;
    if (record.get) evaluateFlow(`${what} get`, record.get, [record.keyField]);
    if (record.history) evaluateFlow(`${what} history`, record.history, [record.keyField]);
    if (record.ownList) {
      const orgField = record.ownList.orgField;
      evaluateFlow(`${what} ownList`, record.ownList.transaction, orgField ? [orgField] : []);
    }
    if (record.readModel) checkRoles(spec.authorities, record.readModel.readers, `${what} readModel`, fail);
  }
  if (spec.verify) evaluateFlow('verify', spec.verify.transaction, ['documentHash']);
  if (spec.credentials) {
    const { record } = spec.credentials;
    if (!byType.has(record)) fail(`credentials name ${record}, which is not one of the scenario's records`);
    evaluateFlow('credentials', 'getIssuerKey', ['keyId']);
    evaluateFlow('credentials', 'getStatusList', ['issuer', 'purpose', 'list']);
  }
  checkPublicReads(spec.flows, spec.publicReads ?? [], fail);

  for (const [name, flow] of Object.entries(spec.flows)) {
    const what = `flow ${name}`;
    if (flow.on) {
      const typeName = recordTypeOf(flow.on).name;
      const record = byType.get(typeName);
      if (!record) fail(`${what} is on ${typeName}, which is not one of the scenario's records`);
    }
    checkTransient(flow, what, fail);
    if (flow.kind === 'evaluate') {
      checkRoles(spec.authorities, flow.readers.parties, `${what} readers`, fail);
      continue;
    }
    if (flow.by) checkRoles(spec.authorities, flow.by, `${what} by`, fail);
    if (flow.transition === undefined) {
      if (flow.orTransitions) fail(`${what} declares orTransitions without a transition`);
      // The contract checks who may before the flow reads anything: a flow open to all says so (`by: anyone`).
      if (!flow.by) fail(`${what} names neither a transition nor by: who may run it? (by: anyone for everyone)`);
      continue;
    }
    if (flow.by) fail(`${what} declares both a transition and by; who may is the transition's by`);
    const machine = flow.on && machineOf(flow.on, byType);
    if (!machine) return fail(`${what} names transition ${flow.transition} but is not on a record with a lifecycle`);
    for (const transition of [flow.transition, ...(flow.orTransitions ?? [])]) {
      if (!Object.hasOwn(machine.spec.transitions, transition)) {
        fail(`${what}: ${machine.spec.entity} has no transition ${transition}`);
      }
    }
  }
  for (const record of records) {
    const machine = lifecycleOf(record.type)?.machine;
    for (const [name, transition] of Object.entries(machine?.spec.transitions ?? {})) {
      checkRoles(spec.authorities, transition.by, `${machine?.spec.entity} transition ${name}`, fail);
    }
  }
  if (spec.labels) checkLabels(spec.labels, labelNames(records, spec.flows), fail);
  return { ...spec, records };
}

/** The lifecycle a flow target or record entry is, if it is one. */
export function lifecycleOf(target: FlowTarget): SomeLifecycle | undefined {
  return 'machine' in target ? target : undefined;
}

/** The machine governing a flow's target: its own lifecycle's, else the scenario record's. */
export function machineOf(target: FlowTarget, records: ReadonlyMap<string, ScenarioRecord>) {
  return (lifecycleOf(target) ?? lifecycleOf(records.get(recordTypeOf(target).name)?.type ?? target))?.machine;
}

/**
 * Who may run a submit flow: the union of the `by` of the transitions it may fire (from its record's machine),
 * else its own `by` (`defineScenario` sees that it has one); undefined for a query. The contract checks it before
 * the flow reads anything, the app offers the flow by it, and descriptions state it.
 */
export function whoMayRun(flow: Flow, records: ReadonlyMap<string, ScenarioRecord>): AccessRule | undefined {
  return mayRunRule(flow, records)?.rule;
}

/** `whoMayRun` with what a refusal says the submitter may not do (the machine's words for one transition). */
export function mayRunRule(
  flow: Flow,
  records: ReadonlyMap<string, ScenarioRecord>,
): { rule: AccessRule; action?: string } | undefined {
  if (flow.kind !== 'submit') return undefined;
  const machine = flow.on && flow.transition !== undefined ? machineOf(flow.on, records) : undefined;
  if (!machine || flow.transition === undefined) return flow.by && { rule: flow.by };
  const names = [flow.transition, ...(flow.orTransitions ?? [])];
  const rule = [...new Set(names.map((name) => machine.spec.transitions[name].by))].flat();
  return names.length === 1 ? { rule, action: transitionAction(machine.spec.entity, flow.transition) } : { rule };
}

/**
 * Whether a flow acts on an existing record of its `on` type: a query does (it reads one), a submit flow only
 * through a transition of the record's machine that is not a creation. A submit flow without a transition
 * (its own `by`) creates records or records something beside them, so it is never an action on a record.
 */
export function actsOnExisting(flow: Flow, records: ReadonlyMap<string, ScenarioRecord>): boolean {
  if (flow.kind === 'evaluate') return true;
  const machine = flow.on && flow.transition !== undefined ? machineOf(flow.on, records) : undefined;
  return machine !== undefined && machine.spec.transitions[flow.transition as string]?.from !== 'new';
}

/** The scenario's records by record type name. */
export function recordsByType(scenario: Pick<Scenario, 'records'>): ReadonlyMap<string, ScenarioRecord> {
  return new Map(scenario.records.map((record) => [recordTypeOf(record.type).name, record]));
}

/** The scenario record a record type name belongs to. */
export function scenarioRecord(scenario: Scenario, typeName: string) {
  return scenario.records.find((record) => recordTypeOf(record.type).name === typeName);
}

function checkRoles(authorities: RoleAuthorities, rule: AccessRule, what: string, fail: (problem: string) => never) {
  for (const party of rule) {
    for (const role of party.roles ?? []) {
      if (!Object.hasOwn(authorities, role)) fail(`${what} names role ${role}, which no authority vouches for`);
    }
  }
}

/** Transient fields, salts and endorsing-org fields must be fields of the flow's request. */
function checkTransient(flow: Flow, what: string, fail: (problem: string) => never): void {
  const fields = objectFields(flow.request) ?? {};
  const named = (field: string, role: string) => {
    if (!Object.hasOwn(fields, field)) fail(`${what}: ${role} ${field} is not a field of its request`);
  };
  for (const field of flow.transient?.fields ?? []) named(field, 'transient field');
  for (const salt of flow.transient?.salts ?? []) {
    if (!flow.transient?.fields.includes(salt)) fail(`${what}: salt ${salt} is not one of its transient fields`);
  }
  if (flow.kind === 'submit') for (const field of flow.endorsingOrgs?.fields ?? []) named(field, 'endorsing-org field');
}
