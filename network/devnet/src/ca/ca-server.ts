import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { CaRequest, type CaContext } from './ca-context';
import { CaCode, CaError } from './ca-errors';
import { caInfo } from './cainfo';
import { genCrl } from './crl';
import { enroll, reenroll } from './enroll';
import { register } from './register';
import { revoke } from './revoke';

interface Endpoint {
  readonly methods: readonly string[];
  /** Fabric CA answers 201 for what creates something (enroll, reenroll, register), else 200. */
  readonly success: number;
  readonly handle: (request: CaRequest) => Promise<unknown>;
}

/** The fabric-ca-server endpoints clients use, served at `/<name>` and `/api/v1/<name>` as Fabric CA does. */
const endpoints: ReadonlyMap<string, Endpoint> = new Map([
  [
    'cainfo',
    {
      methods: ['GET', 'POST', 'HEAD'],
      success: 200,
      handle: async (request: CaRequest) => {
        request.checkCaName();
        return caInfo(request.ca);
      },
    },
  ],
  ['enroll', { methods: ['POST'], success: 201, handle: enroll }],
  ['reenroll', { methods: ['POST'], success: 201, handle: reenroll }],
  ['register', { methods: ['POST'], success: 201, handle: register }],
  ['revoke', { methods: ['POST'], success: 200, handle: revoke }],
  ['gencrl', { methods: ['POST'], success: 200, handle: genCrl }],
]);

export interface CaServerOptions {
  readonly host: string;
  readonly port: number;
  /** HTTPS with this server certificate (issued by the org's TLS CA); plain HTTP without. */
  readonly tls?: { readonly certPem: string; readonly keyPem: string };
  /** Largest request body accepted (default 1 MiB: a CSR or registration is a few KB). */
  readonly maxBodyBytes?: number;
  /** Where the server reports requests it failed on unexpectedly. */
  readonly onError?: (err: unknown) => void;
}

/** A Fabric CA's REST server (fabric-ca-server's API as fabric-ca-client uses it) for one CA. */
export class CaServer {
  private readonly server: http.Server;
  private readonly maxBodyBytes: number;

  constructor(
    private readonly ca: CaContext,
    private readonly options: CaServerOptions,
  ) {
    this.maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
    const listener = (req: IncomingMessage, res: ServerResponse): void => {
      this.serve(req, res).catch((err: unknown) => {
        options.onError?.(err);
        if (!res.headersSent) respond(res, 500, false, new CaError(500, CaCode.Unknown, 'Internal server error'));
        else res.destroy();
      });
    };
    this.server = options.tls
      ? https.createServer({ cert: options.tls.certPem, key: options.tls.keyPem }, listener)
      : http.createServer(listener);
    // A client that sends headers or a body slowly must not hold a connection for ever.
    this.server.headersTimeout = 30_000;
    this.server.requestTimeout = 60_000;
  }

  get port(): number {
    return (this.server.address() as AddressInfo | null)?.port ?? this.options.port;
  }

  /** `https://host:port` (or http with TLS off), what fabric-ca-client takes as the CA URL. */
  get url(): string {
    return `${this.options.tls ? 'https' : 'http'}://${this.options.host}:${this.port}`;
  }

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ host: this.options.host, port: this.options.port, exclusive: true }, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  stop(): Promise<void> {
    if (!this.server.listening) return Promise.resolve();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const uri = req.url ?? '/';
    const pathname = uri.split('?')[0];
    const name = pathname.startsWith('/api/v1/') ? pathname.slice('/api/v1/'.length) : pathname.slice(1);
    const endpoint = endpoints.get(name);
    if (!endpoint) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('404 page not found\n');
      req.resume();
      return;
    }
    const method = req.method ?? 'GET';
    const head = method === 'HEAD';
    const body = await this.readBody(req);
    if (body === 'too large') {
      res.setHeader('Connection', 'close');
      const error = new CaError(
        413,
        CaCode.ReadingReqBody,
        'Failed reading request body: http: request body too large',
      );
      respond(res, error.status, head, error);
      return;
    }
    if (!endpoint.methods.includes(method)) {
      respond(res, 405, head, new CaError(405, CaCode.MethodNotAllowed, `Method ${method} is not allowed`));
      return;
    }
    try {
      const result = await endpoint.handle(new CaRequest(this.ca, method, uri, req.headers.authorization, body));
      respond(res, endpoint.success, head, result);
    } catch (err) {
      if (!(err instanceof CaError)) throw err;
      respond(res, err.status, head, err);
    }
  }

  /** The whole body, or 'too large' (without reading on) once it passes the limit. */
  private readBody(req: IncomingMessage): Promise<Buffer | 'too large'> {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > this.maxBodyBytes) {
      req.resume();
      return Promise.resolve('too large');
    }
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const onData = (chunk: Buffer): void => {
        size += chunk.length;
        if (size > this.maxBodyBytes) {
          req.off('data', onData);
          req.resume();
          resolve('too large');
          return;
        }
        chunks.push(chunk);
      };
      req.on('data', onData);
      req.once('end', () => resolve(Buffer.concat(chunks)));
      req.once('error', reject);
    });
  }
}

/** Fabric CA's response envelope: `{result, errors: [{code, message}], messages, success}`. */
function respond(res: ServerResponse, status: number, head: boolean, outcome: unknown): void {
  const failed = outcome instanceof CaError;
  const envelope = {
    result: failed ? '' : outcome,
    errors: failed ? [{ code: outcome.code, message: outcome.message }] : [],
    messages: [],
    success: !failed,
  };
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(head ? undefined : JSON.stringify(envelope));
}
