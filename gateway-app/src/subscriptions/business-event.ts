import type { ReadModelDatabase } from '../readmodel/read-model-database';
import type { EventRow as ReadModelEventRow } from '../readmodel/read-model-queries';

/**
 * A business event as subscribers receive it (webhook body, server-sent event data). `id` is
 * `<transactionId>:<index>` (the event's position among its transaction's events): stable across app
 * restarts and read-model rebuilds, so receivers dedupe by it. `seq` orders events as the app saw them.
 */
export interface BusinessEvent {
  readonly id: string;
  readonly scenario: string;
  readonly name: string;
  readonly recordType: string;
  readonly recordId: string;
  readonly revision: number;
  readonly action: string;
  readonly from: string | null;
  readonly to: string | null;
  readonly actor: { readonly mspId: string; readonly user: string; readonly role: string | null };
  readonly timestamp: string;
  readonly blockNumber: number;
  readonly transactionId: string;
  readonly details: Record<string, unknown>;
}

/** What a subscriber asks for; an absent field matches anything. */
export interface EventFilter {
  readonly scenario?: string;
  readonly recordType?: string;
  readonly eventName?: string;
  readonly recordId?: string;
}

export interface FeedEvent {
  readonly seq: number;
  readonly event: BusinessEvent;
}

interface EventRow extends ReadModelEventRow {
  seq: number;
  scenario: string;
  event_index: number;
}

export function matchesFilter(event: BusinessEvent, filter: EventFilter): boolean {
  return (
    (filter.scenario === undefined || filter.scenario === event.scenario) &&
    (filter.recordType === undefined || filter.recordType === event.recordType) &&
    (filter.eventName === undefined || filter.eventName === event.name) &&
    (filter.recordId === undefined || filter.recordId === event.recordId)
  );
}

/**
 * The events the chaincode listeners projected into the read model, read in projection order (`seq`), with a
 * wake-up call for new ones: subscriptions reuse the listeners' checkpointed feed rather than opening a
 * second event stream per chaincode. The listeners call `notify` after each applied transaction.
 */
export class EventFeed {
  private readonly waiting = new Set<() => void>();
  private readonly after;
  private readonly highest;
  private readonly byId;

  constructor(db: ReadModelDatabase) {
    this.after = db.prepare<[number, number], EventRow>('SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?');
    // The highest seq ever issued (AUTOINCREMENT keeps it through a rebuild, which empties the table).
    this.highest = db.prepare<[], { seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'events'");
    this.byId = db.prepare<[string, number], { seq: number }>(
      'SELECT seq FROM events WHERE transaction_id = ? AND event_index = ?',
    );
  }

  /** Up to `limit` events after position `seq`, oldest first. */
  read(seq: number, limit = 500): FeedEvent[] {
    return this.after.all(seq, limit).map((row) => ({ seq: row.seq, event: eventOf(row) }));
  }

  /** The latest position: a new reader starting here gets only events projected from now on. */
  head(): number {
    return this.highest.get()?.seq ?? 0;
  }

  /** The position of an event by its id (`<transactionId>:<index>`), if the read model holds it. */
  positionOf(eventId: string): number | undefined {
    const at = eventId.lastIndexOf(':');
    const index = Number(eventId.slice(at + 1));
    if (at <= 0 || !Number.isInteger(index) || index < 0) return undefined;
    return this.byId.get(eventId.slice(0, at), index)?.seq;
  }

  /** Calls `wake` after each transaction the listeners project, until the answered function is called. */
  onNew(wake: () => void): () => void {
    this.waiting.add(wake);
    return () => this.waiting.delete(wake);
  }

  notify(): void {
    for (const wake of [...this.waiting]) wake();
  }
}

export function eventIdOf(transactionId: string, index: number): string {
  return `${transactionId}:${index}`;
}

function eventOf(row: EventRow): BusinessEvent {
  return {
    id: eventIdOf(row.transaction_id, row.event_index),
    scenario: row.scenario,
    name: row.name,
    recordType: row.record_type,
    recordId: row.record_id,
    revision: row.revision,
    action: row.action,
    from: row.from_state,
    to: row.to_state,
    actor: { mspId: row.actor_msp, user: row.actor_user, role: row.actor_role },
    timestamp: row.timestamp,
    blockNumber: row.block_number,
    transactionId: row.transaction_id,
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}
