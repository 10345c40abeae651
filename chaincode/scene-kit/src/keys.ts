import { InternalError } from './errors';

/**
 * Composite keys in Fabric's own layout (`\u0000type\u0000attr1\u0000attr2\u0000`), built here as pure
 * functions so key design can be unit-tested without a stub. The peer compares keys as UTF-8 bytes; the only
 * characters that would break ordering or splitting are U+0000 and U+10FFFF, so they are refused, as are lone
 * surrogates (they have no UTF-8 form).
 */
const SEPARATOR = '\u0000';
const MAX_CODE_POINT = '\u{10FFFF}';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export interface SplitKey {
  readonly objectType: string;
  readonly attributes: readonly string[];
}

export function compositeKey(objectType: string, attributes: readonly string[]): string {
  checkPart(objectType, 'object type');
  if (objectType.length === 0) throw new InternalError('composite key: empty object type');
  let key = SEPARATOR + objectType + SEPARATOR;
  for (const attribute of attributes) {
    checkPart(attribute, 'attribute');
    key += attribute + SEPARATOR;
  }
  return key;
}

export function splitCompositeKey(key: string): SplitKey {
  if (!key.startsWith(SEPARATOR) || !key.endsWith(SEPARATOR)) {
    throw new InternalError(`not a composite key: ${JSON.stringify(key)}`);
  }
  const parts = key.slice(1, -1).split(SEPARATOR);
  return { objectType: parts[0], attributes: parts.slice(1) };
}

/** The half-open range [start, end) holding every key that extends the partial key. */
export function partialKeyRange(objectType: string, attributes: readonly string[]): { start: string; end: string } {
  const start = compositeKey(objectType, attributes);
  return { start, end: start + MAX_CODE_POINT };
}

function checkPart(part: string, what: string): void {
  if (part.includes(SEPARATOR) || part.includes(MAX_CODE_POINT) || LONE_SURROGATE.test(part)) {
    throw new InternalError(`composite key ${what} ${JSON.stringify(part)} holds a reserved or ill-formed character`);
  }
}

/**
 * Orders keys as the peer does, by their UTF-8 bytes (that is, by code point). JavaScript's `<` compares UTF-16
 * code units, which puts characters above U+FFFF (surrogate pairs) before U+E000..U+FFFF; UTF-8 puts them after.
 */
export function compareKeys(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xSurrogate = x >= 0xd800 && x <= 0xdfff;
    const ySurrogate = y >= 0xd800 && y <= 0xdfff;
    if (xSurrogate !== ySurrogate) return xSurrogate ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}
