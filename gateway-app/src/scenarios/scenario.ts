import type { AccessRule, Flow, RoleAuthorities } from '@scenechain/scene-kit';

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
  /**
   * For personal data: who the read model (lists, timelines, dashboard) shows records of this type to, so it
   * never serves them around the chaincode's own read rule; absent, every signed-in user. `ownField` names an
   * event detail that must equal the user's org (a registrar sees the records its department issued).
   */
  readonly readModel?: { readonly readers: AccessRule; readonly ownField?: string };
  /**
   * The chaincode list that shows a user the records of this type that are theirs, when the read model does
   * not show them the type (`listMyRecords`); `orgField` is a request field set to the user's org.
   */
  readonly ownList?: { readonly transaction: string; readonly orgField?: string };
}

export interface ScenarioSpec {
  /** URL segment and chaincode name. */
  readonly id: string;
  readonly chaincode: string;
  readonly title: string;
  readonly summary: string;
  /** Which org vouches for each role (the chaincode's own table): a role from another org counts for nothing. */
  readonly authorities: RoleAuthorities;
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
