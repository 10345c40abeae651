import http from 'node:http';

/** One server-sent event as a client sees it. */
export interface SseEvent {
  readonly id: string;
  readonly event: string;
  readonly data: string;
}

/**
 * A server-sent event stream read over a real socket. `waitFor(check)` settles once an event meeting `check`
 * arrived (at once if one did); `status` is the response's status, `body()` its text when it was not a stream.
 */
export function openSse(url: string, headers: Record<string, string> = {}) {
  const events: SseEvent[] = [];
  const waiters = new Set<() => void>();
  let buffer = '';
  let body = '';
  let response: http.IncomingMessage | undefined;
  const opened = new Promise<number>((resolve, reject) => {
    const request = http.get(url, { headers }, (res) => {
      response = res;
      res.setEncoding('utf8');
      const streaming = String(res.headers['content-type']).startsWith('text/event-stream');
      res.on('data', (text: string) => {
        if (!streaming) {
          body += text;
          return;
        }
        buffer += text;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const lines = buffer.slice(0, end).split('\n');
          buffer = buffer.slice(end + 2);
          const field = (name: string) => lines.find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
          const data = field('data');
          if (data !== undefined) events.push({ id: field('id') ?? '', event: field('event') ?? 'message', data });
        }
        for (const wake of [...waiters]) wake();
      });
      res.on('end', () => {
        for (const wake of [...waiters]) wake();
      });
      resolve(res.statusCode ?? 0);
    });
    request.on('error', reject);
  });
  return {
    events,
    status: opened,
    body: async () => {
      await opened;
      if (!response!.complete) await new Promise((resolve) => response!.on('end', resolve));
      return body;
    },
    waitFor(check: (e: SseEvent) => boolean): Promise<SseEvent> {
      return new Promise((resolve, reject) => {
        const wake = () => {
          const found = events.find(check);
          if (found) {
            waiters.delete(wake);
            resolve(found);
          } else if (response?.complete) {
            waiters.delete(wake);
            reject(new Error('the stream ended first'));
          }
        };
        waiters.add(wake);
        wake();
      });
    },
    close: async () => {
      await opened;
      response!.destroy();
    },
  };
}
