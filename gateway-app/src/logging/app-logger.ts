import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

export type LogFormat = 'pretty' | 'json';

/**
 * Human-readable lines on a terminal, JSON lines (for log collectors and tests) everywhere else.
 * `LOG_FORMAT=json|pretty` wins over the guess from the output being a terminal.
 */
export function logFormat(requested: 'auto' | LogFormat, output: { isTTY?: boolean } = process.stdout): LogFormat {
  if (requested !== 'auto') return requested;
  return output.isTTY ? 'pretty' : 'json';
}

/**
 * The app's logger. The pretty form is a synchronous stream in this thread (not a worker transport), so log
 * lines and the startup banner, written straight to stdout, appear in the order they happen.
 */
export function createAppLogger(
  level: string,
  format: LogFormat,
  destination: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout,
): Logger {
  // JSON to stdout through pino's own fast writer; elsewhere (tests) to the stream given.
  if (format === 'json') return destination === process.stdout ? pino({ level }) : pino({ level }, destination);
  return pino(
    { level },
    pretty({
      destination,
      sync: true,
      colorize: destination.isTTY === true,
      translateTime: 'SYS:HH:MM:ss',
      singleLine: true,
      // The request line already says what these say; pid and host are the same on every line.
      ignore: 'pid,hostname,reqId,method,url,status,ms,username,component',
    }),
  );
}
