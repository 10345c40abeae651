import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json';

/**
 * Additive secret sharing modulo a prime: a value v is split into n shares, n-1 of them uniformly random in
 * [0, p) and the last v minus their sum (mod p), so any n-1 shares are uniformly random and say nothing about v;
 * all n add up to v. Sums of shares add up to sums of values. Everything is BigInt, written as decimal strings,
 * so the chaincode's arithmetic is exact and deterministic.
 */

/** The Mersenne prime 2^127 - 1: large enough that a share is a uniformly random 127-bit number. */
export const SECURE_SUM_MODULUS = (1n << 127n) - 1n;

/** Largest value an org may contribute (10^24): totals of up to thousands of orgs stay far below the modulus. */
export const MAX_SECURE_SUM_VALUE = 10n ** 24n;

/** A number mod p (non-negative). */
export function mod(value: bigint, modulus: bigint): bigint {
  const rest = value % modulus;
  return rest < 0n ? rest + modulus : rest;
}

/** The sum of decimal numbers mod p. */
export function sumMod(values: readonly bigint[], modulus: bigint): bigint {
  return values.reduce((sum, value) => mod(sum + value, modulus), 0n);
}

/** A uniformly random number in [0, modulus) from a source of random bytes (rejection sampling, no bias). */
export function randomBelow(modulus: bigint, entropy: (size: number) => Uint8Array): bigint {
  const bits = modulus.toString(2).length;
  const size = Math.ceil(bits / 8);
  const excess = BigInt(size * 8 - bits);
  for (;;) {
    let candidate = 0n;
    for (const byte of entropy(size)) candidate = (candidate << 8n) | BigInt(byte);
    candidate >>= excess;
    if (candidate < modulus) return candidate;
  }
}

/**
 * Splits `value` into `count` shares mod `modulus`; `entropy` must be a cryptographic source (node:crypto's
 * randomBytes in the submitting org's app). Chaincode never splits: it must stay deterministic, and a share made
 * on an endorsing peer would be seen by that peer; the kit holds this pure function for the app and tests.
 */
export function splitIntoShares(
  value: bigint,
  count: number,
  modulus: bigint,
  entropy: (size: number) => Uint8Array,
): bigint[] {
  if (!Number.isInteger(count) || count < 2) throw new RangeError('a value is split into at least 2 shares');
  const random = Array.from({ length: count - 1 }, () => randomBelow(modulus, entropy));
  return [...random, mod(value - sumMod(random, modulus), modulus)];
}

/**
 * The public commitment to a share delivered from one org to another in a round: SHA-256 of the canonical JSON of
 * the round, both orgs and the share. A share is a uniformly random 127-bit number, so its hash cannot be
 * inverted by trying candidates; binding the round and both orgs stops a share being replayed elsewhere.
 */
export function shareCommitment(roundId: string, from: string, to: string, share: bigint): string {
  return createHash('sha256')
    .update(canonicalJson({ roundId, from, to, share: share.toString() }))
    .digest('hex');
}

/** The average of a total over `count` orgs, as a decimal string with two places (rounded down). */
export function averageOf(total: bigint, count: number): string {
  const hundredths = (total * 100n) / BigInt(count);
  const cents = (hundredths % 100n).toString().padStart(2, '0');
  return `${hundredths / 100n}.${cents}`;
}
