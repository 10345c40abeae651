import { randomBytes } from 'node:crypto';
import { common } from '@hyperledger/fabric-protos';

/** A signing identity as Fabric's orderer uses it: serialized identity bytes and sign-over-message. */
export interface BlockSigner {
  /** msp.SerializedIdentity bytes of the signer. */
  readonly serialized: Uint8Array;
  /** Signs `message` (hashing it as the identity's scheme requires; ECDSA P-256 with SHA-256, low-S). */
  sign(message: Uint8Array): Uint8Array;
}

/** Fabric's nonce length (crypto.NonceSize in Fabric's internal packages). */
const NONCE_BYTES = 24;

/** A fresh random nonce as the orderer and configtxgen draw them (not chaincode, so randomness is fine). */
export function newNonce(): Uint8Array {
  return randomBytes(NONCE_BYTES);
}

/** Serialized common.SignatureHeader{creator, nonce}; `creator` is empty for unsigned configtxgen output. */
export function signatureHeaderBytes(creator: Uint8Array, nonce: Uint8Array = newNonce()): Uint8Array {
  const header = new common.SignatureHeader();
  header.setCreator(creator);
  header.setNonce(nonce);
  return header.serializeBinary();
}
