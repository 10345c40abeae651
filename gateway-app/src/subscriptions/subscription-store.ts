import { randomUUID } from 'node:crypto';
import type { AppDatabase } from '../auth/app-database';
import type { EventFilter } from './business-event';

/**
 * Webhook subscriptions and their deliveries, in the app's own database (not the read model: a rebuild must
 * not forget them). `cursor` is the read-model position up to which a subscription's events are queued; a
 * delivery row is unique per (subscription, event id), so a rescan after a rebuild queues nothing twice.
 * The signing secret is kept in clear: the app needs it to sign; protect app.db like the wallet.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS subscriptions (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL,
  description TEXT NOT NULL,
  url TEXT NOT NULL,
  secret TEXT NOT NULL,
  filter TEXT NOT NULL,
  cursor INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS subscriptions_by_user ON subscriptions (username, created_at);
CREATE TABLE IF NOT EXISTS subscription_deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  subscription_id TEXT NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
  event_id TEXT NOT NULL,
  event_name TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER,
  last_attempt_at INTEGER,
  last_status INTEGER,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  delivered_at INTEGER,
  UNIQUE (subscription_id, event_id)
);
CREATE INDEX IF NOT EXISTS deliveries_due ON subscription_deliveries (status, next_attempt_at);
CREATE TABLE IF NOT EXISTS subscription_pruned (
  subscription_id TEXT NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
  scenario TEXT NOT NULL,
  block_number INTEGER NOT NULL,
  PRIMARY KEY (subscription_id, scenario)
);
`;

/** How long delivered rows are kept, and how many per subscription at most. Dead letters and pending rows stay. */
export interface DeliveryRetention {
  readonly keepDelivered: number;
  readonly deliveredMaxAgeMs: number;
}

/** An event to queue: its id, name and JSON body, and where it sits on the ledger (for pruned-row dedupe). */
export interface QueuedEvent {
  readonly eventId: string;
  readonly eventName: string;
  readonly body: string;
  readonly scenario: string;
  readonly blockNumber: number;
}

export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'DEAD';

export interface Subscription {
  readonly id: string;
  readonly username: string;
  readonly description: string;
  readonly url: string;
  readonly filter: EventFilter;
  readonly cursor: number;
  readonly createdAt: string;
}

export interface Delivery {
  readonly id: number;
  readonly subscriptionId: string;
  readonly eventId: string;
  readonly eventName: string;
  readonly body: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly nextAttemptAt: number | null;
  readonly lastAttemptAt: number | null;
  readonly lastStatus: number | null;
  readonly lastError: string | null;
  readonly createdAt: number;
  readonly deliveredAt: number | null;
}

interface SubscriptionRow {
  id: string;
  username: string;
  description: string;
  url: string;
  secret: string;
  filter: string;
  cursor: number;
  created_at: string;
}

interface DeliveryRow {
  id: number;
  subscription_id: string;
  event_id: string;
  event_name: string;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: number | null;
  last_attempt_at: number | null;
  last_status: number | null;
  last_error: string | null;
  created_at: number;
  delivered_at: number | null;
}

export interface AttemptOutcome {
  readonly ok: boolean;
  readonly at: number;
  readonly status?: number;
  readonly error?: string;
  /** When to try again; undefined after the last attempt (the delivery becomes a dead letter). */
  readonly retryAt?: number;
}

export class SubscriptionStore {
  constructor(private readonly db: AppDatabase) {
    db.exec(SCHEMA);
  }

  create(input: {
    username: string;
    description: string;
    url: string;
    secret: string;
    filter: EventFilter;
    cursor: number;
    now: number;
  }): Subscription {
    const id = `sub_${randomUUID().replace(/-/g, '')}`;
    this.db
      .prepare(
        'INSERT INTO subscriptions (id, username, description, url, secret, filter, cursor, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        id,
        input.username,
        input.description,
        input.url,
        input.secret,
        JSON.stringify(input.filter),
        input.cursor,
        new Date(input.now).toISOString(),
      );
    return this.find(id)!;
  }

  find(id: string): Subscription | undefined {
    const row = this.db.prepare<[string], SubscriptionRow>('SELECT * FROM subscriptions WHERE id = ?').get(id);
    return row && subscriptionOf(row);
  }

  /** The subscription if `username` owns it (another user's id reads as unknown). */
  owned(id: string, username: string): Subscription | undefined {
    const found = this.find(id);
    return found?.username === username ? found : undefined;
  }

  secretOf(id: string): string | undefined {
    return this.db.prepare<[string], { secret: string }>('SELECT secret FROM subscriptions WHERE id = ?').get(id)
      ?.secret;
  }

  listOf(username: string): Subscription[] {
    return this.db
      .prepare<[string], SubscriptionRow>('SELECT * FROM subscriptions WHERE username = ? ORDER BY created_at, id')
      .all(username)
      .map(subscriptionOf);
  }

  all(): Subscription[] {
    return this.db
      .prepare<[], SubscriptionRow>('SELECT * FROM subscriptions ORDER BY created_at, id')
      .all()
      .map(subscriptionOf);
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM subscriptions WHERE id = ?').run(id).changes > 0;
  }

  /**
   * Queues events for a subscription and moves its cursor, atomically: a crash neither loses nor repeats. An
   * event is queued once: its row dedupes it while kept, and once delivered rows were pruned, the pruned block
   * mark of its scenario does (a subscription's events of one scenario are queued in ledger order).
   */
  enqueue(subscriptionId: string, events: readonly QueuedEvent[], cursor: number, now: number): number {
    const insert = this.db.prepare(`INSERT OR IGNORE INTO subscription_deliveries
      (subscription_id, event_id, event_name, body, status, attempts, next_attempt_at, created_at)
      VALUES (?, ?, ?, ?, 'PENDING', 0, ?, ?)`);
    const move = this.db.prepare('UPDATE subscriptions SET cursor = ? WHERE id = ?');
    const marks = new Map(
      this.db
        .prepare<[string], { scenario: string; block_number: number }>(
          'SELECT scenario, block_number FROM subscription_pruned WHERE subscription_id = ?',
        )
        .all(subscriptionId)
        .map((r) => [r.scenario, r.block_number]),
    );
    return this.db.transaction(() => {
      let added = 0;
      for (const e of events) {
        if (e.blockNumber <= (marks.get(e.scenario) ?? -1)) continue;
        added += insert.run(subscriptionId, e.eventId, e.eventName, e.body, now, now).changes;
      }
      move.run(cursor, subscriptionId);
      return added;
    })();
  }

  /** Moves a subscription's cursor (a read model recreated from scratch numbers its events anew). */
  resetCursor(subscriptionId: string, cursor: number): void {
    this.db.prepare('UPDATE subscriptions SET cursor = ? WHERE id = ?').run(cursor, subscriptionId);
  }

  /** Pending deliveries due at `now`, oldest first. */
  due(now: number, limit: number): Delivery[] {
    return this.db
      .prepare<[number, number], DeliveryRow>(
        "SELECT * FROM subscription_deliveries WHERE status = 'PENDING' AND next_attempt_at <= ? ORDER BY id LIMIT ?",
      )
      .all(now, limit)
      .map(deliveryOf);
  }

  /** The earliest time a pending delivery is due, if any is pending. */
  nextDue(): number | undefined {
    const row = this.db
      .prepare<[], { at: number | null }>(
        "SELECT MIN(next_attempt_at) AS at FROM subscription_deliveries WHERE status = 'PENDING'",
      )
      .get();
    return row?.at ?? undefined;
  }

  recordAttempt(id: number, outcome: AttemptOutcome): void {
    const status: DeliveryStatus = outcome.ok ? 'DELIVERED' : outcome.retryAt === undefined ? 'DEAD' : 'PENDING';
    this.db
      .prepare(
        `UPDATE subscription_deliveries SET status = ?, attempts = attempts + 1, last_attempt_at = ?, last_status = ?,
         last_error = ?, next_attempt_at = ?, delivered_at = ? WHERE id = ?`,
      )
      .run(
        status,
        outcome.at,
        outcome.status ?? null,
        outcome.error ?? null,
        outcome.ok ? null : (outcome.retryAt ?? null),
        outcome.ok ? outcome.at : null,
        id,
      );
  }

  delivery(subscriptionId: string, id: number): Delivery | undefined {
    const row = this.db
      .prepare<[string, number], DeliveryRow>(
        'SELECT * FROM subscription_deliveries WHERE subscription_id = ? AND id = ?',
      )
      .get(subscriptionId, id);
    return row && deliveryOf(row);
  }

  /** Puts a dead letter back in the queue, due now, with a fresh count of attempts. */
  requeue(id: number, now: number): void {
    this.db
      .prepare(
        "UPDATE subscription_deliveries SET status = 'PENDING', attempts = 0, next_attempt_at = ? WHERE id = ? AND status = 'DEAD'",
      )
      .run(now, id);
  }

  /**
   * Deletes delivered rows older than the retention's age and beyond the newest `keepDelivered` of each
   * subscription; pending rows and dead letters stay. Before deleting, each subscription's pruned block mark per
   * scenario moves up to the newest block it deletes from, so a replay (a rebuilt read model) queues nothing
   * twice. Answers the number of rows deleted.
   */
  prune(retention: DeliveryRetention, now: number): number {
    const doomed = `SELECT id FROM subscription_deliveries WHERE status = 'DELIVERED' AND (delivered_at < @before OR id IN (
        SELECT id FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY subscription_id ORDER BY id DESC) AS newest
          FROM subscription_deliveries WHERE status = 'DELIVERED') WHERE newest > @keep))`;
    const params = { before: now - retention.deliveredMaxAgeMs, keep: retention.keepDelivered };
    return this.db.transaction(() => this.forget(doomed, params))();
  }

  /**
   * Deletes a subscription's dead letters (all, or the one `deliveryId`) once its owner gave up on them;
   * answers how many. A replay queues them no more than pruned rows.
   */
  clearDeadLetters(subscriptionId: string, deliveryId?: number): number {
    const dead = `SELECT id FROM subscription_deliveries WHERE subscription_id = @subscription AND status = 'DEAD'
      AND (@delivery IS NULL OR id = @delivery)`;
    return this.db.transaction(() =>
      this.forget(dead, { subscription: subscriptionId, delivery: deliveryId ?? null }),
    )();
  }

  /** Deletes the rows `selectIds` names, first raising their subscriptions' pruned block marks over them. */
  private forget(selectIds: string, params: Record<string, unknown>): number {
    this.db
      .prepare(
        `INSERT INTO subscription_pruned (subscription_id, scenario, block_number)
         SELECT subscription_id, json_extract(body, '$.scenario'), MAX(json_extract(body, '$.blockNumber'))
           FROM subscription_deliveries WHERE id IN (${selectIds}) GROUP BY 1, 2 ORDER BY 1, 2
         ON CONFLICT (subscription_id, scenario) DO UPDATE SET block_number = MAX(block_number, excluded.block_number)`,
      )
      .run(params);
    return this.db.prepare(`DELETE FROM subscription_deliveries WHERE id IN (${selectIds})`).run(params).changes;
  }

  /** Rows kept for a subscription, by status (retention checks). */
  countsOf(subscriptionId: string): Record<DeliveryStatus, number> {
    const counts: Record<DeliveryStatus, number> = { PENDING: 0, DELIVERED: 0, DEAD: 0 };
    for (const row of this.db
      .prepare<[string], { status: DeliveryStatus; n: number }>(
        'SELECT status, COUNT(*) AS n FROM subscription_deliveries WHERE subscription_id = ? GROUP BY status',
      )
      .all(subscriptionId))
      counts[row.status] = row.n;
    return counts;
  }

  /** A subscription's latest deliveries (newest first) and every dead letter. */
  deliveriesOf(subscriptionId: string, recent: number): { recent: Delivery[]; deadLetters: Delivery[] } {
    const select = (where: string, limit: number) =>
      this.db
        .prepare<[string, number], DeliveryRow>(
          `SELECT * FROM subscription_deliveries WHERE subscription_id = ? ${where} ORDER BY id DESC LIMIT ?`,
        )
        .all(subscriptionId, limit)
        .map(deliveryOf);
    return { recent: select('', recent), deadLetters: select("AND status = 'DEAD'", 1000) };
  }
}

function subscriptionOf(row: SubscriptionRow): Subscription {
  return {
    id: row.id,
    username: row.username,
    description: row.description,
    url: row.url,
    filter: JSON.parse(row.filter) as EventFilter,
    cursor: row.cursor,
    createdAt: row.created_at,
  };
}

function deliveryOf(row: DeliveryRow): Delivery {
  return {
    id: row.id,
    subscriptionId: row.subscription_id,
    eventId: row.event_id,
    eventName: row.event_name,
    body: row.body,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastAttemptAt: row.last_attempt_at,
    lastStatus: row.last_status,
    lastError: row.last_error,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
  };
}
