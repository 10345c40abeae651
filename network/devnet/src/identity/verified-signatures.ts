import { createHash } from 'node:crypto';

/**
 * Signatures this process has already verified. The dev network's orderer and peers share one process, so one
 * signature can reach several checks: a transaction's is verified when the orderer admits it and again when the
 * committer validates its block. Fabric's separate processes each verify it; here the first check verifies and the
 * later ones reuse its answer. Only successes are kept, keyed by the public key, SHA-256 of the message and the
 * exact signature bytes, so any changed byte is verified afresh.
 */
export class VerifiedSignatures {
  readonly #seen = new Map<string, true>();

  constructor(private readonly capacity: number) {}

  /** The memo key of `signature` over `message` by the public key whose fingerprint is `signer`. */
  key(signer: string, message: Uint8Array, signature: Uint8Array): string {
    const digest = createHash('sha256').update(message).digest('base64');
    return `${signer}:${Buffer.from(signature.buffer, signature.byteOffset, signature.byteLength).toString('base64')}:${digest}`;
  }

  has(key: string): boolean {
    return this.#seen.has(key);
  }

  add(key: string): void {
    // Oldest first out: a signature is re-checked within one transaction's life, well inside the capacity.
    if (this.#seen.size >= this.capacity) this.#seen.delete(this.#seen.keys().next().value as string);
    this.#seen.set(key, true);
  }
}
