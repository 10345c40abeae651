import { z } from 'zod';
import {
  flowLabel,
  actsOnExisting,
  recordTypeOf,
  recordsByType,
  whoMayRun,
  type AccessRule,
  type Flow,
  type RoleAuthorities,
  type Scenario,
  type ScenarioLabelSet,
  type ScenarioRecord,
  type SomeRecordType,
} from '@scenechain/scene-kit';

/** A record type the app shows (the descriptor's record entry, named by its record type). */
export interface RecordView {
  readonly type: string;
  readonly recordType: SomeRecordType;
  readonly title: string;
  /** URL segment of the collection (`records`). */
  readonly collection: string;
  /** The request field naming one record (`recordId`). */
  readonly keyField: string;
  readonly get?: string;
  readonly history?: string;
  readonly columns: readonly string[];
  readonly readModel?: ScenarioRecord['readModel'];
  readonly ownList?: ScenarioRecord['ownList'];
}

/** One flow as a REST route, derived from the descriptor by the convention in gateway-app/README.md. */
export interface ActionView {
  readonly transaction: string;
  readonly flow: Flow;
  readonly method: 'GET' | 'POST';
  /** Path under `/api/<scenario>`, Fastify style (`/batches/:batchId/ship-batch`). */
  readonly path: string;
  /** The flow's label (OpenAPI summary, buttons). */
  readonly summary: string;
  /** Groups routes in the OpenAPI document and the UI: the record's title, else the scenario's. */
  readonly tag: string;
  /** The record the flow acts on or reads. */
  readonly record?: RecordView;
  /**
   * Who the chaincode lets run it: for a submit flow its transitions' `by` (or its own `by`), for a query who
   * may read the answer; undefined when the flow's own code decides.
   */
  readonly mayRun?: AccessRule;
}

/** What the app serves of one scenario, all derived from its descriptor. */
export interface ScenarioView {
  /** URL segment and chaincode name. */
  readonly id: string;
  readonly chaincode: string;
  readonly title: string;
  readonly summary: string;
  readonly authorities: RoleAuthorities;
  readonly records: readonly RecordView[];
  readonly actions: readonly ActionView[];
  readonly verify?: { readonly transaction: string };
  /** The scenario's words per language, as its descriptor has them (`{}` if none). */
  readonly labels: ScenarioLabelSet;
  readonly descriptor: Scenario;
}

/** `shipBatch` → `ship-batch`. */
export const kebab = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/** The request's top-level fields with their JSON schema types (object and array fields force a POST). */
function requestFields(flow: Flow): Record<string, { type?: unknown }> {
  const schema = z.toJSONSchema(flow.request, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, { type?: unknown }>;
  };
  return schema.properties ?? {};
}

/**
 * The route of a flow: a record's `get` at `/<collection>/:<keyField>`, its `history` below it, a flow on a
 * record naming one by its key field that acts on an existing one (a query, or a transition that is not a
 * creation: the kit's `actsOnExisting`) at `/<collection>/:<keyField>/<transaction>`, any other
 * flow on a record at `/<collection>/<transaction>`, a flow on no record at `/<transaction>`. Submit flows are
 * POST; queries GET (query string), unless their request has an object or array field.
 */
export function routeOf(
  name: string,
  flow: Flow,
  records: readonly RecordView[],
  byType: ReadonlyMap<string, ScenarioRecord>,
): { method: 'GET' | 'POST'; path: string; record?: RecordView } {
  const fields = requestFields(flow);
  const structured = Object.values(fields).some(({ type }) => type === 'object' || type === 'array');
  // Private inputs never go into a URL (query strings end up in logs): a query taking them is a POST too.
  const method = flow.kind === 'submit' || structured || flow.transient !== undefined ? 'POST' : 'GET';
  const reader = records.find((r) => r.get === name || r.history === name);
  if (reader) {
    const path = `/${reader.collection}/:${reader.keyField}${reader.get === name ? '' : '/history'}`;
    return { method, path, record: reader };
  }
  const record = flow.on && records.find((r) => r.type === recordTypeOf(flow.on!).name);
  if (!record) return { method, path: `/${kebab(name)}` };
  const named = Object.hasOwn(fields, record.keyField) && actsOnExisting(flow, byType);
  const path = named
    ? `/${record.collection}/:${record.keyField}/${kebab(name)}`
    : `/${record.collection}/${kebab(name)}`;
  return { method, path, record };
}

/** Routes the app serves under `/api/<scenario>` besides the flows' (the read model's). */
const READ_MODEL_ROUTES = [
  'GET /dashboard',
  'GET /search/:recordType',
  'GET /search/:recordType.csv',
  'GET /timeline/:recordType/:id',
];

/**
 * Refuses, at start, two routes at the same method and path (a flow whose derived path is another's, or a read
 * model route's): the router would refuse the second with a message naming neither flow.
 */
function checkRoutesDistinct(id: string, actions: readonly ActionView[]): void {
  const shape = (route: string) => route.replace(/:[A-Za-z0-9_]+/g, ':');
  const taken = new Map(READ_MODEL_ROUTES.map((route) => [shape(route), `the read model's ${route}`]));
  for (const action of actions) {
    const route = `${action.method} ${action.path}`;
    const holder = taken.get(shape(route));
    if (holder) {
      throw new Error(
        `scenario ${id}: flow ${action.transaction} derives ${route}, the route of ${holder}; rename the flow or its record's collection`,
      );
    }
    taken.set(shape(route), `flow ${action.transaction}`);
  }
}

/** The app's view of a scenario descriptor: record views, and every flow as a route with its tag and who may. */
export function scenarioView(scenario: Scenario): ScenarioView {
  const byType = recordsByType(scenario);
  const records: RecordView[] = scenario.records.map((record) => ({
    type: recordTypeOf(record.type).name,
    recordType: recordTypeOf(record.type),
    title: record.title,
    collection: record.collection,
    keyField: record.keyField,
    get: record.get,
    history: record.history,
    columns: record.columns,
    readModel: record.readModel,
    ownList: record.ownList,
  }));
  const actions = Object.entries(scenario.flows).map(([transaction, flow]): ActionView => {
    const route = routeOf(transaction, flow, records, byType);
    return {
      transaction,
      flow,
      ...route,
      summary: flowLabel(transaction, flow),
      tag: route.record?.title ?? scenario.title,
      mayRun: flow.kind === 'evaluate' ? flow.readers.parties : whoMayRun(flow, byType),
    };
  });
  checkRoutesDistinct(scenario.id, actions);
  return {
    id: scenario.id,
    chaincode: scenario.id,
    title: scenario.title,
    summary: scenario.summary,
    authorities: scenario.authorities,
    records,
    actions,
    verify: scenario.verify,
    labels: scenario.labels ?? {},
    descriptor: scenario,
  };
}

export function actionOf(scenario: ScenarioView, transaction: string): ActionView {
  const action = scenario.actions.find((a) => a.transaction === transaction);
  if (!action) throw new Error(`${scenario.id} has no transaction ${transaction}`);
  return action;
}
