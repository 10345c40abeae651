import type { Logger } from 'pino';
import type { Principal } from '../auth/principal';
import type { BusinessEvent, EventFeed } from './business-event';
import { matchesFilter } from './business-event';
import type { Scheduler } from './scheduler';
import type { Delivery, DeliveryRetention, Subscription, SubscriptionStore } from './subscription-store';
import {
  ATTEMPT_HEADER,
  EVENT_ID_HEADER,
  SIGNATURE_HEADER,
  SUBSCRIPTION_HEADER,
  TIMESTAMP_HEADER,
  webhookSignature,
} from './webhook-signature';

export interface RetryPolicy {
  /** Attempts in all before a delivery becomes a dead letter. */
  readonly maxAttempts: number;
  /** Wait after the first failure; doubled after each further one, up to `maxBackoffMs`. */
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
  /** How long one POST may take. */
  readonly timeoutMs: number;
}

/** Wait before attempt `attempt + 1` after `attempt` failures: initial × 2^(attempt−1), capped. */
export function backoffMs(policy: RetryPolicy, failedAttempts: number): number {
  return Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** Math.max(0, failedAttempts - 1));
}

export interface WebhookDispatcherOptions {
  readonly store: SubscriptionStore;
  readonly feed: EventFeed;
  readonly scheduler: Scheduler;
  readonly policy: RetryPolicy;
  /** How many delivered rows to keep, and for how long (on the scheduler's clock); pruned after each pass. */
  readonly retention: DeliveryRetention;
  /** The subscription owner's current account (undefined once deleted: nothing more is delivered). */
  readonly principalOf: (username: string) => Principal | undefined;
  /** Whether the owner may see an event now (the read model's scope rules). */
  readonly access: (principal: Principal) => (event: BusinessEvent) => boolean;
  readonly logger: Logger;
}

const BATCH = 200;

/**
 * Delivers business events to webhook subscriptions, at least once, from the read model's feed.
 *
 * A pass (1) queues each subscription's new events: the events after its cursor that match its filter and that
 * its owner may see are stored as deliveries, and the cursor moves, in one SQLite transaction; then (2) POSTs
 * every delivery that is due, signed, and records the outcome: 2xx delivers it; anything else (status, refused
 * connection, timeout, redirect) schedules a retry with exponential backoff, and after the last attempt parks it
 * as a dead letter the subscriber can redeliver. Passes run one at a time, woken by new events, new
 * subscriptions, redeliveries and retry timers (the injected scheduler). `stop` waits for the pass in flight,
 * so a graceful restart repeats nothing; a crash between a POST and its record repeats that one delivery,
 * with the same event id.
 */
export class WebhookDispatcher {
  private pass: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private cancelTimer: (() => void) | undefined;
  private timerAt: number | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: WebhookDispatcherOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.unsubscribe = this.options.feed.onNew(() => this.wake());
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    await this.pass;
  }

  /** Runs a pass soon (or another one after the pass in flight). */
  wake(): void {
    if (this.stopped) return;
    if (this.pass) {
      this.again = true;
      return;
    }
    this.pass = this.run().finally(() => {
      this.pass = undefined;
    });
  }

  /** Settles when no pass is running or due to run (tests: after advancing the scheduler). */
  async settled(): Promise<void> {
    while (this.pass) await this.pass;
  }

  private async run(): Promise<void> {
    do {
      this.again = false;
      try {
        this.queueNewEvents();
        await this.deliverDue();
        this.options.store.prune(this.options.retention, this.options.scheduler.now());
      } catch (err) {
        this.options.logger.error({ err }, 'webhook delivery pass failed');
      }
    } while (this.again && !this.stopped);
    if (!this.stopped) this.armTimer();
  }

  private queueNewEvents(): void {
    const { store, feed, scheduler, principalOf, access } = this.options;
    const head = feed.head();
    for (const subscription of store.all()) {
      let cursor = subscription.cursor;
      // A read model recreated from nothing numbers events from 1 again: rescan it (deliveries dedupe).
      if (cursor > head) store.resetCursor(subscription.id, (cursor = 0));
      const principal = principalOf(subscription.username);
      const mayRead = principal && access(principal);
      for (;;) {
        const batch = feed.read(cursor, BATCH);
        if (batch.length === 0) break;
        const wanted = mayRead
          ? batch.filter(({ event }) => matchesFilter(event, subscription.filter) && mayRead(event))
          : [];
        cursor = batch[batch.length - 1].seq;
        store.enqueue(
          subscription.id,
          wanted.map(({ event }) => ({
            eventId: event.id,
            eventName: event.name,
            body: JSON.stringify(event),
            scenario: event.scenario,
            blockNumber: event.blockNumber,
          })),
          cursor,
          scheduler.now(),
        );
        if (batch.length < BATCH) break;
      }
    }
  }

  private async deliverDue(): Promise<void> {
    const { store, scheduler } = this.options;
    for (;;) {
      if (this.stopped) return;
      const due = store.due(scheduler.now(), BATCH);
      if (due.length === 0) return;
      // One subscription's deliveries go one at a time, in queue order; subscriptions proceed side by side.
      const bySubscription = new Map<string, Delivery[]>();
      for (const delivery of due)
        bySubscription.set(delivery.subscriptionId, [...(bySubscription.get(delivery.subscriptionId) ?? []), delivery]);
      await Promise.all(
        [...bySubscription.entries()].map(async ([id, deliveries]) => {
          const subscription = store.find(id);
          const secret = store.secretOf(id);
          if (!subscription || secret === undefined) return;
          for (const delivery of deliveries) {
            if (this.stopped) return;
            await this.attempt(subscription, secret, delivery);
          }
        }),
      );
      if (due.length < BATCH) return;
    }
  }

  private async attempt(subscription: Subscription, secret: string, delivery: Delivery): Promise<void> {
    const { store, scheduler, policy, logger } = this.options;
    const timestamp = String(Math.floor(scheduler.now() / 1000));
    const attempt = delivery.attempts + 1;
    let status: number | undefined;
    let error: string | undefined;
    try {
      const response = await fetch(subscription.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(policy.timeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'scenechain-webhooks/1',
          [SIGNATURE_HEADER]: webhookSignature(secret, timestamp, delivery.body),
          [TIMESTAMP_HEADER]: timestamp,
          [EVENT_ID_HEADER]: delivery.eventId,
          [SUBSCRIPTION_HEADER]: subscription.id,
          [ATTEMPT_HEADER]: String(attempt),
        },
        body: delivery.body,
      });
      status = response.status;
      await response.body?.cancel();
      if (status < 200 || status > 299) error = `the receiver answered HTTP ${status}`;
    } catch (err) {
      error = describeFailure(err);
    }
    const at = scheduler.now();
    if (error === undefined) {
      store.recordAttempt(delivery.id, { ok: true, at, status });
      return;
    }
    const retryAt = attempt < policy.maxAttempts ? at + backoffMs(policy, attempt) : undefined;
    store.recordAttempt(delivery.id, { ok: false, at, status, error, retryAt });
    logger.warn(
      { subscription: subscription.id, eventId: delivery.eventId, attempt, status, error, deadLetter: !retryAt },
      retryAt ? 'webhook delivery failed; will retry' : 'webhook delivery failed for the last time: dead letter',
    );
  }

  /** Wakes a pass when the earliest pending retry falls due. */
  private armTimer(): void {
    const { store, scheduler } = this.options;
    const next = store.nextDue();
    if (next === undefined || next === this.timerAt) return;
    this.cancelTimer?.();
    this.timerAt = next;
    this.cancelTimer = scheduler.after(next - scheduler.now(), () => {
      this.cancelTimer = undefined;
      this.timerAt = undefined;
      this.wake();
    });
  }
}

function describeFailure(err: unknown): string {
  const error = err as Error & { cause?: { code?: string; message?: string } };
  if (error.name === 'TimeoutError') return 'the receiver did not answer in time';
  const cause = error.cause?.code ?? error.cause?.message;
  return (cause ? `${error.message}: ${cause}` : error.message).slice(0, 500);
}
