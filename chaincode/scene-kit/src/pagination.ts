import { ValidationError } from './errors';

/** One page of a list: the items, and the bookmark to pass for the next page (empty when this is the last). */
export interface Page<T> {
  readonly items: readonly T[];
  readonly bookmark: string;
}

export interface PageRequest {
  readonly pageSize: number;
  readonly bookmark: string;
}

/**
 * For lists the chaincode computes rather than reads from an index (history, traces), the bookmark is the
 * number of items already returned: empty for the first page, else a positive whole number.
 */
export function offsetOf(bookmark: string, what: string): number {
  if (bookmark === '') return 0;
  if (!/^[1-9]\d{0,8}$/.test(bookmark)) throw new ValidationError(`bookmark does not belong to this ${what}`);
  return Number(bookmark);
}
