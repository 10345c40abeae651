import { createHash, verify, type KeyObject } from 'node:crypto';
import { isCanonicalSignature } from './ecdsa-signature';
import type { NodeOU } from './node-ou';
import { VerifiedSignatures } from './verified-signatures';

/** An identity a channel's MSPs accepted: who it is and how to check its signatures. */
export interface Identity {
  readonly mspId: string;
  readonly role: NodeOU;
  readonly certPem: string;
  /** The `msp.SerializedIdentity` bytes it was deserialized from. */
  readonly serialized: Uint8Array;
  /** `x509::<subject>::<issuer>`, as fabric-shim's ClientIdentity.getID() formats it. */
  readonly id: string;
  /** Whether `signature` is a canonical (strict DER, low-S) ECDSA signature of SHA-256(`message`) by this identity. */
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

/** A few seconds of transactions at full speed: each signature is re-checked within its transaction's life. */
const verified = new VerifiedSignatures(16_384);

export class X509Identity implements Identity {
  /** The public key's SHA-256, alike in every instance of one certificate (each MSP registry makes its own). */
  readonly #keyId: string;

  constructor(
    readonly mspId: string,
    readonly role: NodeOU,
    readonly certPem: string,
    readonly serialized: Uint8Array,
    readonly id: string,
    private readonly publicKey: KeyObject,
  ) {
    this.#keyId = createHash('sha256')
      .update(publicKey.export({ type: 'spki', format: 'der' }))
      .digest('base64');
  }

  verify(message: Uint8Array, signature: Uint8Array): boolean {
    const key = verified.key(this.#keyId, message, signature);
    if (verified.has(key)) return true;
    if (!isCanonicalSignature(signature) || !verify('sha256', message, this.publicKey, signature)) return false;
    verified.add(key);
    return true;
  }
}
