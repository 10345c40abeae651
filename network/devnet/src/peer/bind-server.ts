import type { Server, ServerCredentials } from '@grpc/grpc-js';

/** How to name a listener in its errors. */
export interface ListenerErrors {
  /** The port is taken by someone else. */
  busy(port: number): string;
  /** Any other bind failure. */
  failed(address: string, reason: string): string;
}

/**
 * Binds a gRPC server to `host:port` (0 picks a free port) and resolves with the port it got; a failure is an
 * error that names the listener, and the half-made server is shut down.
 */
export function bindServer(
  server: Server,
  host: string,
  port: number,
  credentials: ServerCredentials,
  errors: ListenerErrors,
): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host}:${port}`, credentials, (err, bound) => {
      if (!err) return resolve(bound);
      server.forceShutdown();
      const busy = /EADDRINUSE|address already in use|No address added/i.test(err.message);
      reject(new Error(busy ? errors.busy(port) : errors.failed(`${host}:${port}`, err.message)));
    });
  });
}
