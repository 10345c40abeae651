import type { AccessRule, Flow } from '@scenechain/scene-kit';

/**
 * One chaincode transaction exposed as a REST route. The request schema is the chaincode's own (the flow's
 * zod schema), so the API refuses exactly what the chaincode would refuse, before anything reaches the ledger.
 */
export interface ActionSpec {
  readonly transaction: string;
  readonly flow: Flow;
  readonly method: 'GET' | 'POST';
  /** Path under `/api/<scenario>`, Fastify style (`/batches/:batchId/ship`); each `:param` is a request field. */
  readonly path: string;
  /** A few words for menus, buttons and the OpenAPI summary. */
  readonly summary: string;
  /** Groups routes in the OpenAPI document and the UI (usually the record type). */
  readonly tag: string;
  /** Who the chaincode lets do it: the UI offers the form only to them. The chaincode still decides. */
  readonly allowed?: AccessRule;
}

/** A record type the UI shows: how to read one, its history, and which event details make list columns. */
export interface RecordView {
  readonly type: string;
  readonly title: string;
  /** The request field that names one record (`batchId`). */
  readonly keyField: string;
  /** Evaluate transaction reading one record (absent when the chaincode has none). */
  readonly get?: string;
  /** Evaluate transaction listing its versions, newest first (paginated). */
  readonly history?: string;
  /** Event detail fields shown as list columns and offered as filters. */
  readonly columns: readonly string[];
}

export interface ScenarioSpec {
  /** URL segment and chaincode name. */
  readonly id: string;
  readonly chaincode: string;
  readonly title: string;
  readonly summary: string;
  readonly actions: readonly ActionSpec[];
  readonly records: readonly RecordView[];
  /** The evaluate transaction that checks a document digest, for the public verify page (`{ documentHash }`). */
  readonly verify?: { readonly transaction: string };
}

export function actionOf(scenario: ScenarioSpec, transaction: string): ActionSpec {
  const action = scenario.actions.find((a) => a.transaction === transaction);
  if (!action) throw new Error(`${scenario.id} has no transaction ${transaction}`);
  return action;
}
