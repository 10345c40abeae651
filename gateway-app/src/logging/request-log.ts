import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';

/** What a route adds to its request's one log line: a few words and the facts behind them. */
export interface RequestLogNote {
  readonly event?: string;
  readonly fields: Record<string, unknown>;
}

/**
 * Adds facts (and optionally what happened, e.g. "signed in") to the request's single log line, instead of a
 * line of its own: at info level a request is one line.
 */
export function noteRequest(request: FastifyRequest, fields: Record<string, unknown>, event?: string): void {
  const note = request.logNote;
  request.logNote = { event: event ?? note?.event, fields: { ...note?.fields, ...fields } };
}

/** The web UI's files, health and metrics probes, API docs: logged at debug unless they fail on the server. */
export function isQuietPath(pathname: string): boolean {
  return !pathname.startsWith('/api/');
}

/**
 * One line per request once answered, in place of Fastify's "incoming request"/"request completed" pair:
 * `POST /api/auth/login 200 41ms · signed in as operator1`, with method, path, status, duration and user as
 * fields. The query string is left out: it may carry search terms a log has no need of.
 */
export class OneLineRequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const pathname = request.url.split('?')[0];
    const status = reply.statusCode;
    const level = error || status >= 500 ? 'warn' : isQuietPath(pathname) ? 'debug' : 'info';
    // The request logger is a pino child (Fastify types it as its narrower base logger).
    if (!(request.log as Logger).isLevelEnabled(level)) return;
    const ms = Math.round(reply.elapsedTime);
    const username = request.principal?.username;
    const note = request.logNote;
    const words = [request.method, pathname, String(status), `${ms}ms`];
    if (username) words.push(username);
    if (note?.event) words.push(`· ${note.event}`);
    request.log[level](
      { method: request.method, url: pathname, status, ms, username, ...note?.fields, ...(error && { err: error }) },
      words.join(' '),
    );
  }
}
