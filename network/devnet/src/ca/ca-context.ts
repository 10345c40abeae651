import type { X509Certificate } from 'node:crypto';
import { z } from 'zod';
import type { CertificateAuthority } from '../identity';
import { CaCode, CaError } from './ca-errors';
import type { CaStore, RegisteredIdentity } from './ca-store';

/** One Fabric CA as its endpoints see it. */
export interface CaContext {
  /** ca.name: the `caname` requests may name. */
  readonly name: string;
  readonly store: CaStore;
  /** The org's signing CA (cryptogen's `ca/`), which issues enrollment certificates. */
  readonly signer: CertificateAuthority;
  readonly certPem: string;
  readonly cert: X509Certificate;
  /** Publishes the CA's CRL to the network after a revocation, so the org's MSP refuses revoked certificates. */
  publishRevocations(): Promise<void>;
  /** The clock (ms since the epoch). */
  now(): number;
}

/** One HTTP request to an endpoint, with Fabric CA's body handling (serverrequestcontext.go). */
export class CaRequest {
  /** The caller once authenticated (basic or token authentication). */
  caller?: RegisteredIdentity;
  /** The certificate a token was made with (token authentication). */
  callerCert?: X509Certificate;
  private parsed?: { value: Record<string, unknown> | undefined };

  constructor(
    readonly ca: CaContext,
    readonly method: string,
    /** The request URI as sent (path and query): token signatures cover it. */
    readonly uri: string,
    readonly authorization: string | undefined,
    readonly body: Buffer,
  ) {}

  /** Fabric CA's GetCA: the CA named by `?ca=` or the body's `caname`, which must be this one. */
  checkCaName(): void {
    const query = new URL(this.uri, 'http://ca').searchParams.get('ca');
    const named = query || this.jsonBody()?.caname;
    if (typeof named === 'string' && named !== '' && named !== this.ca.name) {
      throw new CaError(404, CaCode.CaNotFound, `CA '${named}' does not exist`);
    }
  }

  /** ReadBody: the JSON body checked against `schema`; an empty body, bad JSON or wrong types are refused. */
  readBody<T>(schema: z.ZodType<T>): T {
    const value = this.jsonBody();
    if (value === undefined) throw new CaError(400, CaCode.EmptyReqBody, 'Empty request body');
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw this.badBody(`${issue.path.join('.') || 'body'}: ${issue.message}`);
    }
    return parsed.data;
  }

  /**
   * The body as an object with lower-case keys (Go's encoding/json matches field names without regard to case),
   * or undefined when empty.
   */
  private jsonBody(): Record<string, unknown> | undefined {
    if (!this.parsed) {
      if (this.body.length === 0) {
        this.parsed = { value: undefined };
      } else {
        let value: unknown;
        try {
          value = JSON.parse(this.body.toString('utf8'));
        } catch (err) {
          throw this.badBody((err as Error).message);
        }
        if (value === null) this.parsed = { value: {} };
        else if (typeof value !== 'object' || Array.isArray(value)) throw this.badBody('not a JSON object');
        else this.parsed = { value: lowerKeys(value) as Record<string, unknown> };
      }
    }
    return this.parsed.value;
  }

  private badBody(reason: string): CaError {
    // Fabric CA echoes the body; a long one is cut so that the error stays readable.
    const text = this.body.toString('utf8');
    const shown = text.length > 512 ? `${text.slice(0, 512)}...(${text.length} bytes)` : text;
    return new CaError(400, CaCode.BadReqBody, `Invalid request body: ${reason}; body=${shown}`);
  }
}

function lowerKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(lowerKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key.toLowerCase(), lowerKeys(inner)]));
}

/** A string field that Go would leave empty when absent or null. */
export const optionalString = z
  .string()
  .nullish()
  .transform((value) => value ?? '');
