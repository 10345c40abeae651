import type { JsonValue } from './json-value';

/** ICU's root collation, as CouchDB's view collation (couch_ejson_compare) orders strings: 'a' < 'B' < 'b'. */
const icu = new Intl.Collator('und');

const rank = (value: JsonValue): number => {
  if (value === null) return 0;
  if (value === false) return 1;
  if (value === true) return 2;
  if (typeof value === 'number') return 3;
  if (typeof value === 'string') return 4;
  return Array.isArray(value) ? 5 : 6;
};

/**
 * CouchDB's JSON collation: null < false < true < numbers < strings < arrays < objects; arrays element by element
 * then by length; objects key/value pair by pair (in document order) then by size. `strings` orders strings:
 * ICU for view keys and selector values, raw UTF-8 bytes for document IDs.
 */
export function collate(a: JsonValue, b: JsonValue, strings: (x: string, y: string) => number = icuOrder): number {
  const ranks = rank(a) - rank(b);
  if (ranks !== 0) return Math.sign(ranks);
  if (typeof a === 'number') return Math.sign(a - (b as number));
  if (typeof a === 'string') return Math.sign(strings(a, b as string));
  if (Array.isArray(a)) {
    const other = b as JsonValue[];
    for (let i = 0; i < Math.min(a.length, other.length); i++) {
      const order = collate(a[i], other[i], strings);
      if (order !== 0) return order;
    }
    return Math.sign(a.length - other.length);
  }
  if (a === null || typeof a !== 'object') return 0;
  const left = Object.entries(a);
  const right = Object.entries(b as Record<string, JsonValue>);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const order = strings(left[i][0], right[i][0]) || collate(left[i][1], right[i][1], strings);
    if (order !== 0) return Math.sign(order);
  }
  return Math.sign(left.length - right.length);
}

export function icuOrder(a: string, b: string): number {
  return a === b ? 0 : icu.compare(a, b);
}

/** Document IDs order as raw UTF-8 bytes (CouchDB's raw collation, and the ledger's key order). */
export function rawOrder(a: string, b: string): number {
  return a === b ? 0 : Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
