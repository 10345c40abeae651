import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { healthStatus, type HealthCheck } from './health';
import { versionInfo } from './version';

export interface OperationsServerOptions {
  /** Who it serves, for errors: e.g. `peer0.org1.example.com`. */
  name: string;
  host: string;
  /** 0 lets the system pick. */
  port: number;
  /** Its component's own metrics. */
  registry: Registry;
  health: readonly HealthCheck[];
  now?: () => Date;
}

/**
 * A Fabric node's operations endpoint over plain HTTP on loopback: `/healthz` (200 `{"status":"OK","time":...}`, or
 * 503 with `failed_checks`), `/metrics` (Prometheus text) and `/version` (`{"CommitSHA":...,"Version":...}`).
 */
export class OperationsServer {
  readonly #options: OperationsServerOptions;
  #server: Server | undefined;
  #port = 0;

  constructor(options: OperationsServerOptions) {
    this.#options = options;
  }

  /** host:port it listens on (known once started). */
  get address(): string {
    return `${this.#options.host}:${this.#port}`;
  }

  async start(): Promise<void> {
    const server = createServer((request, response) => {
      this.#handle(request, response).catch((err: unknown) => {
        if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain' });
        response.end(err instanceof Error ? err.message : String(err));
      });
    });
    const wanted = this.#port || this.#options.port;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) => {
        reject(
          new Error(
            err.code === 'EADDRINUSE'
              ? `operations port ${wanted} for ${this.#options.name} is already in use; free it or choose another port`
              : `cannot listen on ${this.#options.host}:${wanted} for the operations endpoint of ${this.#options.name}: ${err.message}`,
          ),
        );
      });
      server.listen({ host: this.#options.host, port: wanted, exclusive: true }, () => resolve());
    });
    this.#port = (server.address() as AddressInfo).port;
    this.#server = server;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    this.#server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0];
    switch (path) {
      case '/healthz': {
        if (request.method !== 'GET') return void response.writeHead(405).end();
        const status = await healthStatus(this.#options.health, (this.#options.now ?? (() => new Date()))());
        return json(response, status.status === 'OK' ? 200 : 503, status);
      }
      case '/metrics': {
        if (request.method !== 'GET') return void response.writeHead(405).end();
        const { registry } = this.#options;
        const body = await registry.metrics();
        response.writeHead(200, { 'Content-Type': registry.contentType });
        return void response.end(body);
      }
      case '/version':
        if (request.method !== 'GET')
          return json(response, 400, { Error: `invalid request method: ${request.method}` });
        return json(response, 200, versionInfo());
      default:
        response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
        return void response.end('404 page not found\n');
    }
  }
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(body));
}
