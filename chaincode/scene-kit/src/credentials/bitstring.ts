import { createHash } from 'node:crypto';

/**
 * Entries of one status list: 16 KiB of bits, the smallest list the W3C Bitstring Status List allows, so a
 * verifier fetching a list learns nothing about which of many credentials it checks.
 */
export const STATUS_LIST_SIZE = 131_072;

export const statusPurposes = ['revocation', 'suspension'] as const;
export type StatusPurpose = (typeof statusPurposes)[number];

/** Where a credential's status entry lives: the issuer's `n`-th status slot is entry `n % SIZE` of list `n / SIZE`. */
export function statusSlot(slot: number): { list: number; index: number } {
  return { list: Math.floor(slot / STATUS_LIST_SIZE), index: slot % STATUS_LIST_SIZE };
}

/** The list's bits, the first entry in the most significant bit of the first byte (the standard's order). */
export function bitstringOf(setIndices: readonly number[]): Buffer {
  const bits = Buffer.alloc(STATUS_LIST_SIZE / 8);
  for (const index of setIndices) bits[index >> 3] |= 0x80 >> (index & 7);
  return bits;
}

/** Whether entry `index` of an (uncompressed) bitstring is set. */
export function bitAt(bits: Uint8Array, index: number): boolean {
  return (bits[index >> 3] & (0x80 >> (index & 7))) !== 0;
}

/** SHA-256 (hex) of the uncompressed bitstring: the list's state anchored on the ledger (gzip output may vary). */
export function bitstringSha256(bits: Uint8Array): string {
  return createHash('sha256').update(bits).digest('hex');
}
