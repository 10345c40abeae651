import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Headers of a webhook delivery. */
export const SIGNATURE_HEADER = 'x-scenechain-signature';
export const TIMESTAMP_HEADER = 'x-scenechain-timestamp';
export const EVENT_ID_HEADER = 'x-scenechain-event-id';
export const SUBSCRIPTION_HEADER = 'x-scenechain-subscription';
export const ATTEMPT_HEADER = 'x-scenechain-attempt';

/** A new subscription's signing secret: 256 random bits, shown to the subscriber once. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('hex')}`;
}

/**
 * `sha256=<hex>`: HMAC-SHA256 with the subscription's secret over `<timestamp>.<body>` (the timestamp header's
 * value, a dot, then the raw body bytes), so a captured delivery cannot be replayed later under a new timestamp.
 */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * What a receiver does: recompute the signature over the raw body and compare in constant time; refuse
 * timestamps further than `toleranceSeconds` from `nowSeconds` (replays).
 */
export function verifyWebhookSignature(options: {
  secret: string;
  body: string;
  timestamp: string;
  signature: string;
  nowSeconds: number;
  toleranceSeconds?: number;
}): boolean {
  const sent = Number(options.timestamp);
  if (!/^\d+$/.test(options.timestamp) || Math.abs(options.nowSeconds - sent) > (options.toleranceSeconds ?? 300))
    return false;
  const expected = Buffer.from(webhookSignature(options.secret, options.timestamp, options.body));
  const given = Buffer.from(options.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
