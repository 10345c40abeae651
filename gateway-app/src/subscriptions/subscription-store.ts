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
`;

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

  /** Queues events for a subscription and moves its cursor, atomically: a crash neither loses nor repeats. */
  enqueue(
    subscriptionId: string,
    events: readonly { eventId: string; eventName: string; body: string }[],
    cursor: number,
    now: number,
  ): number {
    const insert = this.db.prepare(`INSERT OR IGNORE INTO subscription_deliveries
      (subscription_id, event_id, event_name, body, status, attempts, next_attempt_at, created_at)
      VALUES (?, ?, ?, ?, 'PENDING', 0, ?, ?)`);
    const move = this.db.prepare('UPDATE subscriptions SET cursor = ? WHERE id = ?');
    return this.db.transaction(() => {
      let added = 0;
      for (const e of events) added += insert.run(subscriptionId, e.eventId, e.eventName, e.body, now, now).changes;
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
