import { DER } from '@noble/curves/abstract/weierstrass';
import { p256 } from '@noble/curves/nist';

const curveOrder = p256.Point.Fn.ORDER;
const halfOrder = curveOrder >> 1n;

/**
 * Rewrites a DER ECDSA P-256 signature to its low-S form (s <= n/2), the only form Fabric accepts;
 * node:crypto produces high-S signatures about half the time.
 */
export function toLowS(der: Uint8Array): Uint8Array {
  const signature = p256.Signature.fromBytes(der, 'der');
  if (signature.s <= halfOrder) return der;
  return new p256.Signature(signature.r, curveOrder - signature.s).toBytes('der');
}

/**
 * Whether `der` is a strictly DER-encoded P-256 signature with r, s in range and s <= n/2, as Fabric
 * requires before it verifies anything.
 */
export function isCanonicalSignature(der: Uint8Array): boolean {
  try {
    return p256.Signature.fromBytes(der, 'der').s <= halfOrder;
  } catch {
    return false;
  }
}

/**
 * Whether `der` is a strictly DER-encoded ECDSA signature on any curve: Fabric refuses identities whose
 * certificate signature is not (MSP IsWellFormed), since a re-encoding would change the identity bytes.
 */
export function isStrictDerSignature(der: Uint8Array): boolean {
  try {
    DER.toSig(der);
    return true;
  } catch {
    return false;
  }
}
