import { IdentifierError, parseEpc, parseEpcClass, parseLocation } from './gs1-identifiers';
import { batchKey, palletKey, type LedgerEvent } from './ledger-events';

/**
 * The EPCIS 2.0 query parameters this app answers (a subset of SimpleEventQuery, by the REST binding's names).
 * A value list is separated by `|` or `,`. EPCs are compared as the ledger items they name, so a Digital Link
 * and the EPC URN of one item match alike.
 */
export const QUERY_PARAMETERS = {
  eventType: 'ObjectEvent, AggregationEvent, TransformationEvent (others never occur here)',
  GE_eventTime: 'eventTime at or after (ISO 8601 with offset)',
  LT_eventTime: 'eventTime before',
  GE_recordTime: 'recordTime (the ledger time) at or after',
  LT_recordTime: 'recordTime before',
  EQ_action: 'ADD, OBSERVE, DELETE',
  EQ_bizStep: 'CBV business steps (bare terms)',
  EQ_disposition: 'CBV dispositions (bare terms)',
  EQ_bizLocation: 'business locations (GLN Digital Link or URN)',
  MATCH_epc: 'items of epcList, childEPCs or the quantity lists of ObjectEvents and AggregationEvents',
  MATCH_anyEPC: 'items in any role: epcList, parentID, children, inputs, outputs',
  MATCH_parentID: 'the parent (pallet) of AggregationEvents',
  MATCH_inputEPC: 'transformation inputs',
  MATCH_outputEPC: 'transformation outputs',
  perPage: 'events per page, 1-100 (default 30)',
  nextPageToken: 'from the previous page’s Link header',
} as const;

export interface EventQuery {
  eventTypes?: string[];
  times: { field: 'eventTime' | 'recordTime'; op: 'GE' | 'LT'; at: number }[];
  equals: { field: 'action' | 'bizStep' | 'disposition'; values: string[] }[];
  bizLocations?: string[];
  matches: { roles: readonly LedgerEvent['items'][number]['role'][]; keys: string[] }[];
  perPage: number;
  afterSeq: number;
}

/** Why a query is refused: the message names the parameter. */
export class QueryError extends Error {}

const values = (raw: string) =>
  raw
    .split(/[|,]/)
    .map((v) => v.trim())
    .filter(Boolean);

function itemKey(uri: string): string {
  try {
    const item = parseEpc(uri);
    return item.kind === 'batch' ? batchKey(item.batchId) : palletKey(item.palletId);
  } catch (err) {
    if (!(err instanceof IdentifierError)) throw err;
    try {
      return batchKey((parseEpcClass(uri) as { batchId: string }).batchId);
    } catch {
      throw new QueryError(err.message);
    }
  }
}

const MATCH_ROLES = {
  MATCH_epc: ['epc', 'child'],
  MATCH_anyEPC: ['epc', 'parent', 'child', 'input', 'output'],
  MATCH_parentID: ['parent'],
  MATCH_inputEPC: ['input'],
  MATCH_outputEPC: ['output'],
} as const;

export const encodePageToken = (seq: number): string => Buffer.from(JSON.stringify({ seq })).toString('base64url');

function decodePageToken(token: string): number {
  try {
    const { seq } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { seq: unknown };
    if (typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 0) return seq;
  } catch {
    // refused below
  }
  throw new QueryError('nextPageToken: not a token this app issued');
}

/** The query a request's parameters ask for; every unknown or malformed parameter is refused, named. */
export function parseEventQuery(params: Record<string, unknown>): EventQuery {
  const unknown = Object.keys(params).filter((name) => !(name in QUERY_PARAMETERS));
  if (unknown.length) {
    throw new QueryError(
      `unsupported query parameters: ${unknown.join(', ')}; supported: ${Object.keys(QUERY_PARAMETERS).join(', ')}`,
    );
  }
  const query: EventQuery = { times: [], equals: [], matches: [], perPage: 30, afterSeq: 0 };
  for (const [name, raw] of Object.entries(params)) {
    if (typeof raw !== 'string' || raw.length === 0 || raw.length > 4096) {
      throw new QueryError(`${name}: give it once, as a non-empty value of at most 4096 characters`);
    }
    const time = /^(GE|LT)_(eventTime|recordTime)$/.exec(name);
    if (time) {
      const at = Date.parse(raw);
      if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(raw) || Number.isNaN(at)) {
        throw new QueryError(`${name}: an ISO 8601 date-time with an offset, e.g. 2026-01-01T00:00:00Z`);
      }
      query.times.push({ field: time[2] as 'eventTime', op: time[1] as 'GE', at });
    } else if (name === 'eventType') query.eventTypes = values(raw);
    else if (name === 'EQ_action' || name === 'EQ_bizStep' || name === 'EQ_disposition') {
      query.equals.push({ field: name.slice(3) as 'action', values: values(raw) });
    } else if (name === 'EQ_bizLocation') {
      query.bizLocations = values(raw).map((uri) => {
        try {
          return parseLocation(uri);
        } catch (err) {
          throw new QueryError(`${name}: ${(err as Error).message}`);
        }
      });
    } else if (name in MATCH_ROLES) {
      query.matches.push({ roles: MATCH_ROLES[name as keyof typeof MATCH_ROLES], keys: values(raw).map(itemKey) });
    } else if (name === 'perPage') {
      const perPage = Number(raw);
      if (!/^\d{1,3}$/.test(raw) || perPage < 1 || perPage > 100)
        throw new QueryError('perPage: a whole number from 1 to 100');
      query.perPage = perPage;
    } else if (name === 'nextPageToken') query.afterSeq = decodePageToken(raw);
  }
  return query;
}

/** Whether an event meets every condition of the query. */
export function matchesQuery(query: EventQuery, candidate: LedgerEvent): boolean {
  const { event, items } = candidate;
  if (query.eventTypes && !query.eventTypes.includes(String(event.type))) return false;
  for (const { field, op, at } of query.times) {
    const t = Date.parse(String(event[field]));
    if (op === 'GE' ? t < at : t >= at) return false;
  }
  for (const { field, values: allowed } of query.equals)
    if (!allowed.includes(String(event[field] ?? ''))) return false;
  if (query.bizLocations) {
    const id = (event.bizLocation as { id?: string } | undefined)?.id;
    let here: string | undefined;
    try {
      here = id ? parseLocation(id) : undefined;
    } catch {
      here = undefined;
    }
    if (!here || !query.bizLocations.includes(here)) return false;
  }
  return query.matches.every(({ roles, keys }) =>
    items.some((item) => (roles as readonly string[]).includes(item.role) && keys.includes(item.key)),
  );
}

/** The per-EPC history's query: every event naming the item in any role. */
export function historyQuery(epc: string, params: Record<string, unknown>): EventQuery {
  const query = parseEventQuery(params);
  query.matches.push({ roles: MATCH_ROLES.MATCH_anyEPC, keys: [itemKey(epc)] });
  return query;
}
