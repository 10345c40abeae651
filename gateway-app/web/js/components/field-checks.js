/** Checks a form value against its JSON Schema before any request, in words a user understands. */
const TEXT = {
  required: 'Please fill this in.',
  requiredList: 'Please add at least one entry.',
  notNumber: 'Please enter a number.',
  notWhole: 'Please enter a whole number.',
  atLeast: (n) => `Must be at least ${n}.`,
  above: (n) => `Must be more than ${n}.`,
  atMost: (n) => `Must be at most ${n}.`,
  tooShort: (n) => `Must have at least ${n} characters.`,
  tooLong: (n, got) => `Must have at most ${n} characters (this has ${got}).`,
  pattern: (example) => (example ? `Not in the expected form, for example ${example}.` : 'Not in the expected form.'),
  identifier: 'Use letters, digits and . _ : / - only, without spaces, starting with a letter or digit.',
  hash: (got) =>
    `A SHA-256 fingerprint has exactly 64 characters, digits 0-9 and letters a-f${got ? ` (${got})` : ''}.`,
  fewItems: (n) => `Please add at least ${n} entries.`,
  manyItems: (n) => `At most ${n} entries are allowed.`,
  duplicate: (v) => `${v} is listed twice.`,
  entry: (n, message) => `Entry ${n}: ${message.charAt(0).toLowerCase()}${message.slice(1)}`,
  notJson: 'This is not valid JSON: check the brackets, quotes and commas.',
};

/** What a mistyped digest gets wrong, or null when it is 64 hex digits (either case). */
export function digestProblem(text) {
  const value = String(text ?? '').trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return null;
  const wrong = [...new Set(value.replace(/[0-9a-fA-F]/g, ''))];
  // A few stray characters are a typo worth naming; many mean this is not a fingerprint at all.
  if (wrong.length && wrong.length <= 3)
    return TEXT.hash(`these do not belong: ${wrong.map((c) => (/\s/.test(c) ? 'a space' : `“${c}”`)).join(', ')}`);
  return TEXT.hash(value.length ? `this has ${value.length}` : '');
}

/** The record identifiers' pattern (the kit's `identifier`), explained rather than shown by example. */
const IDENTIFIER = '^[A-Za-z0-9][A-Za-z0-9._:/-]*$';
/** Examples for the other patterns the scenarios use (the schemas' own examples are generic placeholders). */
const EXAMPLES = {
  '^[A-H]\\d{2}[A-Z] \\d{1,4}\\/\\d{2,6}$': 'A61K 31/00',
  '^([A-Z]{2}|WORLD)$': 'CN or WORLD',
};

function patternMessage(pattern) {
  return pattern === IDENTIFIER ? TEXT.identifier : TEXT.pattern(EXAMPLES[pattern]);
}

function scalarProblem(value, schema, isHash) {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return TEXT.notNumber;
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (types.includes('integer') && !Number.isInteger(value)) return TEXT.notWhole;
    if (schema.minimum !== undefined && value < schema.minimum) return TEXT.atLeast(schema.minimum);
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum)
      return TEXT.above(schema.exclusiveMinimum);
    if (schema.maximum !== undefined && schema.maximum < 1e15 && value > schema.maximum)
      return TEXT.atMost(schema.maximum);
    return null;
  }
  if (typeof value !== 'string') return null;
  if (isHash && digestProblem(value)) return digestProblem(value);
  if (schema.minLength !== undefined && value.length < schema.minLength) return TEXT.tooShort(schema.minLength);
  if (schema.maxLength !== undefined && value.length > schema.maxLength)
    return TEXT.tooLong(schema.maxLength, value.length);
  if (schema.pattern && !isHash && !new RegExp(schema.pattern, 'u').test(value)) return patternMessage(schema.pattern);
  return null;
}

/** The first problem with a field's value, or null. `value` undefined means left empty. */
export function checkValue(value, schema, required, isHash = false) {
  if (value === undefined || value === '') return required ? TEXT.required : null;
  if (value && typeof value === 'object' && value.invalidJson) return TEXT.notJson;
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems)
      return schema.minItems === 1 ? TEXT.requiredList : TEXT.fewItems(schema.minItems);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) return TEXT.manyItems(schema.maxItems);
    if (schema.items && typeof value[0] !== 'object') {
      for (const [i, item] of value.entries()) {
        const problem = scalarProblem(item, schema.items, false);
        if (problem) return TEXT.entry(i + 1, problem);
      }
      if (schema.uniqueItems) {
        const seen = value.find((v, i) => value.indexOf(v) !== i);
        if (seen !== undefined) return TEXT.duplicate(seen);
      }
    }
    return null;
  }
  return scalarProblem(value, schema, isHash);
}
