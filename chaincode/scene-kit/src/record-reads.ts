import { z } from 'zod';
import type { Actor } from './access';
import { InternalError } from './errors';
import { evaluateFlow, recordTypeOf, type EvaluateFlow, type FlowTarget } from './flow';
import { keyRequest } from './key-request';
import { getFlow, historyFlow } from './query-flows';
import { requireRead, type ReadRule } from './read-rule';
import type { ScenarioRecord } from './scenario';
import type { Scene } from './scene';
import { mspId, pageFields } from './validation/fields';

/**
 * A record's view (title, collection, columns, readModel, ownList, keyField: all of `ScenarioRecord` but its type
 * and queries) and its `get` and `history` queries: their descriptions and who may read them.
 */
export interface RecordReadsSpec<T> extends Omit<ScenarioRecord, 'type' | 'get' | 'history'> {
  /** The description of `get<Name>`. */
  readonly get: string;
  /** The description of `<name>History`; none, no history query (a view with `get` alone). */
  readonly history?: string;
  readonly readers: ReadRule;
  /** The word in the flow names when not the record type's name: `Report` gives `getReport`, `reportHistory`. */
  readonly name?: string;
  /**
   * What the data decides (`readers` with `only`): whether the actor may read this record. Checked after the
   * record is read, refused with FORBIDDEN naming `<name> <id>` and the readers; without it, parties alone.
   */
  readonly mayRead?: (actor: Actor, record: T) => boolean;
}

const lowerFirst = (word: string) => word.charAt(0).toLowerCase() + word.slice(1);

/** A record view (for the descriptor's `records`) and its two queries (to spread into its `flows`). */
export interface RecordReads {
  readonly view: ScenarioRecord;
  readonly flows: Readonly<Record<string, EvaluateFlow>>;
}

/**
 * A record view with the pair of queries every view has, named `get<Name>` and `<name>History`: one reads the
 * record by the request's key field (NOT_FOUND if absent), the other its versions, newest first (paginated).
 */
export function recordReads<T>(target: FlowTarget, spec: RecordReadsSpec<T>): RecordReads {
  const { get, history, readers, name: named, mayRead, ...view } = spec;
  const name = named ?? recordTypeOf(target).name;
  const names = { get: `get${name}`, ...(history === undefined ? {} : { history: `${lowerFirst(name)}History` }) };
  const flows = readFlows(target, { get, history, readers, mayRead }, name, names);
  return { view: { type: target, ...view, ...names }, flows };
}

function readFlows<T>(
  target: FlowTarget,
  spec: Pick<RecordReadsSpec<T>, 'get' | 'history' | 'readers' | 'mayRead'>,
  name: string,
  names: { get: string; history?: string },
): Record<string, EvaluateFlow> {
  const { mayRead, readers, history } = spec;
  const may = mayRead ?? (() => true);
  const records = recordTypeOf(target);
  const { field, key, schema } = keyRequest(target);
  // a rule the data decides: read the record, then ask `mayRead`; else the kit's parties check is all
  const read = async (scene: Scene, input: Record<string, unknown>) => {
    const id = String(input[field]);
    const stored = await records.mustGet(scene, { [key]: id });
    requireRead(scene.actor, may(scene.actor, stored.data as T), `${lowerFirst(name)} ${id}`, readers);
    return stored;
  };
  const base = { on: target, readers };
  const get = mayRead
    ? evaluateFlow({ ...base, description: spec.get, request: z.strictObject({ [field]: schema }), run: read })
    : getFlow(target, { description: spec.get, readers });
  if (names.history === undefined || history === undefined) return { [names.get]: get };
  const versions = mayRead
    ? evaluateFlow({
        ...{ ...base, description: history, request: z.strictObject({ [field]: schema, ...pageFields }) },
        run: async (scene, input: Record<string, unknown> & { pageSize: number; bookmark: string }) => {
          await read(scene, input);
          return records.history(scene, { [key]: String(input[field]) }, input);
        },
      })
    : historyFlow(target, { description: history, readers });
  return { [names.get]: get, [names.history]: versions };
}

/** A list of an org's records under an index led by an org field: readers and who of them may list which org. */
export interface OrgListSpec {
  readonly description: string;
  /** The request field naming the org (an MSP ID): the index's first value. */
  readonly field: string;
  /** The index's second value, `status`, optional in the request; without it the org alone narrows the list. */
  readonly status?: z.ZodType;
  readonly readers: ReadRule;
  /** Whether the actor may list the org's records (FORBIDDEN naming `what of <org>` if not); the org itself by default. */
  readonly mayRead?: (actor: Actor, org: string) => boolean;
  /** What is listed, in the refusal: `the invoices` gives `may not read the invoices of SellerMSP`. */
  readonly what: string;
}

/** The query listing a page of an org's records (optionally in one state) for those `mayRead` lets list them. */
export function orgListFlow(target: FlowTarget, index: string, spec: OrgListSpec): EvaluateFlow {
  const records = recordTypeOf(target);
  if (!records.spec.indexes?.[index]) throw new InternalError(`orgListFlow: ${records.name} has no index ${index}`);
  const mayRead = spec.mayRead ?? ((actor: Actor, org: string) => actor.mspId === org);
  const narrowing = spec.status ? { status: spec.status.optional() } : {};
  return evaluateFlow({
    description: spec.description,
    on: target,
    readers: spec.readers,
    request: z.strictObject({ [spec.field]: mspId, ...narrowing, ...pageFields }),
    run: async (scene, input: Record<string, unknown> & { pageSize: number; bookmark: string }) => {
      const org = String(input[spec.field]);
      requireRead(scene.actor, mayRead(scene.actor, org), `${spec.what} of ${org}`, spec.readers);
      const values = input.status === undefined ? [org] : [org, String(input.status)];
      return records.list(scene, index, values, { pageSize: input.pageSize, bookmark: input.bookmark });
    },
  });
}
