import { InternalError } from './errors';

/**
 * Canonical JSON: object keys sorted by UTF-16 code units at every depth, no whitespace, properties whose value
 * is `undefined` left out (as JSON.stringify does). Every endorser must write identical bytes, so anything
 * whose serialisation is not fully determined by its value (non-finite numbers, dates, maps, class
 * instances) is refused instead of being silently converted.
 */
export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

/** Canonical JSON as UTF-8 bytes, the form every ledger value takes. */
export function canonicalBytes(value: unknown): Uint8Array {
  return Buffer.from(canonicalJson(value), 'utf8');
}

/** Parses ledger bytes written by `canonicalBytes`. */
export function parseLedgerJson(bytes: Uint8Array): unknown {
  return JSON.parse(Buffer.from(bytes).toString('utf8'));
}

function write(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new InternalError(`canonical JSON: ${path} is ${value}`);
      return JSON.stringify(value);
    case 'object':
      return Array.isArray(value) ? writeArray(value, path) : writeObject(value as object, path);
    default:
      throw new InternalError(`canonical JSON: ${path} is a ${typeof value}`);
  }
}

function writeArray(items: readonly unknown[], path: string): string {
  const parts = items.map((item, index) => (item === undefined ? 'null' : write(item, `${path}[${index}]`)));
  return `[${parts.join(',')}]`;
}

function writeObject(object: object, path: string): string {
  const proto = Object.getPrototypeOf(object);
  if (proto !== Object.prototype && proto !== null) {
    throw new InternalError(`canonical JSON: ${path} is a ${proto?.constructor?.name ?? 'class'} instance`);
  }
  const record = object as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  const parts: string[] = [];
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    parts.push(`${JSON.stringify(key)}:${write(item, `${path}.${key}`)}`);
  }
  return `{${parts.join(',')}}`;
}
