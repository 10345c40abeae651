import { createHash } from 'node:crypto';

/**
 * The content commitment filed instead of the specification: SHA-256 over the UTF-8 bytes of the salt (hex),
 * a line feed, and the specification text, in lower-case hex. The salt keeps a short or guessable text from
 * being found by hashing candidates; the text stays off the ledger until publication reveals text and salt.
 */
export function specificationCommitment(salt: string, specification: string): string {
  return createHash('sha256').update(`${salt}\n${specification}`, 'utf8').digest('hex');
}
