import type { ChaincodeStub } from 'fabric-shim';

/** A point in time as the ledger records it: ISO 8601 UTC text and milliseconds since the epoch. */
export interface Instant {
  readonly iso: string;
  readonly ms: number;
}

/**
 * The transaction's time: the timestamp the client put in the proposal header, identical on every endorser.
 * Millisecond precision, the precision of the ISO text stored on the ledger.
 */
export function transactionInstant(stub: Pick<ChaincodeStub, 'getTxTimestamp'>): Instant {
  const { seconds, nanos } = stub.getTxTimestamp();
  const wholeSeconds = typeof seconds === 'number' ? seconds : seconds.toNumber();
  return instantOf(wholeSeconds * 1000 + Math.floor(nanos / 1_000_000));
}

export function instantOf(ms: number): Instant {
  return { iso: new Date(ms).toISOString(), ms };
}

/** Parses ISO 8601 text (already validated) into milliseconds. */
export function msOf(iso: string): number {
  return Date.parse(iso);
}

const DAY_MS = 86_400_000;

/** Adds calendar months in UTC, clamping to the month's last day (31 January + 1 month = 28/29 February). */
export function addMonths(iso: string, months: number): string {
  const date = new Date(Date.parse(iso));
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, lastDay));
  return date.toISOString();
}

export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * DAY_MS).toISOString();
}
