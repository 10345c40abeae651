import type { ReadModelDatabase } from './read-model-database';

export interface RecordSummary {
  readonly recordType: string;
  readonly id: string;
  readonly status: string | null;
  readonly revision: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly lastTransactionId: string;
  readonly lastActorMsp: string;
  readonly details: Record<string, unknown>;
}

export interface TimelineEntry {
  readonly blockNumber: number;
  readonly transactionId: string;
  readonly name: string;
  readonly recordType: string;
  readonly id: string;
  readonly revision: number;
  readonly action: string;
  readonly from: string | null;
  readonly to: string | null;
  readonly actor: { mspId: string; user: string; role: string | null };
  readonly timestamp: string;
  readonly details: Record<string, unknown>;
}

export interface RecordFilter {
  readonly scenario: string;
  readonly recordType: string;
  /** The state, matched whole but in any case (`active` finds ACTIVE). */
  readonly status?: string;
  /** Case-insensitive substring of the ID, the state or any detail value. */
  readonly q?: string;
  /** Case-insensitive substrings of event detail fields (names checked by the caller): what people filter by. */
  readonly contains?: Readonly<Record<string, string>>;
  /** Exact matches on event detail fields (names checked by the caller): the access scope (own org's rows). */
  readonly fields?: Readonly<Record<string, string>>;
  readonly pageSize: number;
  /** Opaque: from the previous page; empty for the first. */
  readonly bookmark: string;
}

const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** `%text%` for LIKE, its own `%`, `_` and backslash taken literally. */
const containing = (text: string) => `%${fold(text).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Case folding in JavaScript (Unicode-aware; SQLite's own lower() folds ASCII only), the same for the stored
 * values and the filter.
 */
function fold(text: string): string {
  return text.toLowerCase();
}

/** The SQL condition of a list filter (the table's own columns are unqualified: `records` alone has them). */
function whereOf(filter: Omit<RecordFilter, 'pageSize' | 'bookmark'>): { where: string[]; params: unknown[] } {
  const where = ['scenario = ?', 'record_type = ?'];
  const params: unknown[] = [filter.scenario, filter.recordType];
  if (filter.status) {
    where.push('scenechain_fold(status) = ?');
    params.push(fold(filter.status));
  }
  if (filter.q) {
    // `search` is stored folded (projector).
    where.push("search LIKE ? ESCAPE '\\'");
    params.push(containing(filter.q));
  }
  for (const [field, value] of Object.entries(filter.contains ?? {})) {
    if (!FIELD_NAME.test(field)) throw new Error(`invalid field name ${field}`);
    where.push(`scenechain_fold(CAST(json_extract(details, '$.${field}') AS TEXT)) LIKE ? ESCAPE '\\'`);
    params.push(containing(value));
  }
  for (const [field, value] of Object.entries(filter.fields ?? {})) {
    if (!FIELD_NAME.test(field)) throw new Error(`invalid field name ${field}`);
    where.push(`CAST(json_extract(details, '$.${field}') AS TEXT) = ?`);
    params.push(value);
  }
  return { where, params };
}

/** Reads of the read model: filtered lists (newest change first, keyset-paginated), timelines, dashboards. */
export class ReadModelQueries {
  constructor(private readonly db: ReadModelDatabase) {
    db.function('scenechain_fold', { deterministic: true }, (value: unknown) =>
      value === null || value === undefined ? null : fold(String(value)),
    );
  }

  listRecords(filter: RecordFilter): { items: RecordSummary[]; bookmark: string } {
    const { where, params } = whereOf(filter);
    if (filter.bookmark) {
      where.push('last_seq < ?');
      params.push(Number(filter.bookmark));
    }
    const rows = this.db
      .prepare(`SELECT * FROM records WHERE ${where.join(' AND ')} ORDER BY last_seq DESC LIMIT ?`)
      .all(...params, filter.pageSize + 1) as RecordRow[];
    const page = rows.slice(0, filter.pageSize);
    const bookmark = rows.length > filter.pageSize ? String(page[page.length - 1].last_seq) : '';
    return { items: page.map(recordOf), bookmark };
  }

  /** The detail field names of the records a filter selects, sorted (a CSV export's columns). */
  detailFields(filter: Omit<RecordFilter, 'pageSize' | 'bookmark'>): string[] {
    const { where, params } = whereOf(filter);
    const rows = this.db
      .prepare(
        `SELECT DISTINCT field.key AS name FROM records, json_each(records.details) AS field WHERE ${where.join(' AND ')} ORDER BY name`,
      )
      .all(...params) as { name: string }[];
    return rows.map((row) => row.name);
  }

  record(scenario: string, recordType: string, id: string): RecordSummary | undefined {
    const row = this.db
      .prepare('SELECT * FROM records WHERE scenario = ? AND record_type = ? AND record_id = ?')
      .get(scenario, recordType, id) as RecordRow | undefined;
    return row && recordOf(row);
  }

  /** Every event about one record, oldest first. */
  timeline(scenario: string, recordType: string, id: string): TimelineEntry[] {
    const rows = this.db
      .prepare('SELECT * FROM events WHERE scenario = ? AND record_type = ? AND record_id = ? ORDER BY seq')
      .all(scenario, recordType, id) as EventRow[];
    return rows.map(eventOf);
  }

  /** Counts per record type and state, and the latest events; `hidden` record types are left out of both. */
  dashboard(
    scenario: string,
    recent = 15,
    hidden: readonly string[] = [],
  ): { counts: { recordType: string; status: string | null; count: number }[]; recent: TimelineEntry[] } {
    const notHidden = `record_type NOT IN (SELECT value FROM json_each(?))`;
    const counts = this.db
      .prepare(
        `SELECT record_type AS recordType, status, COUNT(*) AS count FROM records WHERE scenario = ? AND ${notHidden} GROUP BY record_type, status ORDER BY record_type, status`,
      )
      .all(scenario, JSON.stringify(hidden)) as { recordType: string; status: string | null; count: number }[];
    const rows = this.db
      .prepare(`SELECT * FROM events WHERE scenario = ? AND ${notHidden} ORDER BY seq DESC LIMIT ?`)
      .all(scenario, JSON.stringify(hidden), recent) as EventRow[];
    return { counts, recent: rows.map(eventOf) };
  }

  /** A scenario's events in ledger order after position `afterSeq`, at most `limit`, each with its position. */
  eventsAfter(scenario: string, afterSeq: number, limit: number): (TimelineEntry & { seq: number })[] {
    const rows = this.db
      .prepare('SELECT * FROM events WHERE scenario = ? AND seq > ? ORDER BY seq LIMIT ?')
      .all(scenario, afterSeq, limit) as (EventRow & { seq: number })[];
    return rows.map((row) => ({ ...eventOf(row), seq: row.seq }));
  }

  eventCount(scenario?: string): number {
    const row = (
      scenario
        ? this.db.prepare('SELECT COUNT(*) AS n FROM events WHERE scenario = ?').get(scenario)
        : this.db.prepare('SELECT COUNT(*) AS n FROM events').get()
    ) as { n: number };
    return row.n;
  }
}

interface RecordRow {
  record_type: string;
  record_id: string;
  status: string | null;
  revision: number;
  created_at: string;
  updated_at: string;
  last_seq: number;
  last_transaction_id: string;
  last_actor_msp: string;
  details: string;
}

/** A row of the read model's `events` table as the queries read it. */
export interface EventRow {
  block_number: number;
  transaction_id: string;
  name: string;
  record_type: string;
  record_id: string;
  revision: number;
  action: string;
  from_state: string | null;
  to_state: string | null;
  actor_msp: string;
  actor_user: string;
  actor_role: string | null;
  timestamp: string;
  details: string;
}

function recordOf(row: RecordRow): RecordSummary {
  return {
    recordType: row.record_type,
    id: row.record_id,
    status: row.status,
    revision: row.revision,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastTransactionId: row.last_transaction_id,
    lastActorMsp: row.last_actor_msp,
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}

function eventOf(row: EventRow): TimelineEntry {
  return {
    blockNumber: row.block_number,
    transactionId: row.transaction_id,
    name: row.name,
    recordType: row.record_type,
    id: row.record_id,
    revision: row.revision,
    action: row.action,
    from: row.from_state,
    to: row.to_state,
    actor: { mspId: row.actor_msp, user: row.actor_user, role: row.actor_role },
    timestamp: row.timestamp,
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}
