/** An error the API answered (or a failure to reach it), printed by the CLI as JSON. */
export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
  }

  /** The facts a chaincode error states (`error.facts` of the answer), or none. */
  get facts(): Readonly<Record<string, unknown>> {
    const facts = (this.body as { error?: { facts?: unknown } } | null)?.error?.facts;
    return typeof facts === 'object' && facts !== null && !Array.isArray(facts)
      ? (facts as Record<string, unknown>)
      : {};
  }
}

export interface ApiAnswer<T> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

/** The gateway app's REST API as one user (bearer token), for the CLI. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private token?: string,
  ) {}

  withToken(token: string): ApiClient {
    return new ApiClient(this.baseUrl, token);
  }

  async call<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiAnswer<T>> {
    const json = body === undefined ? undefined : JSON.stringify(body);
    const response = await this.send(method, path, json, {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    });
    return { status: response.status, body: parsedBody(await response.text()) as T, headers: response.headers };
  }

  /** A call whose body and answer are bytes (documents); errors are JSON as for `call`. */
  async bytes(
    method: string,
    path: string,
    body?: Uint8Array,
    headers: Record<string, string> = {},
  ): Promise<ApiAnswer<Buffer>> {
    const response = await this.send(method, path, body, headers);
    return { status: response.status, body: Buffer.from(await response.arrayBuffer()), headers: response.headers };
  }

  private async send(
    method: string,
    path: string,
    body: string | Uint8Array | undefined,
    headers: Record<string, string>,
  ): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.baseUrl), {
        method,
        headers: { ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...headers },
        body,
      });
    } catch (err) {
      throw new ApiCallError(0, 'APP_UNREACHABLE', `cannot reach ${this.baseUrl}: ${(err as Error).message}`, null);
    }
    if (!response.ok) {
      const text = await response.text();
      const parsed = parsedBody(text);
      const error = (parsed as { error?: { code?: string; message?: string } } | null)?.error;
      throw new ApiCallError(response.status, error?.code ?? `HTTP_${response.status}`, error?.message ?? text, parsed);
    }
    return response;
  }
}

/** JSON when the answer is JSON, else its text. */
function parsedBody(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text;
  }
}
