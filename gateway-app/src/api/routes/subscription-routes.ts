import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import type { AppContext } from '../../app-context';
import { conflict, notFound } from '../../errors/app-error';
import type { Delivery, Subscription } from '../../subscriptions/subscription-store';
import { EventCursor } from '../../subscriptions/event-cursor';
import { registerEventSocket } from '../../subscriptions/event-socket';
import { checkEventFilter, eventFilterFields } from '../../subscriptions/event-filter-check';
import { checkWebhookUrl } from '../../subscriptions/webhook-url';
import { newWebhookSecret } from '../../subscriptions/webhook-signature';
import { principalOf } from '../access';
import { jsonSchemaOf, parseWith } from '../body-schema';
import { errorResponses } from '../openapi-components';
import { SECURITY_HEADERS } from '../security-headers';

/** Most webhook subscriptions one user may hold. */
export const MAX_SUBSCRIPTIONS_PER_USER = 20;
/** Deliveries listed as "recent". */
const RECENT_DELIVERIES = 50;
/** A comment line on idle streams, so proxies keep them open and clients notice a dead connection. */
const HEARTBEAT_MS = 25_000;

const newSubscription = z.strictObject({
  url: z.string().min(1).max(2000).describe('Where to POST each event (http or https, no credentials)'),
  description: z.string().max(200).default(''),
  ...eventFilterFields,
  from: z
    .enum(['now', 'beginning'])
    .default('now')
    .describe('now: events projected from now on; beginning: every event the app holds, then new ones'),
});
const subscriptionParams = z.strictObject({ id: z.string().min(1).max(64) });
const deadLetterParams = z.strictObject({
  id: z.string().min(1).max(64),
  deliveryId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});

const tags = ['Event subscriptions'];
const security = [{ bearer: [] }];

function subscriptionJson(s: Subscription) {
  return { id: s.id, description: s.description, url: s.url, filter: s.filter, createdAt: s.createdAt };
}

function deliveryJson(d: Delivery) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: d.id,
    eventId: d.eventId,
    eventName: d.eventName,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: iso(d.nextAttemptAt),
    lastAttemptAt: iso(d.lastAttemptAt),
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    createdAt: iso(d.createdAt),
    deliveredAt: iso(d.deliveredAt),
    event: JSON.parse(d.body) as unknown,
  };
}

/**
 * Event subscriptions: webhooks (signed POSTs, retried with backoff, dead letters to redeliver) and a stream
 * of server-sent events. Both carry only the events the user may read from the read model.
 */
export function registerSubscriptionRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { store, feed, webhooks, scheduler, allowedHosts } = ctx.subscriptions;
  const owned = (id: string, username: string) => {
    const found = store.owned(id, username);
    // Another user's subscription is answered as unknown: its existence is not theirs to learn.
    if (!found) throw notFound('SUBSCRIPTION_NOT_FOUND', `no subscription ${id} of yours`);
    return found;
  };

  app.post('/api/subscriptions', {
    config: { auth: 'user' },
    schema: {
      tags,
      security,
      summary: 'Subscribe a webhook to business events',
      description:
        'Answers the subscription with its signing `secret`, shown only this once. Each matching event the user may read ' +
        'is POSTed as JSON with `x-scenechain-signature: sha256=<hex>` (HMAC-SHA256 over `<x-scenechain-timestamp>.<body>`), ' +
        '`x-scenechain-event-id` (dedupe by it) and `x-scenechain-attempt`; failures are retried with exponential backoff, ' +
        'then kept as dead letters.',
      body: jsonSchemaOf(newSubscription),
      response: {
        201: { description: 'The subscription, with its signing secret (shown only now)', type: 'object' },
        400: errorResponses[400],
        401: errorResponses[401],
        403: errorResponses[403],
        409: errorResponses[409],
      },
    },
    handler: async (request, reply) => {
      const principal = principalOf(request);
      const { url, description, from, ...filterInput } = parseWith(newSubscription, request.body);
      const target = checkWebhookUrl(url, allowedHosts);
      const filter = checkEventFilter(ctx, principal, filterInput);
      if (store.listOf(principal.username).length >= MAX_SUBSCRIPTIONS_PER_USER)
        throw conflict('LIMIT_EXCEEDED', `at most ${MAX_SUBSCRIPTIONS_PER_USER} subscriptions per user`, {
          facts: { limit: MAX_SUBSCRIPTIONS_PER_USER },
        });
      const secret = newWebhookSecret();
      const created = store.create({
        username: principal.username,
        description,
        url: target.href,
        secret,
        filter,
        cursor: from === 'beginning' ? 0 : feed.head(),
        now: scheduler.now(),
      });
      webhooks.wake();
      return reply
        .status(201)
        .header('location', `/api/subscriptions/${created.id}`)
        .send({ ...subscriptionJson(created), secret });
    },
  });

  app.get('/api/subscriptions', {
    config: { auth: 'user' },
    schema: { tags, security, summary: 'My webhook subscriptions', response: { 401: errorResponses[401] } },
    handler: async (request) => ({
      items: store.listOf(principalOf(request).username).map(subscriptionJson),
    }),
  });

  app.get('/api/subscriptions/:id', {
    config: { auth: 'user' },
    schema: {
      tags,
      security,
      summary: 'One of my webhook subscriptions',
      params: jsonSchemaOf(subscriptionParams),
      response: { 401: errorResponses[401], 404: errorResponses[404] },
    },
    handler: async (request) => {
      const { id } = parseWith(subscriptionParams, request.params);
      return subscriptionJson(owned(id, principalOf(request).username));
    },
  });

  app.delete('/api/subscriptions/:id', {
    config: { auth: 'user' },
    schema: {
      tags,
      security,
      summary: 'Delete a webhook subscription (and its queued deliveries)',
      params: jsonSchemaOf(subscriptionParams),
      response: { 204: { description: 'Deleted', type: 'null' }, 401: errorResponses[401], 404: errorResponses[404] },
    },
    handler: async (request, reply) => {
      const { id } = parseWith(subscriptionParams, request.params);
      store.delete(owned(id, principalOf(request).username).id);
      return reply.status(204).send();
    },
  });

  app.get('/api/subscriptions/:id/deliveries', {
    config: { auth: 'user' },
    schema: {
      tags,
      security,
      summary: "A subscription's recent deliveries (newest first) and its dead letters",
      params: jsonSchemaOf(subscriptionParams),
      response: { 401: errorResponses[401], 404: errorResponses[404] },
    },
    handler: async (request) => {
      const { id } = parseWith(subscriptionParams, request.params);
      const { recent, deadLetters } = store.deliveriesOf(
        owned(id, principalOf(request).username).id,
        RECENT_DELIVERIES,
      );
      return { recent: recent.map(deliveryJson), deadLetters: deadLetters.map(deliveryJson) };
    },
  });

  app.post('/api/subscriptions/:id/dead-letters/:deliveryId/redeliver', {
    config: { auth: 'user' },
    schema: {
      tags,
      security,
      summary: 'Queue a dead letter for delivery again (a fresh round of attempts)',
      params: jsonSchemaOf(deadLetterParams),
      response: {
        202: { description: 'Queued: the delivery, due now', type: 'object' },
        401: errorResponses[401],
        404: errorResponses[404],
        409: errorResponses[409],
      },
    },
    handler: async (request, reply) => {
      const { id, deliveryId } = parseWith(deadLetterParams, request.params);
      const subscription = owned(id, principalOf(request).username);
      const delivery = store.delivery(subscription.id, deliveryId);
      if (!delivery) throw notFound('DELIVERY_NOT_FOUND', `subscription ${id} has no delivery ${deliveryId}`);
      if (delivery.status !== 'DEAD')
        throw conflict('CONFLICT', `delivery ${deliveryId} is ${delivery.status}, not a dead letter`, {
          facts: { status: delivery.status },
        });
      store.requeue(delivery.id, scheduler.now());
      webhooks.wake();
      return reply.status(202).send(deliveryJson(store.delivery(subscription.id, deliveryId)!));
    },
  });

  app.delete('/api/subscriptions/:id/dead-letters', {
    config: { auth: 'user' },
    schema: {
      tags,
      security,
      summary: "Clear a subscription's dead letters (they are kept until cleared)",
      params: jsonSchemaOf(subscriptionParams),
      response: {
        200: { description: 'How many were cleared: `{ cleared }`', type: 'object' },
        401: errorResponses[401],
        404: errorResponses[404],
      },
    },
    handler: async (request) => {
      const { id } = parseWith(subscriptionParams, request.params);
      return { cleared: store.clearDeadLetters(owned(id, principalOf(request).username).id) };
    },
  });

  registerEventStream(app, ctx);
  registerEventSocket(app, ctx);
}

/**
 * `GET /api/events/stream`: server-sent events, one per business event the user may read (`id:` the event id,
 * `data:` its JSON). A client resumes after the last event it saw with `Last-Event-ID` (EventSource sends it
 * on reconnect) or `lastEventId`; without either, the stream starts with events projected from now on.
 * Hidden from the OpenAPI document: it never ends, which generic API clients (and the route fuzzer) cannot use.
 */
function registerEventStream(app: FastifyInstance, ctx: AppContext): void {
  const open = new Set<ServerResponse>();
  // Open streams would keep the server from closing.
  app.addHook('preClose', async () => {
    for (const response of open) response.end();
  });

  app.get('/api/events/stream', {
    config: { auth: 'user' },
    schema: { hide: true },
    handler: async (request, reply) => {
      const cursor = EventCursor.open(ctx, principalOf(request), request.query, request.headers['last-event-id']);

      reply.hijack();
      const response = reply.raw;
      response.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
      });
      response.write('retry: 5000\n\n');
      open.add(response);
      let waitingForDrain = false;
      const flush = () => {
        if (waitingForDrain || response.writableEnded) return;
        for (;;) {
          const { events, more } = cursor.next();
          let full = false;
          for (const event of events) full = !response.write(`id: ${event.id}\ndata: ${JSON.stringify(event)}\n\n`);
          if (full) {
            waitingForDrain = true;
            response.once('drain', () => {
              waitingForDrain = false;
              flush();
            });
            return;
          }
          if (!more) return;
        }
      };
      const unsubscribe = ctx.subscriptions.feed.onNew(flush);
      const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), HEARTBEAT_MS);
      heartbeat.unref();
      response.on('close', () => {
        open.delete(response);
        unsubscribe();
        clearInterval(heartbeat);
      });
      flush();
    },
  });
}
