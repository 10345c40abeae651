import { verify, type KeyObject } from 'node:crypto';
import { isCanonicalSignature } from './ecdsa-signature';
import type { NodeOU } from './node-ou';

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

export class X509Identity implements Identity {
  constructor(
    readonly mspId: string,
    readonly role: NodeOU,
    readonly certPem: string,
    readonly serialized: Uint8Array,
    readonly id: string,
    private readonly publicKey: KeyObject,
  ) {}

  verify(message: Uint8Array, signature: Uint8Array): boolean {
    return isCanonicalSignature(signature) && verify('sha256', message, this.publicKey, signature);
  }
}
