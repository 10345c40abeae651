import fastifyWebsocket from '@fastify/websocket';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { principalOf } from '../api/access';
import type { AppContext } from '../app-context';
import type { ApiErrorCode } from '../errors/error-codes';
import { EventCursor } from './event-cursor';

/** Largest frame a client may send (it sends only pings). */
const MAX_CLIENT_FRAME_BYTES = 4096;
/** Bytes queued on a socket above which sending waits for the queue to drain. */
const HIGH_WATER_BYTES = 1024 * 1024;
/** A protocol ping on idle sockets, so proxies keep them open and dead peers are noticed. */
const HEARTBEAT_MS = 25_000;
/** WebSocket close codes (RFC 6455): a frame of a kind or content the server does not accept. */
const UNSUPPORTED_DATA = 1003;
const POLICY_VIOLATION = 1008;

/** Server → client messages. Each event's `event.id` is the checkpoint a client resumes after. */
export type EventSocketMessage =
  | { readonly type: 'ready'; readonly filter: object }
  | { readonly type: 'event'; readonly event: object }
  | { readonly type: 'pong' }
  | { readonly type: 'error'; readonly code: string; readonly message: string };

/**
 * `GET /api/events/ws`: the event stream over a WebSocket, for clients that prefer one to server-sent events.
 * The same sign-in (`Authorization: Bearer`), filters and checkpoint (`?lastEventId=`, or `Last-Event-ID`) as
 * `/api/events/stream`, read through the same cursor, so it carries exactly the events the user may read. A
 * bad filter, an unknown checkpoint or a bad token refuse the upgrade with the usual HTTP error. Once open, the
 * server sends `{"type":"ready"}`, then `{"type":"event","event":{...}}` per event; the client may send
 * `{"type":"ping"}` (answered `{"type":"pong"}`); any other frame is answered with an error and the socket is
 * closed (1008, or 1003 for binary), which touches no other connection.
 */
export function registerEventSocket(app: FastifyInstance, ctx: AppContext): void {
  const cursors = new WeakMap<FastifyRequest, EventCursor>();
  void app.register(async (scope) => {
    await scope.register(fastifyWebsocket, { options: { maxPayload: MAX_CLIENT_FRAME_BYTES } });
    // An upgrade refused by the app's sign-in hook (which runs before the plugin's own) would leave the socket
    // open after the error answer, and the server could never close: end it here.
    scope.addHook('onResponse', async (request) => {
      if (request.headers.upgrade) request.raw.socket?.destroy();
    });
    scope.get(
      '/api/events/ws',
      {
        websocket: true,
        config: { auth: 'user' },
        schema: { hide: true },
        // Before the upgrade: a refused filter or checkpoint answers as HTTP, like the SSE stream.
        preValidation: async (request) => {
          cursors.set(
            request,
            EventCursor.open(ctx, principalOf(request), request.query, request.headers['last-event-id']),
          );
        },
      },
      (socket, request) => serve(socket, cursors.get(request)!, ctx),
    );
  });
}

function serve(socket: WebSocket, cursor: EventCursor, ctx: AppContext): void {
  const send = (message: EventSocketMessage, done?: () => void) => socket.send(JSON.stringify(message), done);
  let waiting = false;
  const flush = () => {
    if (waiting || socket.readyState !== socket.OPEN) return;
    for (;;) {
      const { events, more } = cursor.next();
      events.forEach((event, i) => {
        const last = i === events.length - 1;
        if (last && socket.bufferedAmount > HIGH_WATER_BYTES) {
          waiting = true;
          send({ type: 'event', event }, () => {
            waiting = false;
            flush();
          });
        } else send({ type: 'event', event });
      });
      if (waiting || !more) return;
    }
  };
  const refuse = (code: number, message: string) => {
    const refusal: ApiErrorCode = 'BAD_FRAME';
    send({ type: 'error', code: refusal, message });
    socket.close(code, 'bad frame');
  };
  socket.on('message', (data, isBinary) => {
    if (isBinary) return refuse(UNSUPPORTED_DATA, 'send text frames: {"type":"ping"}');
    let message: unknown;
    try {
      message = JSON.parse(String(data));
    } catch {
      return refuse(POLICY_VIOLATION, 'a frame must be JSON: {"type":"ping"}');
    }
    if ((message as { type?: unknown } | null)?.type !== 'ping')
      return refuse(POLICY_VIOLATION, 'the only message a client sends is {"type":"ping"}');
    send({ type: 'pong' });
  });
  const unsubscribe = ctx.subscriptions.feed.onNew(flush);
  const heartbeat = setInterval(() => socket.ping(), HEARTBEAT_MS);
  heartbeat.unref();
  socket.on('close', () => {
    unsubscribe();
    clearInterval(heartbeat);
  });
  send({ type: 'ready', filter: cursor.filter });
  flush();
}
