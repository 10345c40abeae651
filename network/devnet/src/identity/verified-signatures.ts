import { createHash } from 'node:crypto';

/**
 * Signatures this process has already verified. Both peers and the orderer of the dev network share one process
 * and one validated identity per certificate, so the same signature reaches several checks: a proposal at each
 * endorsing peer, a transaction at the orderer and then at every committing peer. Fabric's separate processes each
 * verify it; here the first check verifies and the others reuse its answer. Only successes are kept, keyed by the
 * public key, SHA-256 of the message and the exact signature bytes, so any changed byte is verified afresh.
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
