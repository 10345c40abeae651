import { z } from 'zod';
import { recordTypeOf, type Flow } from './flow';
import type { SomeLifecycle } from './lifecycle';
import type { ScenarioRecord } from './scenario';

/**
 * A scenario's words in one language: what people read instead of the descriptor's names (record types, request
 * and record fields, states, machine transitions, transaction names, events, enum values). Names stay the codes
 * on the wire; only the words shown change. Every part is optional: the app falls back to the descriptor's English.
 */
export interface ScenarioLabels {
  readonly title?: string;
  readonly summary?: string;
  /** Record type name (`Batch`) → its word (`批次`). */
  readonly records?: Readonly<Record<string, string>>;
  /** Request or record field name (`batchId`) → its word (`批次号`). */
  readonly fields?: Readonly<Record<string, string>>;
  /** State (`IN_TRANSIT`) → its word (`运输中`). */
  readonly states?: Readonly<Record<string, string>>;
  /**
   * Machine transition name (`consumePart`) → a short verb phrase (`部分耗用`): one list over all the scenario's
   * machines, so a name two machines share has one word. A refusal's allowed transitions are shown in it.
   */
  readonly transitions?: Readonly<Record<string, string>>;
  /** Transaction name (`shipBatch`) → a button's few words (`发运批次`). */
  readonly flows?: Readonly<Record<string, string>>;
  /** Transaction name → one sentence saying what it does. */
  readonly descriptions?: Readonly<Record<string, string>>;
  /** Event name (`BatchShipped`) → its word (`批次已发运`). */
  readonly events?: Readonly<Record<string, string>>;
  /** Enum value of a request or record field (`PASS`, `kg`, `BUSINESS_LICENCE`) → its word. */
  readonly values?: Readonly<Record<string, string>>;
}

/** Language tag (`zh-CN`, `en`) → the scenario's words in it. */
export type ScenarioLabelSet = Readonly<Record<string, ScenarioLabels>>;

type LabelKind = Exclude<keyof ScenarioLabels, 'title' | 'summary'>;
const KINDS: readonly LabelKind[] = [
  'records',
  'fields',
  'states',
  'transitions',
  'flows',
  'descriptions',
  'events',
  'values',
];

/** The names a scenario's labels may give words to, gathered from its records, machines, flows and schemas. */
export interface LabelNames {
  readonly records: ReadonlySet<string>;
  readonly fields: ReadonlySet<string>;
  readonly states: ReadonlySet<string>;
  /** Transition names of the records' machines. */
  readonly transitions: ReadonlySet<string>;
  readonly flows: ReadonlySet<string>;
  readonly descriptions: ReadonlySet<string>;
  /** Events the records' machines declare. Events a flow emits through `plainStep` are not knowable here. */
  readonly machineEvents: ReadonlySet<string>;
  readonly values: ReadonlySet<string>;
}

/**
 * Every name a label may name: record types, the states, transitions and events of their machines, transaction
 * names, the property names (at any depth) and enum values of every request and record JSON schema.
 */
export function labelNames(records: readonly ScenarioRecord[], flows: Readonly<Record<string, Flow>>): LabelNames {
  const fields = new Set<string>();
  const values = new Set<string>();
  const states = new Set<string>();
  const transitions = new Set<string>();
  const machineEvents = new Set<string>();
  const walk = (schema: unknown): void => {
    if (Array.isArray(schema)) return schema.forEach(walk);
    if (typeof schema !== 'object' || schema === null) return;
    const node = schema as { properties?: Record<string, unknown>; enum?: unknown[]; const?: unknown };
    if (node.properties && typeof node.properties === 'object') {
      for (const name of Object.keys(node.properties)) fields.add(name);
    }
    for (const value of node.enum ?? []) if (typeof value === 'string') values.add(value);
    if (typeof node.const === 'string') values.add(node.const);
    for (const [key, child] of Object.entries(node)) if (key !== 'enum' && key !== 'const') walk(child);
  };
  for (const flow of Object.values(flows)) walk(requestJsonSchema(flow));
  for (const record of records) {
    walk(recordJsonSchema(record));
    const machine = 'machine' in record.type ? (record.type as SomeLifecycle).machine : undefined;
    for (const state of machine?.spec.states ?? []) states.add(state);
    for (const [name, transition] of Object.entries(machine?.spec.transitions ?? {})) {
      transitions.add(name);
      machineEvents.add(transition.event);
    }
  }
  const transactions = new Set(Object.keys(flows));
  return {
    records: new Set(records.map((record) => recordTypeOf(record.type).name)),
    fields,
    states,
    transitions,
    flows: transactions,
    descriptions: transactions,
    machineEvents,
    values,
  };
}

/** A flow's request as JSON schema (what a client sends). */
export function requestJsonSchema(flow: Flow) {
  return z.toJSONSchema(flow.request, { io: 'input', unrepresentable: 'any' });
}

/** A record type's stored data as JSON schema (what a client reads). */
export function recordJsonSchema(record: Pick<ScenarioRecord, 'type'>) {
  return z.toJSONSchema(recordTypeOf(record.type).spec.schema, { io: 'output', unrepresentable: 'any' });
}

const EVENT_NAME = /^[A-Z][A-Za-z0-9]*$/;
const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/**
 * Refuses labels naming what the scenario does not have, so a renamed field or state cannot leave a stale word
 * behind: each record type, field, state, machine transition, transaction and enum value must exist, each event
 * must be one of the machines' (or, for events flows emit through `plainStep`, which the descriptor cannot
 * enumerate, at least an event name), each word a non-empty string.
 */
export function checkLabels(labels: ScenarioLabelSet, names: LabelNames, fail: (problem: string) => never): void {
  for (const [language, set] of Object.entries(labels)) {
    const what = `labels ${language}`;
    if (!LANGUAGE_TAG.test(language)) fail(`${what}: ${JSON.stringify(language)} is not a language tag such as zh-CN`);
    for (const part of ['title', 'summary'] as const) {
      if (set[part] !== undefined && !word(set[part])) fail(`${what}: ${part} is empty`);
    }
    for (const kind of KINDS) {
      for (const [name, text] of Object.entries(set[kind] ?? {})) {
        if (!word(text)) fail(`${what}: ${kind}.${name} is empty`);
        if (kind === 'events') {
          if (!EVENT_NAME.test(name)) fail(`${what}: events names ${name}, which is not an event name`);
          continue;
        }
        if (!names[kind].has(name))
          fail(`${what}: ${kind} names ${name}, which is not one of the scenario's ${noun[kind]}`);
      }
    }
  }
}

const noun: Record<Exclude<LabelKind, 'events'>, string> = {
  records: 'record types',
  fields: 'request or record fields',
  states: 'states',
  transitions: 'machine transitions',
  flows: 'flows',
  descriptions: 'flows',
  values: 'enum values',
};

const word = (text: unknown): boolean => typeof text === 'string' && text.trim().length > 0;
