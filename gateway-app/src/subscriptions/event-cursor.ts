import { z } from 'zod';
import { parseWith } from '../api/body-schema';
import type { AppContext } from '../app-context';
import type { Principal } from '../auth/principal';
import { badRequest } from '../errors/app-error';
import { matchesFilter, type BusinessEvent, type EventFilter } from './business-event';
import { eventAccess } from './event-access';
import { checkEventFilter, eventFilterFields } from './event-filter-check';

/** The query string of a live event stream (server-sent events or WebSocket): a filter and where to resume. */
export const streamQuery = z.strictObject({
  ...eventFilterFields,
  lastEventId: z.string().min(1).max(200).optional().describe('Resume after this event (or send Last-Event-ID)'),
});

/**
 * One reader's place in the event feed: its filter (checked against the served scenarios and the user's read
 * access) and the position after which it reads. Streams of either kind read through one, so both deliver the
 * same events: those matching the filter that the user may read, once each, in projection order.
 */
export class EventCursor {
  private position: number;
  private readonly mayRead: (event: BusinessEvent) => boolean;

  private constructor(
    private readonly ctx: AppContext,
    readonly filter: EventFilter,
    position: number,
    principal: Principal,
  ) {
    this.position = position;
    this.mayRead = eventAccess(ctx, principal);
  }

  /**
   * Opens a cursor from a stream's query (and a `Last-Event-ID` header, which wins): 400 for a bad filter or an
   * event id the feed does not hold, 403 for a record type the user may not read. Without a checkpoint, the
   * cursor starts at the feed's head: events projected from now on.
   */
  static open(ctx: AppContext, principal: Principal, query: unknown, lastEventIdHeader?: unknown): EventCursor {
    const { lastEventId: fromQuery, ...filterInput } = parseWith(streamQuery, query);
    const filter = checkEventFilter(ctx, principal, filterInput);
    const lastEventId = (typeof lastEventIdHeader === 'string' && lastEventIdHeader) || fromQuery;
    const feed = ctx.subscriptions.feed;
    const position = lastEventId ? feed.positionOf(lastEventId) : feed.head();
    if (position === undefined)
      throw badRequest('UNKNOWN_EVENT_ID', `no event ${lastEventId}: resume from an event id this app sent`);
    return new EventCursor(ctx, filter, position, principal);
  }

  /**
   * The next events for this reader, reading at most `scan` feed rows (skipped ones count: a reader that may see
   * little never blocks the feed); empty when the feed holds nothing more. Moves the position past what it read.
   */
  next(scan = 200): { events: BusinessEvent[]; more: boolean } {
    const batch = this.ctx.subscriptions.feed.read(this.position, scan);
    const events: BusinessEvent[] = [];
    for (const { seq, event } of batch) {
      this.position = seq;
      if (matchesFilter(event, this.filter) && this.mayRead(event)) events.push(event);
    }
    return { events, more: batch.length === scan };
  }
}
