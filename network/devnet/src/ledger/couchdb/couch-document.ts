import { getField, parseField } from './mango-selector';
import { isJsonObject, type JsonObject, type JsonValue } from './json-value';

/**
 * A state value as Fabric's CouchDB state database holds it (couchdoc_conv.go): a JSON object becomes the
 * document's fields; any other value (arrays, strings, binary) is an attachment, so selectors on fields never
 * match it. Every document has its key as `_id`.
 */
export interface CouchDocument {
  readonly id: string;
  /** The fields selectors see. */
  readonly doc: JsonObject;
  /** False for values stored as attachments. */
  readonly isJson: boolean;
}

const INTERNAL_FIELDS = ['_id', '_rev', '~version'];
const ATTACHMENT_FIELDS: JsonObject = { valueBytes: { content_type: 'application/octet-stream' } };
const utf8 = new TextDecoder('utf-8', { fatal: false });

export function toCouchDocument(key: string, value: Uint8Array): CouchDocument {
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8.decode(value));
  } catch {
    parsed = undefined;
  }
  if (isJsonObject(parsed)) {
    // A fresh object from JSON.parse: setting _id in place spares a copy per document scanned.
    const doc = parsed as JsonObject;
    doc._id = key;
    return { id: key, doc, isJson: true };
  }
  return { id: key, doc: { _id: key, _attachments: ATTACHMENT_FIELDS }, isJson: false };
}

/**
 * The value a query result carries, as Fabric's peer rebuilds it from the CouchDB document: the JSON re-encoded
 * by Go (keys sorted, compact, HTML-escaped) without `_id`, `_rev` and `~version`, projected on `fields` if given;
 * an attachment's original bytes, unless `fields` leave the attachment out (then `{}`).
 */
export function queryResultValue(
  document: CouchDocument,
  original: Uint8Array,
  fields?: readonly string[],
): Uint8Array {
  if (!document.isJson && (!fields || fields.includes('_attachments'))) return original;
  const projected = fields ? project(document.doc, fields) : { ...document.doc };
  if (!document.isJson) delete projected._attachments;
  for (const internal of INTERNAL_FIELDS) delete projected[internal];
  return Buffer.from(goJson(projected), 'utf8');
}

/** mango_fields:extract: a new document holding only the listed (dotted) fields that exist. */
function project(doc: JsonObject, fields: readonly string[]): JsonObject {
  // Null-prototype objects: a field named __proto__ is data, not a prototype.
  const result = Object.create(null) as JsonObject;
  for (const field of fields) {
    const path = parseField(field);
    const value = getField(doc, path);
    if (typeof value === 'symbol') continue;
    let target = result;
    for (const part of path.slice(0, -1)) {
      if (!isJsonObject(target[part])) target[part] = Object.create(null) as JsonObject;
      target = target[part] as JsonObject;
    }
    target[path[path.length - 1]] = value;
  }
  return result;
}

/** JSON as Go's encoding/json writes a map: keys in byte order, no spaces, <, > and & escaped. */
export function goJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  if (isJsonObject(value)) {
    const keys = Object.keys(value).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    return `{${keys.map((key) => `${goString(key)}:${goJson(value[key])}`).join(',')}}`;
  }
  return typeof value === 'string' ? goString(value) : JSON.stringify(value);
}

function goString(text: string): string {
  return JSON.stringify(text).replace(/[<>&\u2028\u2029]/g, (char) => {
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
