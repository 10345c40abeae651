import { t } from '../i18n.js';

/**
 * Values a form proposes from the record it acts on, each with the reason shown beside it. Only rules whose
 * fields both the request and the record have apply, so a scenario gets them by naming its fields alike.
 */
const RULES = [
  {
    // Annual fees: the next unpaid year (fees are paid year by year; year 1 comes with the grant).
    field: 'year',
    applies: (data) => Number.isInteger(data.feeYearsPaid),
    value: (data) => data.feeYearsPaid + 1,
    why: (data) => t('forms:defaults.nextFeeYear', { paid: data.feeYearsPaid, next: data.feeYearsPaid + 1 }),
  },
];

/** Whether any rule could propose a value for this request (so the record is worth reading). */
export function mayPropose(schema) {
  return RULES.some((rule) => Object.hasOwn(schema.properties ?? {}, rule.field));
}

/** `[{ field, value, why }]` for the request fields of `schema`, from the record's data. */
export function recordDefaults(schema, data) {
  const fields = schema.properties ?? {};
  return RULES.filter((rule) => Object.hasOwn(fields, rule.field) && data && rule.applies(data))
    .map((rule) => ({ field: rule.field, value: rule.value(data), why: rule.why(data) }))
    .filter(({ field, value }) => !(fields[field].maximum < value)); // none left to propose past the term
}
