import { setFlagsFromString } from 'node:v8';
import { rowFilter } from 'pouchdb-selector-core';
import { collate, rawOrder } from './couch-collation';
import { CouchDbError, RichQueryError, shown } from './couch-error';
import { isJsonObject, type JsonObject, type JsonValue } from './json-value';

/**
 * A Mango selector in CouchDB's normal form (mango_selector:normalize): every object has one key; `$and`, `$or`
 * and `$not` combine, every other key is a full dotted field path whose value is one condition `{ $op: arg }`.
 */
export type NormalSelector = JsonObject;

/** Operators a selector may use; the documented list in the README follows this table. */
const COMBINATION = new Set(['$and', '$or', '$nor']);
const COMPARISON = new Set(['$lt', '$lte', '$eq', '$ne', '$gte', '$gt']);
/** CouchDB refuses these outright (mango_selector's not_supported). */
const NOT_SUPPORTED = new Set(['$where', '$geoWithin', '$geoIntersects', '$near', '$nearSphere']);
/** Conditions the selector library (pouchdb-selector-core) evaluates on a field's value. */
const LIBRARY_CONDITIONS = new Set([...COMPARISON, '$exists', '$type', '$in', '$nin', '$size', '$mod', '$all']);
const SUB_SELECTORS = new Set(['$elemMatch', '$allMatch', '$keyMapMatch']);
const NEGATED: Readonly<Record<string, string>> = {
  $lt: '$gte',
  $lte: '$gt',
  $eq: '$ne',
  $ne: '$eq',
  $gte: '$lt',
  $gt: '$lte',
  $in: '$nin',
  $nin: '$in',
};

const regexes = new WeakMap<JsonObject, CompiledRegex>();

/**
 * Validates and normalizes a selector as CouchDB 3.3 does (norm_ops, norm_fields, norm_negations): implicit
 * `$and` of several keys, implicit `$eq`, nested field objects into dotted paths, `$not`/`$nor` pushed down to
 * negated conditions. Operators CouchDB refuses fail with its error naming the operator.
 */
export function normalizeSelector(selector: JsonValue): NormalSelector {
  if (!isJsonObject(selector)) {
    throw new CouchDbError('invalid_selector_json', `Selector must be a JSON object, not: ${shown(selector)}`);
  }
  if (Object.keys(selector).length === 0) return {};
  const normal = negations(fields(ops(selector, 0), ''));
  if (Object.keys(normal).includes('')) {
    throw new CouchDbError('invalid_selector', 'One or more conditions is missing a field name.');
  }
  checkFieldNames(normal);
  return normal;
}

/** Every field path must parse (CouchDB finds out only when it matches a document; the error is the same). */
function checkFieldNames(selector: JsonObject): void {
  for (const [key, arg] of Object.entries(selector)) {
    if (COMBINATION.has(key)) (arg as JsonObject[]).forEach(checkFieldNames);
    else if (key === '$not' || SUB_SELECTORS.has(key)) checkFieldNames(arg as JsonObject);
    else if (!key.startsWith('$')) {
      if (key !== '') parseField(key);
      checkFieldNames(arg as JsonObject);
    }
  }
}

const MAX_DEPTH = 64;

function badArg(op: string, arg: JsonValue): never {
  throw new CouchDbError('bad_arg', `Bad argument for operator ${op}: ${shown(arg)}`);
}

function ops(selector: JsonValue, depth: number): JsonObject {
  if (depth > MAX_DEPTH) throw new RichQueryError(`selector nests deeper than ${MAX_DEPTH} levels`);
  if (!isJsonObject(selector)) return { $eq: selector };
  const keys = Object.keys(selector);
  if (keys.length === 0) return {};
  if (keys.length > 1) return { $and: keys.map((key) => ops({ [key]: selector[key] }, depth + 1)) };
  const [key] = keys;
  const arg = selector[key];
  if (!key.startsWith('$')) return { [key]: ops(arg, depth + 1) };
  if (COMBINATION.has(key)) {
    if (!Array.isArray(arg)) badArg(key, arg);
    return { [key]: arg.map((sub) => ops(sub, depth + 1)) };
  }
  if (key === '$not' || SUB_SELECTORS.has(key)) {
    if (!isJsonObject(arg)) badArg(key, arg);
    return { [key]: ops(arg, depth + 1) };
  }
  if (COMPARISON.has(key)) return { [key]: arg };
  switch (key) {
    case '$in':
    case '$nin':
    case '$all':
      if (!Array.isArray(arg)) badArg(key, arg);
      return { [key]: arg };
    case '$exists':
      if (typeof arg !== 'boolean') badArg(key, arg);
      return { [key]: arg };
    case '$type':
      if (typeof arg !== 'string') badArg(key, arg);
      return { [key]: arg };
    case '$size':
      if (!Number.isInteger(arg) || (arg as number) < 0) badArg(key, arg);
      return { [key]: arg };
    case '$mod':
      if (!Array.isArray(arg) || arg.length !== 2 || !arg.every((n) => Number.isInteger(n))) badArg(key, arg);
      return { [key]: arg };
    case '$regex': {
      if (typeof arg !== 'string') badArg(key, arg);
      const condition = { [key]: arg };
      regexes.set(condition, compileRegex(arg));
      return condition;
    }
    case '$text':
    case '$default':
      throw new RichQueryError(
        `operator ${key} (full-text search) is not supported: it needs a CouchDB text index, which Fabric's index definitions (type "json") cannot create`,
      );
    default:
      if (NOT_SUPPORTED.has(key)) throw new CouchDbError('not_supported', `Unsupported operator: ${key}`);
      throw new CouchDbError('invalid_operator', `Invalid operator: ${key}`);
  }
}

interface CompiledRegex {
  readonly regex: RegExp;
  /** The pattern was lower-cased for (?i): test lower-cased values. */
  readonly ignoreCase: boolean;
}

let linearEngine = false;

/**
 * Compiles a `$regex` for V8's linear-time engine, so no pattern can stall the network with catastrophic
 * backtracking (CouchDB's PCRE has a match limit instead). PCRE's leading inline flags (`(?i)`, `(?ms)`) become
 * flags; that engine has no case-insensitive mode, so `(?i)` lower-cases the pattern's literals and the values.
 */
function compileRegex(pattern: string): CompiledRegex {
  if (!linearEngine) {
    // Only makes the 'l' (linear) RegExp flag available; no other regular expression changes.
    setFlagsFromString('--enable-experimental-regexp-engine');
    linearEngine = true;
  }
  const inline = /^\(\?([ims]+)\)/.exec(pattern);
  const ignoreCase = inline?.[1].includes('i') ?? false;
  const flags = (inline?.[1] ?? '').replace('i', '');
  const body = inline ? pattern.slice(inline[0].length) : pattern;
  const source = ignoreCase ? lowerCaseLiterals(body) : body;
  try {
    new RegExp(source, flags);
  } catch {
    return badArg('$regex', pattern);
  }
  try {
    return { regex: new RegExp(source, `${flags}l`), ignoreCase };
  } catch {
    throw new RichQueryError(
      `$regex ${shown(pattern)} cannot run in linear time, which the dev network requires: back-references, look-around and long counted repetitions are not supported`,
    );
  }
}

/** Lower-cases a pattern's literal characters, leaving escapes (\\D, \\p{..}, \\u00C0, ...) as they are. */
function lowerCaseLiterals(pattern: string): string {
  let result = '';
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] !== '\\') {
      result += pattern[i].toLowerCase();
      continue;
    }
    const escape =
      /^\\(?:[pPk][{<][^}>]*[}>]|u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|c[A-Za-z]|[\s\S])?/.exec(
        pattern.slice(i),
      )![0];
    result += escape;
    i += escape.length - 1;
  }
  return result;
}

function fields(selector: JsonObject, path: string): JsonObject {
  const keys = Object.keys(selector);
  if (keys.length === 0) {
    if (path === '') return {};
    throw new CouchDbError('bad_field', `Invalid field normalization on selector: ${shown({ [path]: {} })}`);
  }
  const [key] = keys;
  const arg = selector[key];
  if (key === '$and' || key === '$or' || key === '$nor') {
    return { [key]: (arg as JsonObject[]).map((sub) => fields(sub, path)) };
  }
  if (key === '$not') return { $not: fields(arg as JsonObject, path) };
  if (SUB_SELECTORS.has(key)) return { [path]: { [key]: fields(arg as JsonObject, '') } };
  if (key.startsWith('$')) return { [path]: selector };
  return fields(arg as JsonObject, path === '' ? key : `${path}.${key}`);
}

function negations(selector: JsonObject): JsonObject {
  const [key] = Object.keys(selector);
  const arg = selector[key];
  switch (key) {
    case '$not':
      return negate(arg as JsonObject);
    case '$nor':
      return { $and: (arg as JsonObject[]).map(negate) };
    case '$and':
    case '$or':
      return { [key]: (arg as JsonObject[]).map(negations) };
    default:
      return selector;
  }
}

function negate(selector: JsonObject): JsonObject {
  const [key] = Object.keys(selector);
  if (key === undefined) throw new CouchDbError('bad_arg', 'Bad argument for operator $not: {}');
  const arg = selector[key];
  switch (key) {
    case '$not':
      return negations(arg as JsonObject);
    case '$nor':
      return { $or: (arg as JsonObject[]).map(negations) };
    case '$and':
      return { $or: (arg as JsonObject[]).map(negate) };
    case '$or':
      return { $and: (arg as JsonObject[]).map(negate) };
    case '$exists':
      return { $exists: !arg };
    default:
      if (Object.hasOwn(NEGATED, key)) return { [NEGATED[key]]: arg };
      if (key.startsWith('$')) return { $not: selector };
      return { [key]: negate(arg as JsonObject) };
  }
}

const parsedFields = new Map<string, readonly string[]>();
const PARSED_FIELDS_LIMIT = 4096;

/** A field name as a path (mango_util:parse_field): dots separate, `\\.` is a literal dot. */
export function parseField(field: string): readonly string[] {
  const cached = parsedFields.get(field);
  if (cached) return cached;
  const parts = field.includes('\\')
    ? field.split(/(?<!\\)\./).map((part) => (part === '' ? part : part.replace(/\\/g, '')))
    : field.split('.');
  if (parts.includes('')) throw new CouchDbError('invalid_field_name', `Invalid field name: ${shown(field)}`);
  if (parsedFields.size >= PARSED_FIELDS_LIMIT) parsedFields.clear();
  parsedFields.set(field, parts);
  return parts;
}

const NOT_FOUND = Symbol('not_found');
const BAD_PATH = Symbol('bad_path');

/** A field's value (mango_doc:get_field): object keys, or array indexes for numeric path parts. */
export function getField(value: JsonValue, path: readonly string[]): JsonValue | typeof NOT_FOUND | typeof BAD_PATH {
  let current = value;
  for (const part of path) {
    if (isJsonObject(current)) {
      if (!Object.hasOwn(current, part)) return NOT_FOUND;
      current = current[part];
    } else if (Array.isArray(current)) {
      if (!/^-?\d+$/.test(part)) return BAD_PATH;
      const index = Number(part);
      if (index < 0 || index >= current.length) return BAD_PATH;
      current = current[index];
    } else {
      return BAD_PATH;
    }
  }
  return current;
}

/** True when the document matches the normalized selector, with CouchDB's semantics (mango_selector:match). */
export function matches(selector: NormalSelector, doc: JsonObject): boolean {
  return Object.keys(selector).length === 0 || match(selector, doc);
}

function match(selector: JsonObject, value: JsonValue): boolean {
  const [key] = Object.keys(selector);
  const arg = selector[key];
  switch (key) {
    case '$and':
      return (arg as JsonObject[]).every((sub) => match(sub, value));
    case '$or':
      return (arg as JsonObject[]).length === 0 || (arg as JsonObject[]).some((sub) => match(sub, value));
    case '$nor':
      return !(arg as JsonObject[]).some((sub) => match(sub, value));
    case '$not':
      return !match(arg as JsonObject, value);
    case '$elemMatch':
      return Array.isArray(value) && value.some((element) => match(arg as JsonObject, element));
    case '$allMatch':
      return Array.isArray(value) && value.length > 0 && value.every((element) => match(arg as JsonObject, element));
    case '$keyMapMatch':
      return isJsonObject(value) && Object.keys(value).some((field) => match(arg as JsonObject, field));
    case '$regex':
      return typeof value === 'string' && testRegex(regexes.get(selector)!, value);
    case '':
      return match(arg as JsonObject, value);
    case undefined:
      return true; // an empty sub-selector
    default:
      if (key.startsWith('$')) return condition(selector, key, arg, value);
      return fieldMatch(key, arg as JsonObject, value);
  }
}

function testRegex({ regex, ignoreCase }: CompiledRegex, value: string): boolean {
  return regex.test(ignoreCase ? value.toLowerCase() : value);
}

function fieldMatch(field: string, condition: JsonObject, value: JsonValue): boolean {
  const found = getField(value, parseField(field));
  if (found === NOT_FOUND) return Object.keys(condition)[0] === '$exists' && condition.$exists === false;
  if (found === BAD_PATH) return false;
  if (field === '_id') return idCondition(condition, found);
  return match(condition, found);
}

/** `_id` compares as raw bytes in CouchDB; its values are strings, so only range operators differ. */
function idCondition(condition: JsonObject, value: JsonValue): boolean {
  const [op] = Object.keys(condition);
  const arg = condition[op];
  if (typeof value === 'string' && typeof arg === 'string' && COMPARISON.has(op)) {
    const order = collate(value, arg, rawOrder);
    return { $lt: order < 0, $lte: order <= 0, $eq: order === 0, $ne: order !== 0, $gte: order >= 0, $gt: order > 0 }[
      op as '$lt'
    ];
  }
  return match(condition, value);
}

/**
 * One condition on a value, evaluated by pouchdb-selector-core (PouchDB's Mango implementation) with three
 * corrections where it departs from CouchDB: `$in`/`$nin` treat a null value like any other, `$all: []` matches
 * nothing, and `$all: [[...]]` also matches an equal array.
 */
function condition(node: JsonObject, op: string, arg: JsonValue, value: JsonValue): boolean {
  if (!LIBRARY_CONDITIONS.has(op)) throw new CouchDbError('invalid_operator', `Invalid operator: ${op}`);
  if (value === null && (op === '$in' || op === '$nin')) {
    const listed = (arg as JsonValue[]).some((candidate) => candidate === null);
    return op === '$in' ? listed : !listed;
  }
  if (op === '$all') {
    const args = arg as JsonValue[];
    if (args.length === 0) return false;
    if (args.length === 1 && Array.isArray(args[0]) && collate(args[0], value) === 0) return true;
  }
  let librarySelector = librarySelectors.get(node);
  if (!librarySelector) {
    librarySelector = { v: { [op]: op === '$ne' ? [arg] : arg } };
    librarySelectors.set(node, librarySelector);
  }
  return rowFilter({ v: value }, librarySelector, FIELD);
}

/** Each condition as pouchdb-selector-core takes it: on a field `v` of a one-field document holding the value. */
const librarySelectors = new WeakMap<JsonObject, Record<string, unknown>>();
const FIELD = ['v'];

/** Fields the selector requires to exist (mango_selector:has_required_fields): all of `required` covered? */
export function hasRequiredFields(selector: NormalSelector, required: readonly string[]): boolean {
  return remainder([selector], [...required]).length === 0;
}

function remainder(selectors: readonly JsonObject[], required: string[]): string[] {
  let left = required;
  for (const selector of selectors) {
    if (left.length === 0) return left;
    const [key] = Object.keys(selector);
    if (key === undefined) continue;
    const arg = selector[key];
    if (key === '$and') {
      left = remainder(arg as JsonObject[], left);
    } else if (key === '$or') {
      left = [...new Set((arg as JsonObject[]).flatMap((sub) => remainder([sub], left)))].sort();
    } else {
      const cond = arg as JsonObject;
      const existsFalse = isJsonObject(cond) && Object.keys(cond)[0] === '$exists' && cond.$exists === false;
      if (!existsFalse) left = left.filter((field) => field !== key);
    }
  }
  return left;
}

/** True when the selector pins `field` to one value with `$eq` (mango_selector:is_constant_field). */
export function isConstantField(selector: NormalSelector, field: string): boolean {
  const [key] = Object.keys(selector);
  if (key === undefined) return false;
  if (key === '$and') return (selector.$and as JsonObject[]).some((sub) => isConstantField(sub, field));
  if (key !== field) return false;
  return Object.keys(selector[key] as JsonObject)[0] === '$eq';
}

/** Fields with a range condition an index can use (mango_idx_view:indexable_fields), sorted. */
export function indexableFields(selector: NormalSelector): string[] {
  const [key] = Object.keys(selector);
  if (key === undefined) return [];
  if (key === '$and') return [...new Set((selector.$and as JsonObject[]).flatMap(indexableFields))].sort();
  if (key.startsWith('$')) return [];
  const [op] = Object.keys(selector[key] as JsonObject);
  return ['$lt', '$lte', '$eq', '$gt', '$gte'].includes(op) ? [key] : [];
}
