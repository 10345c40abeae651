/**
 * A query CouchDB refuses, worded as Fabric's CouchDB client reports it to the chaincode: CouchDB's error and
 * reason (the offending value shown as JSON where CouchDB prints an Erlang term).
 */
export class CouchDbError extends Error {
  override readonly name = 'CouchDbError';

  constructor(
    readonly error: string,
    readonly reason: string,
    readonly status = 400,
  ) {
    super(`error handling CouchDB request. Error:${error},  Status Code:${status},  Reason:${reason}`);
  }
}

/** A query the dev network cannot run although CouchDB could (text search), or a Fabric-side refusal. */
export class RichQueryError extends Error {
  override readonly name = 'RichQueryError';
}

/** JSON text of a value for error messages, shortened so a huge query cannot flood a log line. */
export function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}
