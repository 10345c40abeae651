import { createHash } from 'node:crypto';
import { CouchDbError } from './couch-error';
import { isJsonObject, type JsonValue } from './json-value';
import {
  hasRequiredFields,
  indexableFields,
  isConstantField,
  normalizeSelector,
  parseField,
  type NormalSelector,
} from './mango-selector';

/** A CouchDB "json" index as a chaincode's META-INF/statedb/couchdb/indexes/*.json file defines it. */
export interface CouchIndex {
  /** Design document ID, `_design/<ddoc>`. */
  readonly ddoc: string;
  readonly name: string;
  /** Indexed fields (dotted paths), in key order. */
  readonly fields: readonly string[];
  /** Documents that must match to be in the index; such an index serves only queries naming it in use_index. */
  readonly partialFilter?: NormalSelector;
}

export class IndexDefinitionError extends Error {
  override readonly name = 'IndexDefinitionError';
}

export type SortDirection = 'asc' | 'desc';

export interface SortSpec {
  readonly fields: readonly string[];
  readonly direction: SortDirection;
}

/** Parses a sort (or an index's fields) as mango_sort does: names or `{name: "asc"|"desc"}`, one direction. */
export function parseSort(value: JsonValue): SortSpec {
  if (!Array.isArray(value)) {
    throw new CouchDbError('invalid_sort_json', `Sort must be an array of sort specs, not: ${JSON.stringify(value)}`);
  }
  const entries = value.map((entry): [string, SortDirection] => {
    if (typeof entry === 'string' && entry !== '') return [entry, 'asc'];
    if (isJsonObject(entry) && Object.keys(entry).length === 1) {
      const [name] = Object.keys(entry);
      const direction = entry[name];
      if (direction === 'asc' || direction === 'desc') return [name, direction];
      throw new CouchDbError('invalid_sort_dir', `Invalid sort direction: ${JSON.stringify(direction)}`);
    }
    throw new CouchDbError('invalid_sort_field', `Invalid sort field: ${JSON.stringify(entry)}`);
  });
  const directions = new Set(entries.map(([, direction]) => direction));
  if (directions.size > 1) {
    throw new CouchDbError('unsupported_mixed_sort', 'Sorts currently only support a single direction for all fields.');
  }
  for (const [name] of entries) parseField(name);
  return { fields: entries.map(([name]) => name), direction: directions.has('desc') ? 'desc' : 'asc' };
}

/**
 * Parses an index definition file, checking it as Fabric checks index files when a chaincode is packaged
 * (internal/ccmetadata) and as CouchDB checks an index it creates.
 */
export function parseIndexDefinition(text: string): CouchIndex {
  let definition: unknown;
  try {
    definition = JSON.parse(text);
  } catch {
    definition = undefined;
  }
  if (!isJsonObject(definition)) throw new IndexDefinitionError('is not a valid JSON');
  const invalid = (reason: string): never => {
    throw new IndexDefinitionError(`is not a valid index definition: ${reason}`);
  };
  for (const [key, value] of Object.entries(definition)) {
    if (key === 'index') {
      if (!isJsonObject(value)) invalid('Invalid entry, "index" must be a JSON');
    } else if (key === 'ddoc' || key === 'name') {
      if (typeof value !== 'string') invalid(`Invalid entry, "${key}" must be a string`);
      if (value === '') invalid(`"${key}" must not be empty`);
    } else if (key === 'type') {
      if (value !== 'json') invalid('Index type must be json');
    } else {
      invalid(`Invalid Entry.  Entry ${key}`);
    }
  }
  const index = definition.index;
  if (!isJsonObject(index)) return invalid('Index definition must include a "fields" definition');
  for (const key of Object.keys(index)) {
    if (key !== 'fields' && key !== 'partial_filter_selector') invalid(`Invalid Entry.  Entry ${key}`);
  }
  if (!Array.isArray(index.fields)) return invalid('Expecting a JSON array of fields');
  if (index.fields.length === 0) invalid('an index needs at least one field');
  let fields: readonly string[];
  let partialFilter: NormalSelector | undefined;
  try {
    fields = parseSort(index.fields).fields;
    const selector = index.partial_filter_selector;
    if (selector !== undefined) {
      partialFilter = normalizeSelector(selector);
      if (Object.keys(partialFilter).length === 0) partialFilter = undefined;
    }
  } catch (err) {
    return invalid((err as Error).message);
  }
  const generated = createHash('sha1').update(JSON.stringify(index)).digest('hex');
  const ddoc = typeof definition.ddoc === 'string' ? definition.ddoc : generated;
  return {
    ddoc: ddoc.startsWith('_design/') ? ddoc : `_design/${ddoc}`,
    name: typeof definition.name === 'string' ? definition.name : generated,
    fields,
    partialFilter,
  };
}

/** How a query runs: over every document in key order (`_all_docs`), or over a json index. */
export type QueryPlan =
  | { readonly kind: 'all_docs'; readonly direction: SortDirection }
  | { readonly kind: 'json'; readonly index: CouchIndex; readonly direction: SortDirection };

/** use_index as CouchDB reads it: `"ddoc"`, `"_design/ddoc"`, `"ddoc/name"`, `["ddoc"]` or `["ddoc", "name"]`. */
export function parseUseIndex(value: JsonValue): readonly string[] {
  if (value === null) return [];
  if (typeof value === 'string') {
    // CouchDB splits at the first '/' only, so "_design/ddoc/name" names a design document "ddoc/name".
    const slash = value.indexOf('/');
    if (slash < 0) return [value];
    const [first, rest] = [value.slice(0, slash), value.slice(slash + 1)];
    return first === '_design' ? [rest] : [first, rest];
  }
  if (Array.isArray(value) && value.length <= 2 && value.every((part) => typeof part === 'string')) {
    return value as string[];
  }
  throw new CouchDbError('invalid_index_name', `Invalid index name: ${JSON.stringify(value)}`);
}

/**
 * Picks the index CouchDB 3.3 would use (mango_cursor, mango_idx, mango_idx_view, mango_cursor_view):
 * - a json index is usable when the selector requires every indexed field not in the sort to exist and the
 *   sort is a prefix of its fields (after fields the selector pins with $eq); one with a partial filter only
 *   when use_index names it;
 * - `_all_docs` is usable without a sort, or for a sort on `_id` when the selector has a range on `_id`;
 * - nothing usable: "No index exists for this sort";
 * - use_index naming a usable index picks it; otherwise CouchDB falls back (only warning) to the usable ones;
 * - json indexes beat `_all_docs`; among them the one whose leading fields best match the selector's ranges,
 *   then the one with fewer fields, then by design document and name.
 */
export function planQuery(
  indexes: readonly CouchIndex[],
  selector: NormalSelector,
  sort: SortSpec,
  useIndex: readonly string[],
): QueryPlan {
  const named = (index: CouchIndex): boolean => {
    if (useIndex.length === 0) return false;
    const ddoc = useIndex[0].startsWith('_design/') ? useIndex[0] : `_design/${useIndex[0]}`;
    return index.ddoc === ddoc && (useIndex.length === 1 || index.name === useIndex[1]);
  };
  const usable = indexes.filter(
    (index) => (index.partialFilter === undefined || named(index)) && jsonIndexUsable(index, selector, sort),
  );
  const allDocsUsable =
    sort.fields.length === 0 || (indexableFields(selector).includes('_id') && isPrefix(sort.fields, ['_id']));
  if (usable.length === 0 && !allDocsUsable) {
    throw new CouchDbError('no_usable_index', 'No index exists for this sort, try indexing by the sort fields.');
  }
  const preferred = usable.filter(named);
  const candidates = preferred.length > 0 ? preferred : usable;
  if (candidates.length === 0) return { kind: 'all_docs', direction: sort.direction };
  const ranged = indexableFields(selector);
  const prefixLength = (index: CouchIndex): number => {
    let length = 0;
    while (length < index.fields.length && ranged.includes(index.fields[length])) length++;
    return length;
  };
  const best = [...candidates].sort(
    (a, b) =>
      ranged.length - prefixLength(a) - (ranged.length - prefixLength(b)) ||
      a.fields.length - b.fields.length ||
      compareText(a.ddoc, b.ddoc) ||
      compareText(a.name, b.name),
  )[0];
  return { kind: 'json', index: best, direction: sort.direction };
}

function jsonIndexUsable(index: CouchIndex, selector: NormalSelector, sort: SortSpec): boolean {
  const required = index.fields.filter((field) => !sort.fields.includes(field) && field !== '_id' && field !== '_rev');
  return hasRequiredFields(selector, [...new Set(required)]) && canUseSort(index.fields, sort.fields, selector);
}

function canUseSort(columns: readonly string[], sortFields: readonly string[], selector: NormalSelector): boolean {
  if (sortFields.length === 0) return true;
  if (columns.length === 0) return false;
  if (columns[0] === sortFields[0]) return isPrefix(sortFields, columns);
  return isConstantField(selector, columns[0]) && canUseSort(columns.slice(1), sortFields, selector);
}

function isPrefix(prefix: readonly string[], list: readonly string[]): boolean {
  return prefix.length <= list.length && prefix.every((item, i) => list[i] === item);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
