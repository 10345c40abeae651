import { t } from '../i18n.js';

/** Checks a form value against its JSON Schema before any request, in words a user understands (forms:check.*). */
const say = (key, values) => t(`forms:check.${key}`, values);

/** What a mistyped digest gets wrong, or null when it is 64 hex digits (either case). */
export function digestProblem(text) {
  const value = String(text ?? '').trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return null;
  const wrong = [...new Set(value.replace(/[0-9a-fA-F]/g, ''))];
  // A few stray characters are a typo worth naming; many mean this is not a fingerprint at all.
  if (wrong.length && wrong.length <= 3) {
    const chars = wrong.map((c) => (/\s/.test(c) ? say('aSpace') : say('quoted', { c }))).join(say('listSeparator'));
    return say('hashStray', { chars });
  }
  return value.length ? say('hashLength', { got: value.length }) : say('hash');
}

/** The record identifiers' pattern (the kit's `identifier`), explained rather than shown by example. */
const IDENTIFIER = '^[A-Za-z0-9][A-Za-z0-9._:/-]*$';
/** Examples for the other patterns the scenarios use (the schemas' own examples are generic placeholders). */
const EXAMPLES = {
  '^[A-H]\\d{2}[A-Z] \\d{1,4}\\/\\d{2,6}$': 'A61K 31/00',
  '^([A-Z]{2}|WORLD)$': 'CN, WORLD',
  '^[A-Z]{3}$': 'CNY',
  '^[A-Za-z][A-Za-z0-9.-]*$': 'LogisticsMSP',
};

function patternMessage(pattern) {
  if (pattern === IDENTIFIER) return say('identifier');
  return EXAMPLES[pattern] ? say('patternExample', { example: EXAMPLES[pattern] }) : say('pattern');
}

function scalarProblem(value, schema, isHash) {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return say('notNumber');
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (types.includes('integer') && !Number.isInteger(value)) return say('notWhole');
    // OpenAPI 3.0 writes an exclusive minimum as `minimum` plus `exclusiveMinimum: true`.
    if (schema.exclusiveMinimum === true && schema.minimum !== undefined && value <= schema.minimum)
      return say('above', { n: schema.minimum });
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum)
      return say('above', { n: schema.exclusiveMinimum });
    if (schema.minimum !== undefined && value < schema.minimum) return say('atLeast', { n: schema.minimum });
    if (schema.maximum !== undefined && schema.maximum < 1e15 && value > schema.maximum)
      return say('atMost', { n: schema.maximum });
    return null;
  }
  if (typeof value !== 'string') return null;
  if (isHash && digestProblem(value)) return digestProblem(value);
  if (schema.minLength !== undefined && value.length < schema.minLength)
    return say('tooShort', { n: schema.minLength });
  if (schema.maxLength !== undefined && value.length > schema.maxLength)
    return say('tooLong', { n: schema.maxLength, got: value.length });
  if (schema.pattern && !isHash && !new RegExp(schema.pattern, 'u').test(value)) return patternMessage(schema.pattern);
  return null;
}

/** The first problem with a field's value, or null. `value` undefined means left empty. */
export function checkValue(value, schema, required, isHash = false) {
  if (value === undefined || value === '') return required ? say('required') : null;
  if (value && typeof value === 'object' && value.invalidJson) return say('notJson');
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems)
      return schema.minItems === 1 ? say('requiredList') : say('fewItems', { n: schema.minItems });
    if (schema.maxItems !== undefined && value.length > schema.maxItems)
      return say('manyItems', { n: schema.maxItems });
    if (schema.items && typeof value[0] !== 'object') {
      for (const [i, item] of value.entries()) {
        const problem = scalarProblem(item, schema.items, false);
        if (problem) return say('entry', { n: i + 1, message: lowerFirst(problem) });
      }
      if (schema.uniqueItems) {
        const seen = value.find((v, i) => value.indexOf(v) !== i);
        if (seen !== undefined) return say('duplicate', { value: seen });
      }
    }
    return null;
  }
  return scalarProblem(value, schema, isHash);
}

/** A message inside a sentence ("Entry 2: use letters…"); Chinese has no case, so it is left as is. */
function lowerFirst(message) {
  return /^[A-Z][a-z]/.test(message) ? `${message.charAt(0).toLowerCase()}${message.slice(1)}` : message;
}
