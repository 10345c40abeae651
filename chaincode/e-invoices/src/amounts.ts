import { ValidationError, type ValidationIssue } from '@scenechain/scene-kit';

/** VAT rates in percent (13, 9, 6 general; 5, 3, 1 simplified levy; 0 exempt or zero-rated). */
export const taxRates = [13, 9, 6, 5, 3, 1, 0] as const;

/** What an invoice states about its amounts, all integers in fen (分), negative on a red-letter invoice. */
export interface Amounts {
  readonly lines: readonly { readonly amount: number; readonly taxRate: number; readonly tax: number }[];
  readonly totalAmount: number;
  readonly totalTax: number;
  readonly total: number;
}

/** A line's VAT: amount × rate, rounded half away from zero to a fen, in integers only (no float drift). */
export function lineTax(amount: number, taxRate: number): number {
  return Math.sign(amount) * Math.floor((Math.abs(amount) * taxRate + 50) / 100);
}

/**
 * Refuses (INVALID_ARGUMENT, naming each field) an invoice whose figures disagree: a line's sign (positive on a
 * blue invoice, negative on a red-letter one), its tax, the totals of amounts and tax, and 价税合计 (their sum).
 */
export function checkAmounts(invoice: Amounts, sign: 1 | -1): void {
  const issues: ValidationIssue[] = [];
  const expect = (path: string, stated: number, computed: number, how: string) => {
    if (stated !== computed) issues.push({ path, message: `is ${stated}, must be ${computed} fen (${how})` });
  };
  for (const [at, { amount, taxRate, tax }] of invoice.lines.entries()) {
    if (Math.sign(amount) !== sign) {
      const message = sign > 0 ? 'must be positive on an invoice' : 'must be negative on a red-letter invoice';
      issues.push({ path: `lines.${at}.amount`, message });
    }
    expect(`lines.${at}.tax`, tax, lineTax(amount, taxRate), `${amount} × ${taxRate}%, rounded to a fen`);
  }
  const sum = (field: 'amount' | 'tax') => invoice.lines.reduce((total, line) => total + line[field], 0);
  expect('totalAmount', invoice.totalAmount, sum('amount'), 'the sum of the line amounts');
  expect('totalTax', invoice.totalTax, sum('tax'), 'the sum of the line taxes');
  expect('total', invoice.total, invoice.totalAmount + invoice.totalTax, 'totalAmount + totalTax');
  if (issues.length === 0) return;
  throw new ValidationError(`invalid amounts: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, issues);
}
