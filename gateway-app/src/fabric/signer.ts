import { createPrivateKey, sign } from 'node:crypto';
import type { Signer } from '@hyperledger/fabric-gateway';

/** Group order of each curve Fabric identities use, by OpenSSL's curve name. */
const CURVE_ORDERS: Readonly<Record<string, bigint>> = {
  prime256v1: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  secp384r1: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
};

/** A DER INTEGER of a non-negative value: big-endian, minimal, with a 0 byte before a high first bit. */
function derInteger(bytes: Uint8Array): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const digits = Buffer.from(bytes.subarray(start));
  const body = digits[0] & 0x80 ? Buffer.concat([Buffer.of(0), digits]) : digits;
  return Buffer.concat([Buffer.of(0x02, body.length), body]);
}

/** Length octets of DER (short form below 128, else one length byte: signatures stay far below 256 bytes). */
function derLength(length: number): Buffer {
  return length < 0x80 ? Buffer.of(length) : Buffer.of(0x81, length);
}

function toBytes(value: bigint, size: number): Uint8Array {
  return Buffer.from(value.toString(16).padStart(size * 2, '0'), 'hex');
}

/**
 * A fabric-gateway signer on node:crypto (several times cheaper than the gateway's pure-JS signer) that answers
 * the low-S DER signature Fabric requires (node:crypto gives a high S about half the time). It is paired with
 * `hash.none`: it receives the message and hashes it itself, SHA-256 as Fabric's default MSP does.
 */
export function nodeCryptoSigner(keyPem: string): Signer {
  const key = createPrivateKey(keyPem);
  const curve = key.asymmetricKeyType === 'ec' ? key.asymmetricKeyDetails?.namedCurve : undefined;
  const order = curve === undefined ? undefined : CURVE_ORDERS[curve];
  if (order === undefined) {
    throw new Error(
      `the identity's private key is ${key.asymmetricKeyType ?? 'of an unknown type'}${curve ? ` on ${curve}` : ''}; Fabric identities need an ECDSA key on P-256 or P-384`,
    );
  }
  const size = curve === 'prime256v1' ? 32 : 48;
  return async (message: Uint8Array) => {
    // IEEE P1363 gives r and s as fixed-size integers, so s is normalised without parsing DER.
    const raw = sign('sha256', message, { key, dsaEncoding: 'ieee-p1363' });
    const s = BigInt(`0x${raw.subarray(size).toString('hex')}`);
    const lowS = s > order >> 1n ? toBytes(order - s, size) : raw.subarray(size);
    const body = Buffer.concat([derInteger(raw.subarray(0, size)), derInteger(lowS)]);
    return Buffer.concat([Buffer.of(0x30), derLength(body.length), body]);
  };
}
