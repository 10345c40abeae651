import { createHash } from 'node:crypto';

/** SHA-256 over the concatenated envelope bytes of BlockData (Fabric's data hash, width MaxUint32). */
export function blockDataHash(envelopes: readonly Uint8Array[]): Uint8Array {
  const hash = createHash('sha256');
  for (const envelope of envelopes) hash.update(envelope);
  return hash.digest();
}
