import { addMonths } from '@scenechain/scene-kit';

/** Months from filing after which the office publishes an application without a request. */
export const PUBLICATION_MONTHS = 18;
/** Term of a patent from filing. */
export const TERM_YEARS = 20;
/** Months after the end of the paid year during which the fee may still be paid. */
export const FEE_GRACE_MONTHS = 6;

export function publicationDueAt(filedAt: string): string {
  return addMonths(filedAt, PUBLICATION_MONTHS);
}

export function expiryOf(filedAt: string): string {
  return addMonths(filedAt, TERM_YEARS * 12);
}

export function graceEndsAt(feesPaidUntil: string): string {
  return addMonths(feesPaidUntil, FEE_GRACE_MONTHS);
}
