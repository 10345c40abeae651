import type { EventFeed } from './business-event';
import type { Scheduler } from './scheduler';
import type { SubscriptionStore } from './subscription-store';
import type { WebhookDispatcher } from './webhook-dispatcher';

/** Event subscriptions as the routes see them (built by `createApp`). */
export interface SubscriptionServices {
  readonly store: SubscriptionStore;
  /** The read model's events, in projection order, with wake-ups for new ones. */
  readonly feed: EventFeed;
  readonly webhooks: WebhookDispatcher;
  /** The time of deliveries and retries (injectable for tests). */
  readonly scheduler: Scheduler;
  /** Hosts webhook URLs may name (`webhooks.allowedHosts`). */
  readonly allowedHosts: readonly string[];
}
